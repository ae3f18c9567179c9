import type { Random } from '../prng.ts';

/**
 * Russian and Khakass personal names for demo owners and staff. Surnames are stored in the
 * masculine form; `surnameFor` agrees them with the bearer's gender (Иванов → Иванова,
 * Высоцкий → Высоцкая, Шевченко and Черных stay as they are).
 */
export type Gender = 'male' | 'female';

/** Word lists are kept as text so they stay compact; `words` splits them on whitespace. */
export function words(text: string): readonly string[] {
  return text.split(/\s+/).filter(Boolean);
}

const MALE_FIRST = words(`
  Александр Сергей Андрей Алексей Дмитрий Владимир Николай Евгений Иван Михаил Виктор Юрий Олег
  Павел Артём Максим Игорь Роман Константин Анатолий Геннадий Валерий Василий Пётр Степан Григорий
  Денис Вячеслав Илья Кирилл Никита Станислав Борис Леонид Фёдор
`);

const FEMALE_FIRST = words(`
  Елена Ольга Наталья Татьяна Ирина Светлана Анна Мария Людмила Галина Надежда Валентина Екатерина
  Юлия Марина Любовь Оксана Нина Вера Лариса Анастасия Дарья Ксения Алёна Зинаида Тамара Полина
  Виктория Евгения Раиса Антонина Лидия
`);

/** Patronymics as «of a son/of a daughter». */
const PATRONYMICS = words(`
  Александрович/Александровна Сергеевич/Сергеевна Андреевич/Андреевна Алексеевич/Алексеевна
  Дмитриевич/Дмитриевна Владимирович/Владимировна Николаевич/Николаевна Евгеньевич/Евгеньевна
  Иванович/Ивановна Михайлович/Михайловна Викторович/Викторовна Юрьевич/Юрьевна Олегович/Олеговна
  Павлович/Павловна Петрович/Петровна Анатольевич/Анатольевна Геннадьевич/Геннадьевна
  Валерьевич/Валерьевна Васильевич/Васильевна Григорьевич/Григорьевна Степанович/Степановна
  Константинович/Константиновна Ильич/Ильинична Никитич/Никитична Романович/Романовна
  Игоревич/Игоревна Борисович/Борисовна Леонидович/Леонидовна Фёдорович/Фёдоровна
  Яковлевич/Яковлевна
`).map((pair) => pair.split('/') as [string, string]);

const SURNAMES = words(`
  Иванов Смирнов Кузнецов Попов Васильев Петров Соколов Михайлов Новиков Фёдоров Морозов Волков
  Алексеев Лебедев Семёнов Егоров Павлов Козлов Степанов Николаев Орлов Андреев Макаров Никитин
  Захаров Зайцев Соловьёв Борисов Яковлев Григорьев Романов Воробьёв Сергеев Кузьмин Фролов
  Александров Дмитриев Королёв Гусев Киселёв Ильин Максимов Поляков Сорокин Виноградов Ковалёв
  Белов Медведев Антонов Тарасов Жуков Баранов Филиппов Комаров Давыдов Беляев Герасимов Богданов
  Осипов Сидоров Матвеев Титов Марков Миронов Крылов Куликов Карпов Власов Мельников Денисов
  Гаврилов Тихонов Казаков Афанасьев Данилов Савельев Тимофеев Фомин Чернов Абрамов Мартынов
  Ефимов Федотов Щербаков Назаров Калинин Исаев Чернышёв Быков Маслов Родионов Коновалов Лазарев
  Воронин Климов Филатов Пономарёв Голубев Кудрявцев Прохоров Наумов Потапов Журавлёв Овчинников
  Трофимов Леонов Соболев Ермаков Колесников Гончаров Емельянов Никифоров Грачёв Котов Гришин
  Ефремов Архипов Громов Кириллов Малышев Панов Моисеев Сибиряков Енисейский Высоцкий Покровский
  Вишневский Островский Белецкий Полевой Луговой Береговой Шевченко Бондаренко Коваленко Ткаченко
  Кравченко Мельник Шевчук Черных Седых Белых Долгих Горбунов Шульц Миллер Боргояков Чебодаев
  Тохтобин Кызласов Сагалаков Майнагашев Топоев Тюмерев Канзычаков Ултургашев Чаптыков Сунчугашев
  Доможаков Карачаков Костяков Кыржинаков Арчимаев Бурнаков Анжиганов Тинников Тодыков Челтыгмашев
`);

/** The feminine form of a masculine surname; forms without gender (‑ко, ‑ых, consonant stems) are kept. */
export function surnameFor(masculine: string, gender: Gender): string {
  if (gender === 'male') return masculine;
  if (/(ов|ев|ёв|ин|ын)$/.test(masculine)) return `${masculine}а`;
  if (/(ский|цкий)$/.test(masculine)) return `${masculine.slice(0, -2)}ая`;
  if (/(ой|ый)$/.test(masculine)) return `${masculine.slice(0, -2)}ая`;
  return masculine;
}

export interface PersonName {
  gender: Gender;
  surname: string;
  firstName: string;
  patronymic: string;
  /** «Фамилия Имя Отчество», the order used on bills and in the standard. */
  fullName: string;
}

export function randomPerson(rng: Random, gender: Gender = rng.chance(0.5) ? 'male' : 'female'): PersonName {
  const surname = surnameFor(rng.pick(SURNAMES), gender);
  const firstName = gender === 'male' ? rng.pick(MALE_FIRST) : rng.pick(FEMALE_FIRST);
  const [sonOf, daughterOf] = rng.pick(PATRONYMICS);
  const patronymic = gender === 'male' ? sonOf : daughterOf;
  return { gender, surname, firstName, patronymic, fullName: `${surname} ${firstName} ${patronymic}` };
}

const TRANSLIT: Readonly<Record<string, string>> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
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
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
};

/** Latin spelling for e-mail addresses (passport-style transliteration, lower case). */
export function transliterate(text: string): string {
  let out = '';
  for (const char of text.toLowerCase()) out += TRANSLIT[char] ?? (/[a-z0-9]/.test(char) ? char : '');
  return out;
}
