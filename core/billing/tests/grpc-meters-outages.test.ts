import { describe, expect, it } from 'vitest';
import type { SubmitMeterReadingRequest } from '../../../proto/gen/hotline/billing/v1/billing.ts';
import { ManualClock } from '../../testing/clock.ts';
import { BillingError } from '../errors.ts';
import { CLOSED, IVANOV, NOW, PETROVA } from './fixtures.ts';
import { billingOverGrpc } from './grpc-rig.ts';

// ListMeters, SubmitMeterReading and ListOutages over a real gRPC connection and database.
const clock = new ManualClock(NOW);
const rig = billingOverGrpc(clock);

const submit = (values: Record<string, string>, extra: Partial<SubmitMeterReadingRequest> = {}) =>
  rig.billing.submitMeterReading({
    accountNumber: IVANOV.account,
    meterSerial: 'SM-100',
    values: Object.entries(values).map(([zone, value]) => ({ zone, value })),
    takenAt: undefined,
    channel: 'telegram',
    interactionId: '',
    ...extra,
  });

async function kindOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BillingError);
  return (error as BillingError).kind;
}

describe('ListMeters', () => {
  it('lists installed meters with the last accepted reading of each zone', async () => {
    const { meters } = await rig.billing.listMeters({ accountNumber: IVANOV.account });
    expect(meters).toEqual([
      {
        serial: 'SM-100',
        zones: ['day', 'night'],
        digits: 5,
        monthlyCeilingKwh: 1000,
        installedOn: '2020-01-15',
        verifiedUntil: '2036-01-15',
        lastReadings: [
          { zone: 'day', value: '12250.50', takenAt: new Date('2026-10-25T05:00:00Z'), channel: 'telegram' },
          { zone: 'night', value: '5100.00', takenAt: new Date('2026-10-25T05:00:00Z'), channel: 'telegram' },
        ],
      },
    ]);
    const single = await rig.billing.listMeters({ accountNumber: PETROVA.account });
    expect(single.meters.map((m) => [m.serial, m.lastReadings])).toEqual([['ME-7', []]]);
  });
});

