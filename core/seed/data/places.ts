/**
 * Settlements of the Republic of Khakassia served by the demo retailer, weighted roughly by
 * population, with real street names. `code` is the two-digit area part of demo account numbers.
 * Streets are separated by ';' because their names contain spaces.
 */
export interface Place {
  code: string;
  /** City district or municipal district (accounts.area). */
  area: string;
  settlement: string;
  /** How the settlement is written before its name in an address. */
  kind: 'г.' | 'рп' | 'с.';
  weight: number;
  /** First and last postal code of the settlement. */
  postcodes: readonly [number, number];
  /** Landline area code after +7 (local numbers fill up to 10 digits). */
  phoneCode: string;
  /** Share of accounts in apartment blocks; the rest are private houses. */
  apartmentShare: number;
  /** Rural tariff applies (villages and houses with electric stoves, see tariffs.ts). */
  rural: boolean;
  streets: readonly string[];
}

function place(fields: Omit<Place, 'streets'>, streets: string): Place {
  return {
    ...fields,
    streets: streets
      .split(';')
      .map((street) => street.trim())
      .filter(Boolean),
  };
}

export const PLACES: readonly Place[] = [
  place(
    {
      code: '01',
      area: 'г. Абакан',
      settlement: 'Абакан',
      kind: 'г.',
      weight: 187,
      postcodes: [655000, 655017],
      phoneCode: '3902',
      apartmentShare: 0.78,
      rural: false,
    },
    `ул. Щетинкина; ул. Пушкина; пр. Ленина; ул. Кирова; ул. Аскизская; ул. Вяткина; ул. Чертыгашева;
     ул. Торговая; ул. Крылова; ул. Советская; ул. Игарская; ул. Некрасова; ул. Хакасская;
     ул. Маршала Жукова; ул. Стофато; ул. Ивана Ярыгина; пр. Дружбы Народов; ул. Кати Перекрещенко;
     ул. Лермонтова; ул. Чехова; ул. Тельмана; ул. Володарского; ул. Карла Маркса; ул. Итыгина;
     ул. Катанова; ул. Комарова; ул. Таштыпская; ул. Кравченко; ул. Бограда; ул. Степная; ул. Чапаева`,
  ),
  place(
    {
      code: '02',
      area: 'г. Черногорск',
      settlement: 'Черногорск',
      kind: 'г.',
      weight: 73,
      postcodes: [655150, 655162],
      phoneCode: '39031',
      apartmentShare: 0.65,
      rural: false,
    },
    `ул. Советская; ул. Калинина; ул. Генерала Тихонова; пр. Космонавтов; ул. Юбилейная; ул. Бограда;
     ул. Красноярская; ул. Дзержинского; ул. Линейная; ул. Мира; ул. Октябрьская`,
  ),
  place(
    {
      code: '03',
      area: 'г. Саяногорск',
      settlement: 'Саяногорск',
      kind: 'г.',
      weight: 45,
      postcodes: [655600, 655603],
      phoneCode: '39042',
      apartmentShare: 0.85,
      rural: false,
    },
    `мкр. Енисейский; мкр. Центральный; мкр. Советский; мкр. Ленинградский; мкр. Заводской;
     мкр. Интернациональный; мкр. Комсомольский; ул. Школьная; ул. Шушенская`,
  ),
  place(
    {
      code: '04',
      area: 'г. Абаза',
      settlement: 'Абаза',
      kind: 'г.',
      weight: 15,
      postcodes: [655750, 655750],
      phoneCode: '39047',
      apartmentShare: 0.55,
      rural: false,
    },
    `ул. Ленина; ул. Октябрьская; ул. Комарова; ул. Лазо; ул. Заводская; ул. Максима Горького`,
  ),
  place(
    {
      code: '05',
      area: 'г. Сорск',
      settlement: 'Сорск',
      kind: 'г.',
      weight: 11,
      postcodes: [655111, 655111],
      phoneCode: '39033',
      apartmentShare: 0.5,
      rural: false,
    },
    `ул. Кирова; ул. Пионерская; ул. Ленина; ул. Толстого; ул. Горького`,
  ),
  place(
    {
      code: '06',
      area: 'Усть-Абаканский район',
      settlement: 'Усть-Абакан',
      kind: 'рп',
      weight: 17,
      postcodes: [655100, 655101],
      phoneCode: '39032',
      apartmentShare: 0.35,
      rural: false,
    },
    `ул. Гидролизная; ул. Октябрьская; ул. Пушкина; ул. Дзержинского; ул. Карла Маркса; ул. Мира`,
  ),
  place(
    {
      code: '07',
      area: 'Алтайский район',
      settlement: 'Белый Яр',
      kind: 'с.',
      weight: 7,
      postcodes: [655650, 655650],
      phoneCode: '39041',
      apartmentShare: 0.1,
      rural: true,
    },
    `ул. Мира; ул. Пушкина; ул. Кравченко; ул. Ленина; ул. Юбилейная`,
  ),
  place(
    {
      code: '08',
      area: 'Ширинский район',
      settlement: 'Шира',
      kind: 'с.',
      weight: 9,
      postcodes: [655200, 655200],
      phoneCode: '39035',
      apartmentShare: 0.15,
      rural: true,
    },
    `ул. Октябрьская; ул. Курортная; ул. Ленина; ул. Советская; ул. Орловская`,
  ),
  place(
    {
      code: '09',
      area: 'Аскизский район',
      settlement: 'Аскиз',
      kind: 'с.',
      weight: 6,
      postcodes: [655700, 655700],
      phoneCode: '39045',
      apartmentShare: 0.1,
      rural: true,
    },
    `ул. Советская; ул. Ленина; ул. Красноармейская; ул. Суворова; ул. Первомайская`,
  ),
  place(
    {
      code: '10',
      area: 'Бейский район',
      settlement: 'Бея',
      kind: 'с.',
      weight: 5,
      postcodes: [655770, 655770],
      phoneCode: '39044',
      apartmentShare: 0.05,
      rural: true,
    },
    `пл. Советов; ул. Щетинкина; ул. Мира; ул. Кирова`,
  ),
  place(
    {
      code: '11',
      area: 'Боградский район',
      settlement: 'Боград',
      kind: 'с.',
      weight: 4,
      postcodes: [655340, 655340],
      phoneCode: '39034',
      apartmentShare: 0.05,
      rural: true,
    },
    `ул. Новая; ул. Советская; ул. Гагарина; ул. Ленина`,
  ),
  place(
    {
      code: '12',
      area: 'Таштыпский район',
      settlement: 'Таштып',
      kind: 'с.',
      weight: 7,
      postcodes: [655740, 655740],
      phoneCode: '39046',
      apartmentShare: 0.05,
      rural: true,
    },
    `ул. Луговая; ул. Ленина; ул. Советская; ул. Мечникова`,
  ),
];

/** Weighted list for Random.weighted. */
export const PLACE_WEIGHTS: readonly (readonly [Place, number])[] = PLACES.map((p) => [p, p.weight] as const);

/** Villages where town dwellers keep a second, seasonal account (дача). */
export const DACHA_PLACES: readonly Place[] = PLACES.filter((p) => p.rural);

export interface Address {
  place: Place;
  street: string;
  house: string;
  building: string | null;
  apartment: string | null;
}

export function formatAddress(address: Address): string {
  const { place: p, street, house, building, apartment } = address;
  const parts = ['Республика Хакасия'];
  if (!p.area.startsWith('г.')) parts.push(p.area);
  parts.push(`${p.kind} ${p.settlement}`, street, `д. ${house}`);
  if (building) parts.push(`корп. ${building}`);
  // Businesses occupy premises (помещение), written as given; homes have flats (квартира).
  if (apartment) parts.push(apartment.startsWith('пом.') ? apartment : `кв. ${apartment}`);
  return parts.join(', ');
}
