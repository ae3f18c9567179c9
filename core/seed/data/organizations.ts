import type { Random } from '../prng.ts';
import { words } from './names.ts';

/** Names of demo businesses (ЮЛ) and the grid companies that own the lines (сетевые организации). */

const LEGAL_FORMS: readonly (readonly [string, number])[] = [
  ['ООО', 70],
  ['АО', 8],
  ['МУП', 4],
  ['СПК', 4],
  ['ТСЖ', 8],
  ['МБОУ', 6],
];

const ROOTS = words(`
  Сибирь Саяны Енисей Абакан Хакас Тея Туим Июс Сарала Кедр Тайга Кристалл Меридиан Альянс Вектор
  Гарант Стандарт Прогресс Уйбат Таштып
`);

const SUFFIXES = words(
  `Агро Строй Сервис Торг Трейд Лес Авто Мед Пласт Монтаж Энерго Транс Инвест Молоко Хлеб`,
);

const SCHOOLS_AND_HOUSING: Readonly<Record<string, readonly string[]>> = {
  ТСЖ: words(`Дружба Надежда Уют Содружество Рассвет Светлый Лесная Сосновый`),
  МБОУ: words(`СОШ№1 СОШ№3 СОШ№5 СОШ№11 СОШ№19 Гимназия Лицей`).map((name) => name.replace('№', ' № ')),
  СПК: words(`Бея Сонский Аскизский Июсский Россия Колос`),
};

export function randomOrganizationName(rng: Random): { name: string; domainStem: string } {
  const form = rng.weighted(LEGAL_FORMS);
  const special = SCHOOLS_AND_HOUSING[form];
  const core = special ? rng.pick(special) : `${rng.pick(ROOTS)}-${rng.pick(SUFFIXES)}`;
  return { name: `${form} «${core}»`, domainStem: core };
}

export interface GridCompany {
  name: string;
  /** E.164. Only the federal hotline of Россети is a real number; the municipal one is fictitious. */
  phone: string;
}

export const GRID_COMPANIES = {
  rosseti: { name: 'ПАО «Россети Сибирь» — «Хакасэнерго»', phone: '+78002200220' },
  municipal: { name: 'АО «Хакасская электросетевая компания» (демо)', phone: '+73902305050' },
} as const satisfies Record<string, GridCompany>;

/** Ways people pay a bill, with their shares among individuals. */
export const PAYMENT_METHODS: readonly (readonly [string, number])[] = [
  ['sberbank_online', 30],
  ['sbp', 20],
  ['bank_card', 15],
  ['online_account', 10],
  ['cash_office', 8],
  ['post', 7],
  ['bank_branch', 5],
  ['terminal', 5],
];

/** Businesses pay by bank transfer (платёжное поручение). */
export const BUSINESS_PAYMENT_METHOD = 'bank_transfer';