describe('SubmitMeterReading', () => {
  it('accepts a plausible zone, rejects an absurd one with a Russian explanation, records both', async () => {
    // Previous readings 25.10; now 27.11: two started months, so up to 2 000 kWh per zone.
    const interactionId = '5b6f1d7e-9d2a-4c1e-8f3a-0d9c2b7a6e41';
    const response = await submit({ day: '12 400,5', night: '7100.01' }, { interactionId });
    expect(response.allAccepted).toBe(false);
    expect(response.results[0]).toEqual({
      zone: 'day',
      value: '12400.50',
      accepted: true,
      rejection: undefined,
      previous: {
        zone: 'day',
        value: '12250.50',
        takenAt: new Date('2026-10-25T05:00:00Z'),
        channel: 'telegram',
      },
      consumptionKwh: '150.00',
    });
    expect(response.results[1]).toMatchObject({
      zone: 'night',
      value: '7100.01',
      accepted: false,
      consumptionKwh: '',
    });
    expect(response.results[1]?.rejection?.code).toBe('absurd_jump');
    expect(response.results[1]?.rejection?.explanation).toContain('2\u00A0000,01 кВт·ч с 25.10.2026');

    const { rows } = await rig.db.pool.query(
      `select zone, value::text, submitted_text, state, reject_reason, channel, taken_at, received_at, interaction_id
         from meter_readings where meter_id = 1 and received_at = $1 order by zone`,
      [new Date(NOW)],
    );
    expect(rows).toEqual([
      {
        zone: 'day',
        value: '12400.50',
        submitted_text: '12 400,5',
        state: 'accepted',
        reject_reason: null,
        channel: 'telegram',
        taken_at: new Date(NOW),
        received_at: new Date(NOW),
        interaction_id: interactionId,
      },
      {
        zone: 'night',
        value: '7100.01',
        submitted_text: '7100.01',
        state: 'rejected',
        reject_reason: 'absurd_jump',
        channel: 'telegram',
        taken_at: new Date(NOW),
        received_at: new Date(NOW),
        interaction_id: interactionId,
      },
    ]);
    // The accepted day value is now the last reading; the rejected night one is not.
    const { meters } = await rig.billing.listMeters({ accountNumber: IVANOV.account });
    expect(meters[0]?.lastReadings.map((r) => r.value)).toEqual(['12400.50', '5100.00']);
  });

  it('rejects below previous, wrong zone, non-numeric and too many digits, each explained', async () => {
    clock.advance(60_000);
    const below = await submit({ day: '12400.49' });
    expect(below.results[0]?.rejection?.code).toBe('below_previous');
    expect(below.results[0]?.rejection?.explanation).toContain(
      'меньше предыдущего принятого (12\u00A0400,5 от 27.11.2026)',
    );
    const zone = await submit({ peak: '100' });
    expect(zone.results[0]?.rejection?.code).toBe('unknown_zone');
    const text = await submit({ night: 'пять тысяч' });
    expect(text.results[0]).toMatchObject({ value: '', accepted: false, rejection: { code: 'not_numeric' } });
    const digits = await submit({ night: '100000' });
    expect(digits.results[0]?.rejection).toMatchObject({ code: 'too_many_digits' });
    expect(digits.results[0]?.rejection?.explanation).toContain('5 цифр до запятой');
    const early = await submit({ night: '5200' }, { takenAt: new Date('2026-10-24T05:00:00Z') });
    expect(early.results[0]?.rejection?.code).toBe('before_previous_date');
    const ok = await submit({ night: '5200' });
    expect(ok).toMatchObject({ allAccepted: true, results: [{ consumptionKwh: '100.00' }] });

    const { rows } = await rig.db.pool.query(
      `select submitted_text, value, reject_reason from meter_readings where received_at > $1 order by id`,
      [new Date(NOW)],
    );
    expect(rows.map((r) => [r.submitted_text, r.value, r.reject_reason])).toEqual([
      ['12400.49', '12400.49', 'below_previous'],
      ['100', '100.00', 'unknown_zone'],
      ['пять тысяч', null, 'not_numeric'],
      ['100000', '100000.00', 'too_many_digits'],
      ['5200', '5200.00', 'before_previous_date'],
      ['5200', '5200.00', null],
    ]);
  });

  it('refuses a closed account, an unknown or removed meter and malformed requests', async () => {
    expect(
      await kindOf(submit({ single: '1' }, { accountNumber: CLOSED.account, meterSerial: 'CL-1' })),
    ).toBe('failed_precondition');
    expect(await kindOf(submit({ day: '1' }, { meterSerial: 'NOPE' }))).toBe('not_found');
    expect(await kindOf(submit({ single: '1' }, { meterSerial: 'OLD-1' }))).toBe('not_found');
    expect(await kindOf(submit({ day: '1' }, { accountNumber: '1999999999' }))).toBe('not_found');
    expect(await kindOf(submit({ sunset: '1' }))).toBe('invalid_argument');
    expect(await kindOf(submit({}))).toBe('invalid_argument');
    expect(await kindOf(submit({ day: '1' }, { channel: '' }))).toBe('invalid_argument');
    expect(await kindOf(submit({ day: '1' }, { interactionId: 'call-1' }))).toBe('invalid_argument');
    expect(await kindOf(submit({ day: '1' }, { takenAt: new Date(clock.nowMs() + 6 * 60_000) }))).toBe(
      'invalid_argument',
    );
    expect(await kindOf(submit({ day: 'x'.repeat(65) }))).toBe('invalid_argument');
    const { rows } = await rig.db.pool.query(
      `select count(*)::int as n from meter_readings where submitted_text = '1' or length(submitted_text) > 64`,
    );
    expect(rows[0].n).toBe(0);
  });
});

describe('ListOutages', () => {
  const outages = (settlement: string, street: string) => rig.billing.listOutages({ settlement, street });

  it('lists current outages first, then upcoming, for the street or the whole settlement', async () => {
    clock.set(NOW);
    const lenina = await outages('Абакан', 'Ленина');
    expect(lenina.asOf).toEqual(new Date(NOW));
    expect(lenina.outages.map((o) => [o.reason, o.current])).toEqual([
      ['Повреждение кабеля', true],
      ['Замена опоры', true],
    ]);
    expect(lenina.outages[0]).toMatchObject({ kind: 'emergency', streets: [], endsAt: undefined });
    expect(lenina.outages[1]).toMatchObject({
      kind: 'planned',
      settlement: 'г. Абакан',
      streets: ['ул. Ленина', 'ул. Пушкина'],
      startsAt: new Date('2026-11-27T01:00:00Z'),
      endsAt: new Date('2026-11-27T09:00:00Z'),
      gridCompany: 'Россети Сибирь — Хакасэнерго',
      gridPhone: '+73902000000',
    });
    const town = await outages('г. Абакан', '');
    expect(town.outages.map((o) => [o.reason, o.current])).toEqual([
      ['Повреждение кабеля', true],
      ['Замена опоры', true],
      ['Ремонт линии', false],
    ]);
    expect((await outages('Усть-Абакан', 'Мира')).outages.map((o) => o.reason)).toEqual(['Другой посёлок']);
  });

  it('drops an outage once it has ended', async () => {
    clock.set('2026-11-27T09:00:00Z');
    const after = await outages('Абакан', 'ул. Ленина');
    expect(after.outages.map((o) => o.reason)).toEqual(['Повреждение кабеля']);
    expect(await kindOf(outages('', 'Ленина'))).toBe('invalid_argument');
  });
});
