/**
 * The abusive lexicon. Every pattern is anchored to a whole (de-obfuscated) token, so words that
 * merely contain a root — рубля, употреблять, колебля, скипидар, хулиган, команда, оскорблять,
 * себе, хлеб, учебный, вебинар — never match. Mild words (блин, безобразие, офигели, задолбали)
 * and legal threats (подам в суд, напишу в прокуратуру) are deliberately absent.
 */
export type AbuseKind = 'obscenity' | 'insult' | 'threat';

export interface WordPattern {
  id: string;
  kind: AbuseKind;
  pattern: RegExp;
}

// Verb prefixes that combine with the obscene roots (за-ебал, на-хуй, от-ъебись, о-хуели …).
const PREFIX =
  '(?:за|на|у|вы|от|оть|отъ|сь|съ|вь|въ|по|до|раз|разь|рас|про|при|пере|недо|из|изь|об|обь|о|ни|долбо|)';

export const WORD_PATTERNS: readonly WordPattern[] = [
  { id: 'huy', kind: 'obscenity', pattern: new RegExp(`^${PREFIX}ху[йяеию](?!ж)[а-я]*$`) },
  { id: 'pizd', kind: 'obscenity', pattern: /^[а-я]*(?:пизд|пизж|пезд|пздц)[а-я]*$/ },
  { id: 'eb', kind: 'obscenity', pattern: new RegExp(`^${PREFIX}е+б(?:а|у|л|н|ы|е|и|о|ш|ч|с|т)[а-я]*$`) },
  { id: 'eb-bare', kind: 'obscenity', pattern: /^(?:еб|ебт|епт|епта|ебло|ебанько)$/ },
  { id: 'blya', kind: 'obscenity', pattern: /^(?:бля|блять|блядь|бляд[а-я]*|блят[а-я]*|бле(?:ать|ять))$/ },
  {
    id: 'suka',
    kind: 'obscenity',
    pattern: /^(?:сук[аиуе]|сукой|сучк[а-я]*|сучар[а-я]*|сучий|сучье|сучьи)$/,
  },
  { id: 'mudak', kind: 'obscenity', pattern: /^муд(?:ак|ач|ил|озвон|ень)[а-я]*$/ },
  { id: 'gandon', kind: 'obscenity', pattern: /^г[ао]нд[ао]н[а-я]*$/ },
  { id: 'zalupa', kind: 'obscenity', pattern: /^залуп[а-я]*$/ },
  { id: 'shluha', kind: 'obscenity', pattern: /^шлюх[а-я]*$/ },
  { id: 'droch', kind: 'obscenity', pattern: /^(?:за|по|)дроч[а-я]*$/ },
  { id: 'pidor', kind: 'obscenity', pattern: /^(?:пид[оа]р[а-я]*|пидр[а-я]*|педик[а-я]*|педераст[а-я]*)$/ },
  { id: 'manda', kind: 'obscenity', pattern: /^манд(?:а|ы|у|ой|ень|еж)$/ },
  { id: 'her', kind: 'obscenity', pattern: /^(?:на|по|)хер(?:а|ня|ни|ню|ов|ово|овый|овая|ово||ом)$/ },
  { id: 'govno', kind: 'obscenity', pattern: /^г[ао]вн[а-я]*$/ },
  { id: 'sran', kind: 'obscenity', pattern: /^(?:за|об|обо|)сран[а-я]*$/ },
  { id: 'zhopa', kind: 'obscenity', pattern: /^жоп[а-я]*$/ },
  { id: 'dermo', kind: 'obscenity', pattern: /^дерьм[а-я]*$/ },
  { id: 'nahren', kind: 'obscenity', pattern: /^(?:нахрен|охренел[а-я]*|охреневш[а-я]*)$/ },
  // Insults to people (staff, the company, the bot).
  { id: 'vorugi', kind: 'insult', pattern: /^(?:ворюг[а-я]*|жулье|жулики|жульё)$/ },
  { id: 'krovopiyca', kind: 'insult', pattern: /^(?:кровопийц[а-я]*|кровососы|упыр[ьи]|упырей)$/ },
  { id: 'mraz', kind: 'insult', pattern: /^мраз[ьи]$|^мразот[а-я]*$/ },
  { id: 'tvar', kind: 'insult', pattern: /^твар(?:ь|и|ей|ям|ями)$/ },
  { id: 'padla', kind: 'insult', pattern: /^падл[аыу]$/ },
  { id: 'gnida', kind: 'insult', pattern: /^гнид[аыу]$/ },
  { id: 'urod', kind: 'insult', pattern: /^урод(?:ы|ов|ина|ины|ам|ами|)$/ },
  { id: 'ublyudok', kind: 'insult', pattern: /^ублюд[а-я]*$/ },
  {
    id: 'debil',
    kind: 'insult',
    pattern:
      /^(?:д[еи]бил[а-я]*|идиот(?:ы|ов|ка|ки|ина|)|придур(?:ок|ки|ков|ь)|кретин[а-я]*|дегенерат[а-я]*)$/,
  },
  {
    id: 'durak',
    kind: 'insult',
    pattern: /^(?:дура|дуры|дурак|дураки|дураков|тупиц[аы]|тупорыл[а-я]*|безмозгл[а-я]*)$/,
  },
  {
    id: 'skotina',
    kind: 'insult',
    pattern:
      /^(?:скотин[аы]|скоты|сволоч[ьи]|сволочей|быдл[оа]|свиньи|козлы|козел|козлина|овц[аы]|шакал[ыьи]|паскуд[аы]|гады|выродк[иа]|выродок|нелюди|чмошник[иа]?)$/,
  },
];

