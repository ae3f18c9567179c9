import { abuseTokens, MASK, wordVariants } from './deobfuscate.ts';
import {
  type AbuseKind,
  INSULT_TARGETS,
  TARGETED_INSULTS,
  THREAT_PATTERNS,
  WORD_PATTERNS,
} from './lexicon.ts';

export interface AbuseVerdict {
  abusive: boolean;
  /** What was found (no words are returned: the verdict may be logged). */
  kinds: AbuseKind[];
  /** Lexicon entries that matched, e.g. ['huy', 'threat']. */
  reasons: string[];
}

// Canonical obscene words that a masked token (х*й, п**дец, б#ядь) is compared against.
const MASKED_CANON = [
  'хуй',
  'хуя',
  'хуе',
  'хуи',
  'нахуй',
  'похуй',
  'охуели',
  'пизда',
  'пиздец',
  'пизде',
  'пиздят',
  'бля',
  'блядь',
  'блять',
  'ебать',
  'ебал',
  'ебали',
  'ебаный',
  'ебанутые',
  'заебал',
  'заебали',
  'сука',
  'суки',
  'мудак',
  'гандон',
  'пидор',
  'нахер',
  'похер',
  'херня',
];

function maskedMatch(token: string): boolean {
  if (!token.includes(MASK)) return false;
  const pattern = new RegExp(`^${token.split(MASK).join('[а-я]{1,3}')}$`);
  return MASKED_CANON.some((word) => pattern.test(word));
}

function matchWord(token: string): { id: string; kind: AbuseKind } | undefined {
  if (maskedMatch(token)) return { id: 'masked', kind: 'obscenity' };
  for (const variant of wordVariants(token)) {
    for (const entry of WORD_PATTERNS) if (entry.pattern.test(variant)) return entry;
  }
  return undefined;
}

interface TokenVerdict {
  hit: { id: string; kind: AbuseKind } | undefined;
  /** The Cyrillic spelling used for phrase-level checks (insult targets, threats). */
  cyrillic: string;
}

// Token → verdict: words recur across messages, and their variants are costly to build.
const tokenCache = new Map<string, TokenVerdict>();

function verdictOf(token: string): TokenVerdict {
  let verdict = tokenCache.get(token);
  if (verdict === undefined) {
    verdict = { hit: matchWord(token), cyrillic: wordVariants(token).at(-1) ?? token };
    if (tokenCache.size < 50_000 && !/\d/.test(token)) tokenCache.set(token, verdict);
  }
  return verdict;
}

/** True for an obscene or insulting word: topic scoring ignores them (they say nothing about the topic). */
export function isAbusiveWord(word: string): boolean {
  return verdictOf(word).hit !== undefined;
}

/** Decides whether a message is abusive: obscenity, insult to staff/company/bot, or threat of violence. */
export function detectAbuse(text: string): AbuseVerdict {
  const tokens = abuseTokens(text);
  const kinds = new Set<AbuseKind>();
  const reasons = new Set<string>();
  const cyrillic: string[] = [];
  for (const token of tokens) {
    const { hit, cyrillic: spelling } = verdictOf(token);
    if (hit) {
      kinds.add(hit.kind);
      reasons.add(hit.id);
    }
    cyrillic.push(spelling);
  }
  for (let i = 0; i < cyrillic.length; i++) {
    if (!TARGETED_INSULTS.test(cyrillic[i]!)) continue;
    const near = cyrillic.slice(Math.max(0, i - 2), i + 3);
    if (near.some((word, j) => j !== Math.min(i, 2) && INSULT_TARGETS.test(word))) {
      kinds.add('insult');
      reasons.add('targeted-insult');
    }
  }
  const line = ` ${cyrillic.join(' ')} `;
  if (THREAT_PATTERNS.some((pattern) => pattern.test(line))) {
    kinds.add('threat');
    reasons.add('threat');
  }
  return { abusive: kinds.size > 0, kinds: [...kinds], reasons: [...reasons] };
}
