import type { Random } from '../model/random.ts';
import { numberToWords } from '../speak/numerals.ts';
import { digitsToWords } from '../speak/readings.ts';

/**
 * How clients really write and speak, applied to a clean template expansion: voice transcripts
 * (lowercase, no punctuation, fillers, numbers spoken) and chat messages (typos, emoji, greetings,
 * missing capitals, business-letter framing, transliteration).
 */
const VOICE_OPENERS = [
  'алло',
  'алло здравствуйте',
  'здравствуйте',
  'да здравствуйте',
  'девушка',
  'девушка здравствуйте',
  'ну',
  'эээ',
  'ээ',
  'это самое',
  'слушайте',
  'добрый день',
  'алло алло',
  'да',
  'вот',
  'здрасте',
  'мужчина',
  'молодой человек',
];
const VOICE_INNER = ['ну', 'эээ', 'это', 'вот', 'значит', 'как его', 'короче', 'там', 'ну вот'];
const VOICE_CLOSERS = ['пожалуйста', 'скажите', 'подскажите', 'вот', 'спасибо', 'помогите'];
const CHAT_GREETINGS = [
  'Здравствуйте!',
  'Здравствуйте.',
  'Добрый день!',
  'Добрый день.',
  'Добрый вечер!',
  'Доброе утро.',
  'Привет,',
  'Здрасьте,',
  'Приветствую!',
  'Здравствуйте, подскажите,',
  'Добрый день, вопрос:',
];
const CHAT_ENDINGS = [
  '?',
  '??',
  '?!',
  '.',
  '!',
  '',
  '',
  ' 🙏',
  ' 😡',
  ' 😤',
  ' 🤔',
  ' 😢',
  ')',
  ' спасибо',
  '. Спасибо!',
  ' заранее спасибо',
];
const TYPO_SWAPS: Record<string, string> = {
  о: 'а',
  а: 'о',
  е: 'и',
  и: 'е',
  т: 'д',
  с: 'з',
  ч: 'щ',
  ь: '',
  ъ: '',
  й: 'и',
};
const TRANSLIT: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'h',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'sch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
};

/** Numbers as a speech recogniser writes them: long ids digit by digit, amounts as words. */
export function speakNumbers(text: string, random: Random): string {
  return text.replace(/\d[\d\s]*(?:[.,]\d+)?/g, (match) => {
    const digits = match.replace(/\s/g, '').replace(/[.,]\d+$/, '');
    const trailingSpace = /\s$/.test(match) ? ' ' : '';
    if (digits.length >= 7 || digits.startsWith('0') || (digits.length >= 5 && random.chance(0.3))) {
      return `${digitsToWords(digits)}${trailingSpace}`;
    }
    const value = Number(digits);
    return `${value < 1e12 ? numberToWords(value) : digitsToWords(digits)}${trailingSpace}`;
  });
}

export function voiceStyle(text: string, random: Random): string {
  let out = speakNumbers(
    text
      .toLowerCase()
      .replace(/ё/g, 'е')
      .replace(/(\d)[.:/-](\d)/g, '$1 $2'),
    random,
  )
    .replace(/[^a-zа-я0-9\s-]/g, ' ')
    .replace(/\s-\s|-\s|\s-/g, ' ');
  const words = out.split(/\s+/).filter(Boolean);
  if (words.length > 3 && random.chance(0.2)) {
    words.splice(1 + random.int(words.length - 1), 0, random.pick(VOICE_INNER));
  }
  out = words.join(' ');
  if (random.chance(0.55)) out = `${random.pick(VOICE_OPENERS)} ${out}`;
  if (random.chance(0.12)) out = `${out} ${random.pick(VOICE_CLOSERS)}`;
  return out.replace(/\s+/g, ' ').trim();
}

function typo(word: string, random: Random): string {
  if (word.length < 4) return word;
  const at = 1 + random.int(word.length - 2);
  const op = random.int(4);
  const ch = word[at]!;
  if (op === 0) return word.slice(0, at) + word.slice(at + 1);
  if (op === 1) return word.slice(0, at) + ch + word.slice(at);
  if (op === 2) return word.slice(0, at - 1) + ch + word[at - 1] + word.slice(at + 1);
  const swap = TYPO_SWAPS[ch];
  return swap === undefined ? word : word.slice(0, at) + swap + word.slice(at + 1);
}

/** A missing space between two neighbouring words, as fast typing produces. */
function mergeTwoWords(text: string, random: Random): string {
  const words = text.split(' ');
  if (words.length < 2) return text;
  const at = random.int(words.length - 1);
  words.splice(at, 2, `${words[at]}${words[at + 1]}`);
  return words.join(' ');
}

export function transliterate(text: string): string {
  return [...text.toLowerCase().replace(/ё/g, 'е')].map((c) => TRANSLIT[c] ?? c).join('');
}

export interface ChatExtras {
  company: string;
  contractNo: string;
  inn: string;
  ls: string;
}

export function chatStyle(text: string, random: Random, extras: ChatExtras): string {
  let out = text;
  if (random.chance(0.3)) {
    out = out
      .split(' ')
      .map((w) => (random.chance(0.25) ? typo(w, random) : w))
      .join(' ');
  }
  if (random.chance(0.25)) out = out.replace(/ё/g, 'е');
  if (random.chance(0.5)) out = out.charAt(0).toUpperCase() + out.slice(1);
  out += random.pick(CHAT_ENDINGS);
  if (random.chance(0.3)) out = `${random.pick(CHAT_GREETINGS)} ${out}`;
  if (random.chance(0.08)) out = `${out} ЛС ${extras.ls}`;
  if (random.chance(0.06)) {
    out = `${extras.company}, договор № ${extras.contractNo}. ${out.charAt(0).toUpperCase()}${out.slice(1)} ИНН ${extras.inn}`;
  }
  if (random.chance(0.06)) out = mergeTwoWords(out, random);
  if (random.chance(0.04)) out = transliterate(out);
  if (random.chance(0.05)) out = out.toUpperCase();
  return out.replace(/\s+/g, ' ').trim();
}
