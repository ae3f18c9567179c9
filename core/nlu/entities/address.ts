export interface AddressEntity {
  city?: string;
  street?: string;
  house?: string;
  flat?: string;
}

/** Towns of the service area (Khakassia) and the stems their case forms share. */
const CITIES: ReadonlyArray<readonly [RegExp, string]> = [
  [/(?<![а-я-])усть[-\s]абакан[а-я]*/, 'Усть-Абакан'],
  [/(?<![а-я-])абакан[а-я]*/, 'Абакан'],
  [/(?<![а-я])черногорск[а-я]*/, 'Черногорск'],
  [/(?<![а-я])саяногорск[а-я]*/, 'Саяногорск'],
  [/(?<![а-я])абаз[аеуы](?![а-я])/, 'Абаза'],
  [/(?<![а-я])сорск[а-я]*/, 'Сорск'],
  [/(?<![а-я])шир[аеуы](?![а-я])/, 'Шира'],
  [/(?<![а-я])аскиз[а-я]*/, 'Аскиз'],
  [/(?<![а-я])таштып[а-я]*/, 'Таштып'],
  [/(?<![а-я])боград[а-я]*/, 'Боград'],
  [/(?<![а-я])бе[еяи](?![а-я])/, 'Бея'],
  [/(?<![а-я])бел(?:ый|ом)\s+яр[а-я]*/, 'Белый Яр'],
];

const STREET =
  /(?<![а-я])((?:ул|пр-?т|пр|пер|мкр)\.?(?![а-я])|улиц[а-я]*|проспект[а-я]*|переул[а-я]*|микрорайон[а-я]*)\s*([а-я][а-я-]*(?:\s[а-я][а-я-]*)?)[,\s]+(?:д\.?|дом)?\s*(\d{1,4}[а-я]?)(?:\s*(?:[-/,]\s*(?:кв\.?|квартир[а-я]*)?|кв\.?|квартир[а-я]*)\s*(\d{1,4}))?/;

/** City, street, house and flat as far as the message names them. */
export function extractAddress(prepared: string): AddressEntity | undefined {
  const address: AddressEntity = {};
  for (const [pattern, name] of CITIES) {
    if (pattern.test(prepared)) {
      address.city = name;
      break;
    }
  }
  const street = STREET.exec(prepared);
  if (street) {
    address.street = street[2]!.replace(/\s(?:дом|д)$/, '');
    address.house = street[3]!;
    if (street[4]) address.flat = street[4];
  }
  return Object.keys(address).length > 0 ? address : undefined;
}
