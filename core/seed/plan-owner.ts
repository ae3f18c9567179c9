import type { OutboundChannel } from '../vocabulary/index.ts';
import { randomPerson, transliterate } from './data/names.ts';
import { randomOrganizationName } from './data/organizations.ts';
import { formatAddress } from './data/places.ts';
import type { AccountPlan, SeedContext } from './plan-account.ts';
import { Random, STREAM } from './prng.ts';

/** The client (owner) of an account: name, INN, contacts, preferred channel and consents. */
export interface OwnerPlan {
  fullName: string;
  inn: string | null;
  phones: string[];
  email: string | null;
  postalAddress: string;
  preferredChannel: string;
  vulnerable: boolean;
  consents: { channel: OutboundChannel; allowed: boolean; source: string }[];
}

/** Khakassia mobile codes with rough market shares (МТС, МегаФон, Tele2, Билайн). */
const MOBILE_CODES: readonly (readonly [string, number])[] = [
  ['913', 22],
  ['923', 16],
  ['983', 12],
  ['902', 10],
  ['950', 8],
  ['951', 6],
  ['960', 8],
  ['906', 4],
  ['999', 6],
  ['993', 4],
  ['996', 4],
];

const MAIL_DOMAINS: readonly (readonly [string, number])[] = [
  ['mail.ru', 45],
  ['yandex.ru', 25],
  ['gmail.com', 15],
  ['bk.ru', 6],
  ['inbox.ru', 5],
  ['list.ru', 4],
];

/** Derived from the account that first names the client (`ownerAccount`), keyed by its index. */
export function planOwner(ctx: SeedContext, ownerAccount: AccountPlan): OwnerPlan {
  const rng = new Random(ctx.seed, ownerAccount.index, STREAM.owner);
  const place = ownerAccount.address.place;
  const household = ownerAccount.clientType === 'individual';
  let fullName: string;
  let inn: string | null = null;
  let email: string | null = null;
  const phones: string[] = [];

  if (ownerAccount.clientType === 'legal_entity') {
    const organization = randomOrganizationName(rng);
    fullName = organization.name;
    inn = withInnChecksum(`19${rng.digits(7)}`);
    phones.push(landline(rng, place.phoneCode));
    if (rng.chance(0.6)) phones.push(mobile(rng));
    if (rng.chance(0.9))
      email = `${rng.pick(['info', 'buh', 'office'])}@${transliterate(organization.domainStem)}.ru`;
  } else {
    const person = randomPerson(rng);
    fullName = household ? person.fullName : `ИП ${person.fullName}`;
    if (!household || rng.chance(0.08)) inn = withInnChecksum(`19${rng.digits(8)}`);
    if (rng.chance(household ? 0.95 : 1)) phones.push(mobile(rng));
    if (rng.chance(0.15)) phones.push(rng.chance(0.5) ? landline(rng, place.phoneCode) : mobile(rng));
    if (rng.chance(household ? 0.35 : 0.8)) {
      const local = `${transliterate(person.surname)}.${transliterate(person.firstName[0]!)}${transliterate(person.patronymic[0]!)}`;
      email = `${local}${rng.chance(0.4) ? rng.int(1, 99) : ''}@${rng.weighted(MAIL_DOMAINS)}`;
    }
  }

  const hasMobile = phones.some((phone) => phone.startsWith('+79'));
  const preferredChannel = rng.weighted<string>([
    ['phone', phones.length > 0 ? 35 : 0],
    ['sms', hasMobile ? 20 : 0],
    ['email', email ? 15 : 0],
    ['online_account', 10],
    ['telegram', hasMobile ? 8 : 0],
    ['vk', hasMobile ? 5 : 0],
    ['post', 7],
  ]);

  const usesOnlineAccount = preferredChannel === 'online_account' || rng.chance(0.4);
  const consents: OwnerPlan['consents'] = [];
  if (phones.length > 0) consents.push({ channel: 'phone', allowed: rng.chance(0.93), source: 'contract' });
  if (hasMobile) consents.push({ channel: 'sms', allowed: rng.chance(0.9), source: 'contract' });
  if (email) consents.push({ channel: 'email', allowed: rng.chance(0.92), source: 'contract' });
  if (usesOnlineAccount) {
    consents.push({ channel: 'online_account', allowed: true, source: 'online_account' });
    if (hasMobile && rng.chance(0.5))
      consents.push({ channel: 'push', allowed: rng.chance(0.85), source: 'mobile_app' });
  }

  return {
    fullName,
    inn,
    phones,
    email,
    postalAddress: `${ownerAccount.postcode}, ${formatAddress(ownerAccount.address)}`,
    preferredChannel,
    vulnerable: household && rng.chance(0.015),
    consents,
  };
}

function mobile(rng: Random): string {
  return `+7${rng.weighted(MOBILE_CODES)}${rng.digits(7)}`;
}

function landline(rng: Random, code: string): string {
  return `+7${code}${rng.int(2, 6)}${rng.digits(9 - code.length)}`;
}

/** Appends the check digit(s) of a Russian INN to 9 (organisation) or 10 (person) leading digits. */
export function withInnChecksum(leading: string): string {
  const weights10 = [2, 4, 10, 3, 5, 9, 4, 6, 8];
  const weights11 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
  const weights12 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
  const check = (digits: string, weights: number[]) =>
    String((weights.reduce((sum, weight, i) => sum + weight * Number(digits[i]), 0) % 11) % 10);
  if (leading.length === 9) return leading + check(leading, weights10);
  if (leading.length === 10) {
    const eleven = leading + check(leading, weights11);
    return eleven + check(eleven, weights12);
  }
  throw new Error(`an INN is built from 9 or 10 digits, got ${leading.length}`);
}
