import type { TopicId } from '../../vocabulary/index.ts';
import { isAbusiveWord } from '../abuse/detect.ts';
import type { TopicModel, TopicScore } from '../model/classifier.ts';
import { type Token, tokenize } from '../text/features.ts';

/**
 * Several topics in one message ("one window"): the message is cut into clauses at sentence ends
 * and at joining phrases ("и заодно", "а также", "и куда …"); a clause whose own best topic is
 * confident, and which the whole message supports, adds that topic. Topics come back in the order
 * the client raised them — the dialog answers the first and offers the rest.
 */
export interface TopicRanking {
  /** Raised topics in text order, then other plausible topics by score. */
  topics: TopicScore[];
  /** How many leading entries of `topics` were raised in the message (≥ 1). */
  raised: number;
}

export interface TopicPolicy {
  /** A clause's own best topic must score at least this. */
  clauseConfidence: number;
  /** …and the whole message must give that topic at least this. */
  messageSupport: number;
  /** Below this top score nothing fits: the message is `other`. */
  otherBelow: number;
  /** Further (not raised) topics listed when they score at least this. */
  listAbove: number;
}

export const DEFAULT_TOPIC_POLICY: TopicPolicy = {
  clauseConfidence: 0.9,
  messageSupport: 0.02,
  otherBelow: 0.2,
  listAbove: 0.05,
};

const CLAUSE_BREAK =
  /[.!?;\n]+|\s+[—–-]\s+|\s+(?:и\s+|а\s+)?заодно\s+|,?\s+а\s+также\s+|,?\s+(?:и|а|но)\s+(?=(?:ещ[её]|где|куда|как|когда|сколько|можно|какие|какой|какая|скажите|подскажите|соедините|хочу|нужн[аоы]?|вчера|свет)\s)|,\s*(?=(?:можно|где|куда|как|когда|сколько|соедините|хочу)\s)/i;

export function splitClauses(text: string): string[] {
  return text
    .split(CLAUSE_BREAK)
    .map((c) => c?.trim() ?? '')
    .filter((c) => c.length > 0);
}

/** Tokens for topic scoring: obscenities and insults carry no topic, only noise, so they are dropped. */
function topicTokens(text: string): Token[] {
  return tokenize(text).filter((token) => !isAbusiveWord(token.word));
}

export function rankTopics(
  model: TopicModel,
  text: string,
  policy: TopicPolicy = DEFAULT_TOPIC_POLICY,
): TopicRanking {
  const whole = model.score(topicTokens(text));
  const wholeScore = new Map(whole.map((s) => [s.topic, s.score]));
  const best = whole[0]!;
  if (best.score < policy.otherBelow) {
    return {
      topics: [
        { topic: 'other', score: wholeScore.get('other') ?? 0 },
        ...whole.filter((s) => s.topic !== 'other').slice(0, 2),
      ],
      raised: 1,
    };
  }
  const raised: { topic: TopicId; score: number; position: number }[] = [];
  const clauses = splitClauses(text);
  if (clauses.length > 1) {
    clauses.forEach((clause, position) => {
      const tokens = topicTokens(clause);
      if (tokens.length < 2) return;
      const top = model.score(tokens)[0]!;
      const support = wholeScore.get(top.topic) ?? 0;
      if (top.topic === 'other' || top.score < policy.clauseConfidence || support < policy.messageSupport)
        return;
      if (raised.some((r) => r.topic === top.topic)) return;
      // The clause's own probability: the client asked this clearly, even if the whole message leans elsewhere.
      raised.push({ topic: top.topic, score: Math.max(support, top.score), position });
    });
  }
  if (!raised.some((r) => r.topic === best.topic))
    raised.push({ topic: best.topic, score: best.score, position: clauses.length });
  raised.sort((a, b) => a.position - b.position);
  const rest = whole.filter((s) => s.score >= policy.listAbove && !raised.some((r) => r.topic === s.topic));
  return {
    topics: [...raised.map(({ topic, score }) => ({ topic, score })), ...rest].slice(0, 5),
    raised: raised.length,
  };
}
