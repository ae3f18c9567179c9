import { spokenToDigits } from '../../core/nlu/entities/spoken-numbers.ts';

/**
 * Spoken answers turned into the keys the same question takes by DTMF, so a question's rules
 * (valid account length, reading format, 1 = yes / 2 = no) stay in one place. Transcripts come
 * from the speech engine: lowercase or not, with or without punctuation, numbers as words ("один
 * девять ноль один…", "сто двадцать три") or as digits. Undefined = not an answer to this question.
 */

function normalize(text: string): string {
  return text
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[«»"'!?;:()]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Words that carry no digits and no meaning for a number question ("мой лицевой счёт …"). */
const NUMBER_FILLER = new Set([
  'мой',
  'моя',
  'мое',
  'номер',
  'номера',
  'лицевой',
  'лицевого',
  'счет',
  'счета',
  'лс',
  'квартира',
  'квартиры',
  'кв',
  'дом',
  'дома',
  'это',
  'вот',
  'так',
  'значит',
  'пожалуйста',
  'показания',
  'показание',
  'показатель',
  'счетчик',
  'счетчика',
  'сейчас',
  'у',
  'меня',
  'на',
  'ну',
  'э',
  'эм',
  'кил',
  'киловатт',
  'киловатт-часов',
  'киловатт-час',
  'киловатт-часа',
  'квтч',
]);

/**
 * Digits of a number said aloud: dictated one by one, in groups or as one number, with filler
 * words around. Any other word (a question, "не знаю") makes it no answer, so a sentence that
 * merely contains a number is not mistaken for one.
 */
export function spokenDigits(text: string): string | undefined {
  const words = spokenToDigits(normalize(text).replace(/[.,]/g, ' ')).split(' ');
  let digits = '';
  for (const word of words) {
    if (/^\d+$/.test(word)) digits += word;
    else if (word && !NUMBER_FILLER.has(word)) return undefined;
  }
  return digits === '' ? undefined : digits;
}

const DECIMAL_MARK = /\s(?:точка|запятая|целых|целая|и)\s/;

/**
 * A meter reading said aloud, in the keypad form the reading question takes ("12345*5": the star
 * is the decimal point): "двенадцать тысяч триста сорок пять", "… запятая пять", "… целых пять
 * десятых", "12345,5".
 */
export function spokenReading(text: string): string | undefined {
  const cleaned = normalize(text)
    .replace(/(\d)[.,](\d)/g, '$1 точка $2')
    .replace(/\s(?:десятых|десятая|десятые|сотых|сотая)(?=\s|$)/g, '')
    .replace(/[.,]/g, ' ');
  const [whole, fraction, ...rest] = ` ${cleaned} `.split(DECIMAL_MARK);
  if (rest.length > 0) return undefined;
  const wholeDigits = spokenDigits(whole ?? '');
  if (wholeDigits === undefined) return undefined;
  if (fraction === undefined) return wholeDigits;
  const fractionDigits = spokenDigits(fraction);
  return fractionDigits === undefined ? undefined : `${wholeDigits}*${fractionDigits}`;
}

// Negations first: "не верно", "нет, спасибо", "не надо" contain yes-words or politeness.
const NO =
  /(?:^|\s)(?:нет|неа|не(?:\s|-)?(?:верно|правильно|надо|нужно|хочу|то)|нету|отказываюсь|другой|другие)(?=\s|$|[.,])/;
const YES =
  /(?:^|\s)(?:да|ага|угу|верно|правильно|конечно|подтверждаю|хорошо|давайте|согласен|согласна|есть|так точно|именно)(?=\s|$|[.,])/;

/** "да" / "верно" / "есть вопрос" → 'yes'; "нет" / "нет, спасибо" / "неверно" → 'no'. */
export function spokenYesNo(text: string): 'yes' | 'no' | undefined {
  const said = normalize(text);
  if (NO.test(said)) return 'no';
  if (YES.test(said)) return 'yes';
  return undefined;
}

/** A yes/no question answered by key: 1 = yes, 2 = no (every such prompt says so). */
export function spokenYesNoKey(text: string): string | undefined {
  const answer = spokenYesNo(text);
  return answer === undefined ? undefined : answer === 'yes' ? '1' : '2';
}

/** "первый", "второй", "номер два", "2" → that digit (a numbered choice, e.g. of meters). */
export function spokenChoice(text: string): string | undefined {
  const digits = spokenDigits(text);
  return digits !== undefined && digits.length === 1 ? digits : undefined;
}
