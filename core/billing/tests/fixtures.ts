import type { Queryable } from '../../db/index.ts';

/**
 * A small billing world, written with plain SQL so the tests read the same tables a retailer's
 * data would fill. "Now" in the tests is 2026-11-27 10:00 Krasnoyarsk (03:00Z).
 */
export const NOW = '2026-11-27T03:00:00Z';

export const IVANOV = { account: '1901000001', phone: '+79131234567' };
export const PETROVA = { account: '1901000002', phone: '+79230001122' };
export const CLOSED = { account: '1902000003' };

export async function fillBillingFixture(db: Queryable): Promise<void> {
  await db.query(`
    insert into clients (id, type, full_name, phones, email, preferred_channel, time_zone, vulnerable)
    values (1, 'individual', 'Иванов Иван Иванович', array['${IVANOV.phone}'], 'ivanov@example.ru', 'sms', 'Asia/Krasnoyarsk', false),
           (2, 'sole_trader', 'Петрова Анна Сергеевна', array['89230001122'], null, null, 'Asia/Krasnoyarsk', true);
    insert into client_consents (client_id, channel, purpose, allowed) values
           (1, 'sms', '*', true), (1, 'phone', 'debt_reminder', false);
    insert into accounts (id, number, client_id, owner_full_name, area, settlement, street, house, apartment, full_address, opened_at, closed_at)
    values (1, '${IVANOV.account}', 1, 'Иванов Иван Иванович', 'Абакан', 'г. Абакан', 'ул. Ленина', '12', '5',
            'г. Абакан, ул. Ленина, д. 12, кв. 5', '2015-03-01', null),
           (2, '${PETROVA.account}', 2, 'Петрова Анна Сергеевна', 'Абакан', 'г. Абакан', 'ул. Щетинкина', '40А', null,
            'г. Абакан, ул. Щетинкина, д. 40А', '2019-06-01', null),
           (3, '${CLOSED.account}', 1, 'Иванов Иван Иванович', 'Черногорск', 'Черногорск', 'ул. Советская', '3', '1',
            'г. Черногорск, ул. Советская, д. 3, кв. 1', '2010-01-01', '2024-05-31');
    insert into meters (id, account_id, serial, zones, digits, monthly_ceiling_kwh, installed_at, verified_until, removed_at)
    values (1, 1, 'SM-100', array['day','night'], 5, 1000, '2020-01-15', '2036-01-15', null),
           (2, 1, 'OLD-1', array['single'], 5, 3000, '2010-01-01', null, '2020-01-15'),
           (3, 2, 'ME-7', array['single'], 6, 3000, '2019-06-01', null, null),
           (4, 3, 'CL-1', array['single'], 6, 3000, '2010-01-01', null, null);
    insert into meter_readings (meter_id, zone, value, taken_at, received_at, channel, state, reject_reason) values
           (1, 'day',   '12000.00', '2026-09-25T05:00:00Z', '2026-09-25T05:00:00Z', 'phone', 'accepted', null),
           (1, 'night', '5000.00',  '2026-09-25T05:00:00Z', '2026-09-25T05:00:00Z', 'phone', 'accepted', null),
           (1, 'day',   '12250.50', '2026-10-25T05:00:00Z', '2026-10-25T05:00:00Z', 'telegram', 'accepted', null),
           (1, 'day',   '99999.00', '2026-10-26T05:00:00Z', '2026-10-26T05:00:00Z', 'telegram', 'rejected', 'absurd_jump'),
           (1, 'night', '5100.00',  '2026-10-25T05:00:00Z', '2026-10-25T05:00:00Z', 'telegram', 'accepted', null);
    insert into charges (account_id, period, zone, kwh, tariff_kopecks, amount_kopecks, due_date) values
           (1, '2026-08-01', 'day', '250.00', 600, 150000, '2026-09-10'),
           (1, '2026-09-01', 'day', '300.00', 600, 180000, '2026-10-10'),
           (1, '2026-10-01', 'day', '250.50', 600, 150300, '2026-11-10'),
           (1, '2026-10-01', 'night', '100.00', 300, 30000, '2026-11-10'),
           (2, '2026-10-01', 'single', '100.00', 600, 60000, '2026-11-10');
    insert into payments (account_id, paid_at, credited_at, amount_kopecks, method, reference) values
           (1, '2026-09-05T04:00:00Z', '2026-09-06T04:00:00Z', 150000, 'card', 'SBP-1'),
           (1, '2026-10-09T04:00:00Z', '2026-10-09T05:00:00Z', 100000, 'online_account', null),
           (1, '2026-11-30T04:00:00Z', null, 500000, 'card', 'FUTURE'),
           (2, '2026-11-01T04:00:00Z', '2026-11-01T05:00:00Z', 100000, 'bank', 'PP-55');
    insert into outages (kind, area, settlement, streets, starts_at, ends_at, reason, grid_company, grid_phone) values
           ('planned', 'Абакан', 'г. Абакан', array['ул. Ленина', 'ул. Пушкина'], '2026-11-27T01:00:00Z', '2026-11-27T09:00:00Z',
            'Замена опоры', 'Россети Сибирь — Хакасэнерго', '+73902000000'),
           ('planned', 'Абакан', 'г. Абакан', array['Щетинкина'], '2026-11-30T02:00:00Z', '2026-11-30T06:00:00Z',
            'Ремонт линии', 'Россети Сибирь — Хакасэнерго', '+73902000000'),
           ('emergency', 'Абакан', 'Абакан', '{}', '2026-11-26T20:00:00Z', null,
            'Повреждение кабеля', 'Абаканские электрические сети', '+73902111111'),
           ('planned', 'Абакан', 'г. Абакан', array['ул. Ленина'], '2026-11-20T01:00:00Z', '2026-11-20T09:00:00Z',
            'Прошедшие работы', 'Россети Сибирь — Хакасэнерго', '+73902000000'),
           ('planned', 'Усть-Абаканский', 'пгт Усть-Абакан', '{}', '2026-11-28T01:00:00Z', '2026-11-28T05:00:00Z',
            'Другой посёлок', 'Россети Сибирь — Хакасэнерго', '+73902000000');
  `);
}
