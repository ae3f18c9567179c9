import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from '../../tests/helpers.ts';
import { auditActions, CALL_ID, createUser, json, type RecordsWorld, startRecordsWorld } from './support.ts';

let world: RecordsWorld;
let anna: Browser;
let annaId: number;
let boris: Browser;
let supervisor: Browser;

beforeAll(async () => {
  world = await startRecordsWorld();
  annaId = await createUser(world.db.pool, 'card-anna', ['operator']);
  await createUser(world.db.pool, 'card-boris', ['operator']);
  await createUser(world.db.pool, 'card-supervisor', ['supervisor']);
  await createUser(world.db.pool, 'card-admin', ['admin']);
  anna = await world.signIn('card-anna');
  boris = await world.signIn('card-boris');
  supervisor = await world.signIn('card-supervisor');
});
afterAll(async () => {
  await world?.close();
});

const search = (browser: Browser, body: unknown) =>
  browser.request('POST', '/api/records/search', body).then(json);
const card = (browser: Browser, query = '') =>
  browser.request('GET', `/api/records/accounts/1${query}`).then(json);
const identify = (browser: Browser, body: unknown) =>
  browser.request('POST', '/api/records/accounts/1/identification', body).then(json);

describe('client search', () => {
  it('finds by account number, phone, surname and address, listing owners masked', async () => {
    const byNumber = await search(anna, { by: 'account', value: '19 01 000 001' });
    expect(byNumber.status).toBe(200);
    expect(byNumber.body.accounts).toEqual([
      {
        id: 1,
        number: '1901000001',
        owner: 'И*** И. И.',
        settlement: 'г. Абакан',
        clientType: 'individual',
        closed: false,
      },
    ]);
    const byPhone = await search(anna, { by: 'phone', value: '8 (913) 123-45-67' });
    expect(byPhone.body.accounts.map((a: { number: string }) => a.number)).toEqual([
      '1901000001',
      '1902000003',
    ]);
    const bySurname = await search(anna, { by: 'surname', value: 'ПЕТРОВА' });
    expect(bySurname.body.accounts.map((a: { owner: string }) => a.owner)).toEqual(['П*** А. С.']);
    const byAddress = await search(anna, {
      by: 'address',
      settlement: 'Абакан',
      street: 'Ленина',
      house: '12',
    });
    expect(byAddress.body.accounts.map((a: { id: number }) => a.id)).toEqual([1]);
    expect(JSON.stringify([byNumber, byPhone, bySurname, byAddress])).not.toContain('Иванов');
  });

  it('answers bad input in Russian and keeps the searched value out of the audit', async () => {
    const bad = await search(anna, { by: 'account', value: '12345' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe('Номер лицевого счёта — 10 цифр');
    expect((await search(anna, {})).body.error).toBe(
      'Выберите, как искать: по лицевому счёту, телефону, фамилии или адресу',
    );
    expect((await search(anna, { by: 'address' })).body.error).toBe('Укажите населённый пункт');
    const searches = (await auditActions(world, annaId)).filter((row) => row.action === 'client.search');
    expect(searches.length).toBeGreaterThanOrEqual(4);
    expect(searches[0]!.details).toEqual({ by: 'account', results: 1 });
    expect(JSON.stringify(searches)).not.toContain('1901000001');
  });

  it('is refused to the administrator (no client data for that role)', async () => {
    const admin = await world.signIn('card-admin');
    expect((await search(admin, { by: 'surname', value: 'Иванов' })).status).toBe(403);
    expect((await admin.request('GET', '/api/records/accounts/1')).status).toBe(403);
  });
});

describe('the client card and the identification checklist', () => {
  it('shows an operator only masked data before identification, and audits the view', async () => {
    const masked = await card(anna);
    expect(masked.status).toBe(200);
    expect(masked.body.masked).toBe(true);
    expect(masked.body.owner).toMatchObject({
      name: 'И*** И. И.',
      phones: ['+7 *** ***-**-67'],
      email: 'i***@example.ru',
    });
    expect(masked.body.account.address).toBe('г. Абакан, …');
    expect(masked.body.identification).toMatchObject({ required: true, identified: false });
    // Settlements and debts are personal data: none before identification. Outages are public.
    for (const hidden of [
      'balance',
      'charges',
      'payments',
      'meters',
      'interactions',
      'appeals',
      'recordings',
    ])
      expect(masked.body).not.toHaveProperty(hidden);
    expect(masked.body.outages.length).toBeGreaterThan(0);
    expect(JSON.stringify(masked.body)).not.toMatch(/Иванов|Ленина|1234567/);
    const views = (await auditActions(world, annaId)).filter((row) => row.action === 'client.view');
    expect(views.at(-1)).toMatchObject({
      subject_type: 'account',
      subject_id: '1',
      client_id: 1,
      details: { masked: true, interactionId: null },
    });
  });

  it('ticks a check only when what the client said matches, recording both outcomes', async () => {
    const wrongName = await identify(anna, { check: 'owner_name', fullName: 'Петров Иван' });
    expect(wrongName.status).toBe(422);
    expect(wrongName.body.error).toBe('Названные фамилия и имя не совпадают с владельцем лицевого счёта');
    const onlySurname = await identify(anna, { check: 'owner_name', fullName: 'Иванов' });
    expect(onlySurname.status).toBe(422);
    const empty = await identify(anna, { check: 'account_or_address' });
    expect(empty.status).toBe(400);
    expect(empty.body.error).toBe('Введите номер лицевого счёта или дом и квартиру, которые назвал клиент');
    const wrongFlat = await identify(anna, { check: 'account_or_address', house: '12', apartment: '6' });
    expect(wrongFlat.status).toBe(422);

    const address = await identify(anna, { check: 'account_or_address', house: '12', apartment: '5' });
    expect(address.status).toBe(200);
    expect(address.body.identification.identified).toBe(false);
    expect((await card(anna)).body.masked).toBe(true);
    const name = await identify(anna, { check: 'owner_name', fullName: 'иванов  иван иванович' });
    expect(name.body.identification).toMatchObject({ required: true, identified: true });

    const trail = (await auditActions(world, annaId)).filter((row) =>
      row.action.startsWith('client.identification'),
    );
    expect(trail.map((row) => [row.action, row.details.check])).toEqual([
      ['client.identification_mismatch', 'owner_name'],
      ['client.identification_mismatch', 'owner_name'],
      ['client.identification_mismatch', 'account_or_address'],
      ['client.identification_check', 'account_or_address'],
      ['client.identification_check', 'owner_name'],
    ]);
    expect(JSON.stringify(trail)).not.toMatch(/Петров|Иванов|иванов/);
  });

  it('shows the full card after identification: money, meters, history, recordings', async () => {
    const full = await card(anna);
    expect(full.body.masked).toBe(false);
    expect(full.body.owner).toMatchObject({ name: 'Иванов Иван Иванович', phones: ['+79131234567'] });
    expect(full.body.account.address).toBe('г. Абакан, ул. Ленина, д. 12, кв. 5');
    // The fixture: 5 103.00 ₽ charged, 2 500.00 ₽ paid by now, every payment date already past.
    expect(full.body.balance).toMatchObject({ dueKopecks: 260300, overdueKopecks: 260300 });
    expect(full.body.charges).toHaveLength(4);
    expect(full.body.payments.map((p: { reference: string }) => p.reference)).toContain('SBP-1');
    expect(full.body.meters.map((m: { serial: string }) => m.serial)).toEqual(['SM-100']);
    expect(full.body.readings[0]).toMatchObject({ state: 'rejected', rejectReason: 'absurd_jump' });
    expect(full.body.interactions).toMatchObject([
      { id: CALL_ID, outcome: 'resolved', outcomeLabel: expect.stringMatching(/[а-я]/) },
    ]);
    expect(full.body.recordings.map((r: { id: string }) => r.id)).toEqual([`rec_${'a'.repeat(32)}`]);
    const views = (await auditActions(world, annaId)).filter((row) => row.action === 'client.view');
    expect(views.at(-1)!.details).toEqual({ masked: false, interactionId: null });
  });

  it('keeps ticks per operator and per conversation', async () => {
    expect((await card(boris)).body.masked).toBe(true);
    // A call is a new conversation: the client identifies again in it.
    const inCall = await card(anna, `?interactionId=${CALL_ID}`);
    expect(inCall.body.masked).toBe(true);
    await identify(anna, {
      check: 'account_or_address',
      interactionId: CALL_ID,
      accountNumber: '1901000001',
    });
    await identify(anna, { check: 'owner_name', interactionId: CALL_ID, fullName: 'Иванов Иван' });
    expect((await card(anna, `?interactionId=${CALL_ID}`)).body.masked).toBe(false);
    const views = (await auditActions(world, annaId)).filter((row) => row.action === 'client.view');
    expect(views.at(-1)!.details).toEqual({ masked: false, interactionId: CALL_ID });
  });

  it('lets a supervisor review outside a conversation, but not inside one without identifying', async () => {
    const review = await card(supervisor);
    expect(review.body).toMatchObject({ masked: false, identification: { required: false } });
    expect((await card(supervisor, `?interactionId=${CALL_ID}`)).body.masked).toBe(true);
  });

  it('answers 404 for unknown accounts, 400 for a malformed conversation id', async () => {
    for (const path of [
      '/api/records/accounts/999',
      '/api/records/accounts/abc',
      '/api/records/accounts/0',
    ]) {
      const response = await anna.request('GET', path).then(json);
      expect(response).toEqual({ status: 404, body: { error: 'Лицевой счёт не найден' } });
    }
    // A conversation the ACD has not written yet still scopes the ticks: a fresh, masked card.
    const newCall = await card(anna, '?interactionId=00000000-0000-4000-8000-000000000000');
    expect(newCall).toMatchObject({ status: 200, body: { masked: true } });
    expect((await card(anna, '?interactionId=nope')).status).toBe(400);
    const unknownTick = await anna
      .request('POST', '/api/records/accounts/999/identification', {
        check: 'owner_name',
        fullName: 'Иванов Иван',
      })
      .then(json);
    expect(unknownTick.status).toBe(404);
  });
});

describe('every records route', () => {
  it('answers an empty body and unknown ids with 400/404 in Russian, never a 500', async () => {
    const routes = world.desktop.routes.filter((route) => route.path.startsWith('/api/records/'));
    expect(routes.length).toBeGreaterThanOrEqual(11);
    for (const route of routes) {
      const path = route.path.replace(/:[a-z]+/gi, '987654');
      const response = await supervisor
        .request(route.method.toUpperCase(), path, route.method === 'get' ? undefined : {})
        .then(json);
      expect([200, 400, 404], `${route.method} ${route.path}`).toContain(response.status);
      if (response.status !== 200) expect(response.body.error).toMatch(/[а-яё]/i);
    }
  });
});
