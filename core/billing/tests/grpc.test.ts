import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../testing/clock.ts';
import { BillingError } from '../errors.ts';
import { CLOSED, IVANOV, NOW, PETROVA } from './fixtures.ts';
import { billingOverGrpc } from './grpc-rig.ts';

// Every RPC of hotline.billing.v1.BillingService over a real gRPC connection to the reference
// server, against a real PostgreSQL database filled with the fixture.
const clock = new ManualClock(NOW);
const rig = billingOverGrpc(clock);

async function failure(promise: Promise<unknown>): Promise<BillingError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BillingError);
  return error as BillingError;
}

describe('FindAccounts', () => {
  it('finds by account number, also as dictated with spaces', async () => {
    const { accounts } = await rig.billing.findAccounts({
      query: { $case: 'accountNumber', value: '19 01 000 001' },
      limit: 0,
    });
    expect(accounts).toEqual([
      {
        accountNumber: IVANOV.account,
        ownerFullName: 'Иванов Иван Иванович',
        fullAddress: 'г. Абакан, ул. Ленина, д. 12, кв. 5',
        clientType: 'individual',
        closed: false,
      },
    ]);
  });

  it('finds by phone in any notation, open accounts first', async () => {
    const byPhone = await rig.billing.findAccounts({
      query: { $case: 'phone', value: '8 (913) 123-45-67' },
      limit: 0,
    });
    expect(byPhone.accounts.map((a) => [a.accountNumber, a.closed])).toEqual([
      [IVANOV.account, false],
      [CLOSED.account, true],
    ]);
    // Stored as "89230001122", asked as +7...
    const stored8 = await rig.billing.findAccounts({
      query: { $case: 'phone', value: '+7 923 000-11-22' },
      limit: 0,
    });
    expect(stored8.accounts.map((a) => a.accountNumber)).toEqual([PETROVA.account]);
    const nobody = await rig.billing.findAccounts({
      query: { $case: 'phone', value: '+79990000000' },
      limit: 0,
    });
    expect(nobody.accounts).toEqual([]);
  });

  it('finds by address however the street and settlement are written, and honours the limit', async () => {
    const address = (settlement: string, street: string, house = '', apartment = '') => ({
      query: { $case: 'address' as const, value: { settlement, street, house, apartment } },
      limit: 0,
    });
    const found = await rig.billing.findAccounts(address('Абакан', 'Ленина', '12', '5'));
    expect(found.accounts.map((a) => a.accountNumber)).toEqual([IVANOV.account]);
    const house40a = await rig.billing.findAccounts(address('г. Абакан', 'улица Щетинкина', '40а'));
    expect(house40a.accounts.map((a) => a.accountNumber)).toEqual([PETROVA.account]);
    const wholeTown = await rig.billing.findAccounts(address('абакан', ''));
    expect(wholeTown.accounts).toHaveLength(2);
    const limited = await rig.billing.findAccounts({ ...address('Абакан', ''), limit: 1 });
    expect(limited.accounts).toHaveLength(1);
    expect((await rig.billing.findAccounts(address('Абакан', 'Ленина', '13'))).accounts).toEqual([]);
    // "Абакан" is not "Усть-Абакан" and a street fragment with LIKE wildcards matches literally.
    expect((await rig.billing.findAccounts(address('Усть-Абакан', ''))).accounts).toEqual([]);
    expect((await rig.billing.findAccounts(address('Абакан', '%'))).accounts).toEqual([]);
  });

  it('refuses a query without a criterion, a bad phone or number, a settlement-less address', async () => {
    expect((await failure(rig.billing.findAccounts({ query: undefined, limit: 0 }))).kind).toBe(
      'invalid_argument',
    );
    const badPhone = await failure(
      rig.billing.findAccounts({ query: { $case: 'phone', value: '12345' }, limit: 0 }),
    );
    expect(badPhone.message).toContain('phone must be a Russian phone number');
    const badNumber = await failure(
      rig.billing.findAccounts({ query: { $case: 'accountNumber', value: 'abc' }, limit: 0 }),
    );
    expect(badNumber.kind).toBe('invalid_argument');
    const noTown = await failure(
      rig.billing.findAccounts({
        query: { $case: 'address', value: { settlement: ' ', street: 'Ленина', house: '', apartment: '' } },
        limit: 0,
      }),
    );
    expect(noTown.message).toContain('address.settlement is required');
  });
});