/** Words that are insults only when aimed at someone: "тупой бот", "ваши курицы", "вы тупые". */
export const TARGETED_INSULTS =
  /^(?:туп(?:ой|ая|ые|ое|ого|ых)|курицы|курица|клуши|бараны|обезьяны|дауны|даун|чмо|лохи|лошары)$/;
export const INSULT_TARGETS =
  /^(?:вы|ты|ваш|ваши|ваша|ваше|эти|этот|эта|бот|робот|машина|оператор|операторша|операторы|девушка|сотрудник[а-я]*|специалист[а-я]*|контора|компания|электрик[а-я]*|контролер[а-я]*|там)$/;

/** Threats of violence (not legal threats: суд, прокуратура, жалоба are fine). */
export const THREAT_PATTERNS: readonly RegExp[] = [
  /(?:^|\s)(?:убью|убьем|прибью|урою|зарежу|прирежу|пристрелю|застрелю|перестреляю|поубиваю|задушу|порежу|покалечу|закопаю|подожгу|сожгу|взорву|замочу|придушу|удавлю|прикончу)(?:\s|$)/,
  /(?:^|\s)(?:проломлю|пробью|разобью|оторву|откручу|сверну|переломаю|раскрою|разнесу|набью|начищу|выбью)\s(?:[а-я]+\s)?(?:башку|голову|череп|морду|рожу|лицо|харю|шею|ноги|руки|кости|зубы|ебало|табло|офис|контору)/,
  /(?:^|\s)(?:башку|голову|морду|рожу|лицо|харю|шею|ноги|руки|кости|зубы|ебало|табло)\s(?:[а-я]+\s)?(?:проломлю|пробью|разобью|оторву|откручу|сверну|переломаю|набью|начищу|снесу|выбью)/,
  /(?:^|\s)(?:офис|контору|здание)\s(?:ваш[а-я]*\s)?(?:разнесу|спалю|сожгу|подожгу|взорву)/,
  /(?:^|\s)вам\s(?:всем\s)?(?:конец|не жить|хана|крышка)(?:\s|$)/,
  /(?:^|\s)(?:найду|поймаю|встречу)\s(?:вас|тебя|его|ее|её)\s(?:и\s)?(?:убью|урою|прибью|покалечу|закопаю)/,
];