describe('GetAccount', () => {
  it('returns the account with its address and owner, consents included', async () => {
    const { account } = await rig.billing.getAccount({ accountNumber: IVANOV.account });
    expect(account).toEqual({
      accountNumber: IVANOV.account,
      ownerFullName: 'Иванов Иван Иванович',
      address: {
        area: 'Абакан',
        settlement: 'г. Абакан',
        street: 'ул. Ленина',
        house: '12',
        building: '',
        apartment: '5',
        fullAddress: 'г. Абакан, ул. Ленина, д. 12, кв. 5',
      },
      openedOn: '2015-03-01',
      closedOn: '',
      restricted: false,
      owner: {
        clientId: '1',
        clientType: 'individual',
        fullName: 'Иванов Иван Иванович',
        inn: '',
        phones: [IVANOV.phone],
        email: 'ivanov@example.ru',
        postalAddress: '',
        preferredChannel: 'sms',
        timeZone: 'Asia/Krasnoyarsk',
        vulnerable: false,
        consents: [
          { channel: 'phone', purpose: 'debt_reminder', allowed: false },
          { channel: 'sms', purpose: '*', allowed: true },
        ],
      },
    });
    const closed = await rig.billing.getAccount({ accountNumber: CLOSED.account });
    expect(closed.account?.closedOn).toBe('2024-05-31');
  });

  it('answers NOT_FOUND for an unknown account', async () => {
    const error = await failure(rig.billing.getAccount({ accountNumber: '1999999999' }));
    expect(error.kind).toBe('not_found');
    expect(error.message).toBe('no account with this number');
  });
});

describe('GetBalance', () => {
  it('computes due and overdue from charges and payments made so far, with the last payment', async () => {
    const balance = await rig.billing.getBalance({ accountNumber: IVANOV.account });
    // Charged 5 103.00 ₽; paid 2 500.00 ₽ by now (the payment dated 30.11 is not made yet).
    expect(balance).toEqual({
      accountNumber: IVANOV.account,
      asOf: new Date(NOW),
      dueKopecks: 260_300,
      overdueKopecks: 260_300,
      advanceKopecks: 0,
      nextDueDate: '',
      lastPayment: {
        paidAt: new Date('2026-10-09T04:00:00Z'),
        creditedAt: new Date('2026-10-09T05:00:00Z'),
        amountKopecks: 100_000,
        method: 'online_account',
        reference: '',
      },
    });
  });

  it('reports an advance payment', async () => {
    const balance = await rig.billing.getBalance({ accountNumber: PETROVA.account });
    expect(balance).toMatchObject({ dueKopecks: 0, overdueKopecks: 0, advanceKopecks: 40_000 });
  });
});

describe('ListCharges and ListPayments', () => {
  it('lists charges newest period first, within the asked periods', async () => {
    const all = await rig.billing.listCharges({
      accountNumber: IVANOV.account,
      fromPeriod: '',
      toPeriod: '',
      limit: 0,
    });
    expect(all.charges.map((c) => `${c.period}/${c.zone}`)).toEqual([
      '2026-10/day',
      '2026-10/night',
      '2026-09/day',
      '2026-08/day',
    ]);
    expect(all.charges[0]).toEqual({
      period: '2026-10',
      zone: 'day',
      kwh: '250.50',
      tariffKopecks: 600,
      amountKopecks: 150_300,
      dueDate: '2026-11-10',
    });
    const autumn = await rig.billing.listCharges({
      accountNumber: IVANOV.account,
      fromPeriod: '2026-09',
      toPeriod: '2026-09',
      limit: 0,
    });
    expect(autumn.charges.map((c) => c.period)).toEqual(['2026-09']);
    const bad = await failure(
      rig.billing.listCharges({
        accountNumber: IVANOV.account,
        fromPeriod: '2026-10',
        toPeriod: '2026-09',
        limit: 0,
      }),
    );
    expect(bad.message).toContain('from_period must not be after to_period');
    expect(
      (
        await failure(
          rig.billing.listCharges({
            accountNumber: IVANOV.account,
            fromPeriod: '2026-13',
            toPeriod: '',
            limit: 0,
          }),
        )
      ).kind,
    ).toBe('invalid_argument');
  });

  it('lists payments newest first, since an instant, within the limit', async () => {
    const all = await rig.billing.listPayments({ accountNumber: IVANOV.account, since: undefined, limit: 0 });
    expect(all.payments.map((p) => p.amountKopecks)).toEqual([500_000, 100_000, 150_000]);
    expect(all.payments[0]?.creditedAt).toBeUndefined();
    const recent = await rig.billing.listPayments({
      accountNumber: IVANOV.account,
      since: new Date('2026-10-01T00:00:00Z'),
      limit: 1,
    });
    expect(recent.payments.map((p) => p.reference)).toEqual(['FUTURE']);
    expect(
      (await failure(rig.billing.listPayments({ accountNumber: '1999999999', since: undefined, limit: 0 })))
        .kind,
    ).toBe('not_found');
  });
});
