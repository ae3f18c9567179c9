import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServiceContext } from '../../../../core/testing/context.ts';
import { createTestDatabase, type TestDatabase } from '../../../../core/testing/pg.ts';
import { createTestRedis, type TestRedis } from '../../../../core/testing/redis.ts';
import { buildDesktop, type Desktop } from '../../desktop.ts';
import { queueTitlesChannel, queueTitlesSource } from '../../live/queue-titles.ts';
import { Browser, createUser, listen } from '../../tests/helpers.ts';

let db: TestDatabase;
let redis: TestRedis;
let server: Server;
let base: string;
let desktop: Desktop;
let admin: Browser;
let adminId: number;

beforeAll(async () => {
  db = await createTestDatabase();
  redis = await createTestRedis();
  desktop = buildDesktop(testServiceContext({ db, redis, env: { LOGIN_RATE_PER_MINUTE: '1000' } }));
  ({ server, base } = await listen(desktop.app));
  adminId = await createUser(db.pool, 'admin-1', ['admin']);
  admin = new Browser(base);
  expect((await admin.login('admin-1')).status).toBe(200);
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await redis?.cleanup();
  await db?.drop();
});

async function json<T = Record<string, unknown>>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

async function auditActions(subjectId: string | number): Promise<string[]> {
  const { rows } = await db.pool.query<{ action: string }>(
    'select action from audit_log where subject_id = $1 order by id',
    [String(subjectId)],
  );
  return rows.map((row) => row.action);
}

describe('users and roles', () => {
  it('creates an operator whose one-time password works, refuses a taken login and bad fields in Russian', async () => {
    const created = await admin.request('POST', '/api/admin/users', {
      login: 'ivanova',
      fullName: 'Иванова Анна Сергеевна',
      roles: ['operator'],
      sipEndpoint: 'PJSIP/1042',
      chatCapacity: 4,
    });
    expect(created.status).toBe(201);
    const body = await json<{ user: { id: number; chatCapacity: number }; temporaryPassword: string }>(
      created,
    );
    expect(body.temporaryPassword).toMatch(/^[A-Za-z2-9]{14}$/);
    expect(body.user.chatCapacity).toBe(4);
    expect((await new Browser(base).login('ivanova', body.temporaryPassword)).status).toBe(200);
    expect(await auditActions(body.user.id)).toEqual(['user.create', 'auth.login']);

    const again = await admin.request('POST', '/api/admin/users', {
      login: 'ivanova',
      fullName: 'Другая Анна',
      roles: ['operator'],
    });
    expect(again.status).toBe(409);
    expect((await json(again)).error).toBe('Логин «ivanova» уже занят');

    const bad = await admin.request('POST', '/api/admin/users', {
      login: 'и',
      fullName: 'Я',
      roles: ['boss'],
      sipEndpoint: 'tel:123',
    });
    expect(bad.status).toBe(400);
    const error = String((await json(bad)).error);
    expect(error).toContain('Логин: 3–40 латинских букв');
    expect(error).toContain('ФИО: не короче 3 символов');
  });

  it('a role change ends the user’s sessions at once; an admin cannot demote or disable themselves', async () => {
    const id = await createUser(db.pool, 'petrov', ['operator', 'supervisor']);
    const petrov = new Browser(base);
    await petrov.login('petrov');
    expect((await petrov.request('GET', '/api/session')).status).toBe(200);
    const patched = await admin.request('PATCH', `/api/admin/users/${id}`, { roles: ['operator'] });
    expect(patched.status).toBe(200);
    expect((await json<{ user: { roles: string[] } }>(patched)).user.roles).toEqual(['operator']);
    expect((await petrov.request('GET', '/api/session')).status).toBe(401);

    for (const patch of [{ roles: ['supervisor'] }, { active: false }]) {
      const refused = await admin.request('PATCH', `/api/admin/users/${adminId}`, patch);
      expect(refused.status).toBe(409);
    }
    expect((await admin.request('PATCH', '/api/admin/users/999999', { active: false })).status).toBe(404);
    expect((await admin.request('PATCH', `/api/admin/users/${id}`, {})).status).toBe(400);
  });

  it('reset password replaces the old one; unlock lifts a lockout', async () => {
    const id = await createUser(db.pool, 'sidorova', ['operator']);
    const reset = await admin.request('POST', `/api/admin/users/${id}/reset-password`, {});
    const { temporaryPassword } = await json<{ temporaryPassword: string }>(reset);
    expect((await new Browser(base).login('sidorova')).status).toBe(401);
    expect((await new Browser(base).login('sidorova', temporaryPassword)).status).toBe(200);

    await db.pool.query(
      `update users set locked_until = now() + interval '1 hour', failed_logins = 5 where id = $1`,
      [id],
    );
    expect((await new Browser(base).login('sidorova', temporaryPassword)).status).toBe(423);
    expect((await admin.request('POST', `/api/admin/users/${id}/unlock`, {})).status).toBe(204);
    expect((await new Browser(base).login('sidorova', temporaryPassword)).status).toBe(200);
    expect(await auditActions(id)).toEqual(
      expect.arrayContaining(['user.reset_password', 'user.unlock', 'auth.login_locked']),
    );
  });
});

describe('queues and skills', () => {
  it('a saved queue is in PostgreSQL and live in the ACD; skills accept known queues only', async () => {
    const saved = await admin.request('PUT', '/api/admin/queues/voice_debt', {
      media: 'voice',
      topics: ['balance', 'installment'],
    });
    expect(saved.status).toBe(200);
    expect(await desktop.context.acd.queueNames()).toContain('voice_debt');
    const { queues } = await json<{ queues: Array<{ name: string; offerTimeoutMs: number }> }>(
      await admin.request('GET', '/api/admin/queues'),
    );
    expect(queues.find((q) => q.name === 'voice_debt')?.offerTimeoutMs).toBe(15_000);
    const badOverflow = await admin.request('PUT', '/api/admin/queues/voice_x', {
      media: 'voice',
      overflowTo: 'nowhere',
      overflowAfterMs: 60_000,
    });
    expect(badOverflow.status).toBe(400);

    const id = await createUser(db.pool, 'skilled', ['operator']);
    const unknown = await admin.request('PUT', `/api/admin/users/${id}/skills`, [
      { queue: 'nowhere', level: 5 },
    ]);
    expect(unknown.status).toBe(400);
    expect((await json(unknown)).error).toBe('Нет таких очередей: nowhere');
    const ok = await admin.request('PUT', `/api/admin/users/${id}/skills`, [
      { queue: 'voice_debt', level: 8 },
    ]);
    expect((await json<{ user: { skills: unknown[] } }>(ok)).user.skills).toEqual([
      { queue: 'voice_debt', level: 8 },
    ]);
  });
});

describe('queue titles', () => {
  it('a title is trimmed, 1–80 characters (refused in Russian), and announced to every desktop process', async () => {
    // The live source of a desktop process (any process: the announcement goes through Redis).
    const stop = new AbortController();
    const announced = queueTitlesSource(desktop.context)(stop.signal)[Symbol.asyncIterator]();
    const firstAnnouncement = announced.next();
    const subscribers = async () =>
      (
        (await desktop.context.redis.pubsub(
          'NUMSUB',
          queueTitlesChannel(desktop.context.prefix),
        )) as unknown[]
      )[1];
    await expect.poll(subscribers).toBe(1);
    try {
      const limit = 'title: Название очереди — от 1 до 80 символов';
      for (const title of ['Д'.repeat(81), '   ', 42]) {
        const refused = await admin.request('PUT', '/api/admin/queues/voice_titled', {
          media: 'voice',
          title,
        });
        expect(refused.status).toBe(400);
        expect((await json(refused)).error).toBe(limit);
      }
      expect(await desktop.context.acd.queueNames()).not.toContain('voice_titled');

      const longest = 'Д'.repeat(80);
      const saved = await admin.request('PUT', '/api/admin/queues/voice_titled', {
        media: 'voice',
        title: `  ${longest}  `,
      });
      expect(saved.status).toBe(200);
      const { queues } = await json<{ queues: Array<{ name: string; title?: string }> }>(
        await admin.request('GET', '/api/admin/queues'),
      );
      expect(queues.find((q) => q.name === 'voice_titled')?.title).toBe(longest);
      const first = await firstAnnouncement;
      expect(first.value?.message).toMatchObject({
        type: 'queues.titles',
        titles: { voice_titled: longest },
      });
      expect(first.value?.audience.roles).toEqual(expect.arrayContaining(['operator', 'supervisor']));

      // A rename: the next announcement carries the new title; a save without one keeps it.
      await admin.request('PUT', '/api/admin/queues/voice_titled', {
        media: 'voice',
        title: 'Звонки: долги',
      });
      expect((await announced.next()).value?.message.titles).toMatchObject({ voice_titled: 'Звонки: долги' });
      expect((await admin.request('PUT', '/api/admin/queues/voice_titled', { media: 'voice' })).status).toBe(
        200,
      );
      const titles = await json<{ titles: Record<string, string> }>(
        await admin.request('GET', '/api/queues/titles'),
      );
      expect(titles.titles.voice_titled).toBe('Звонки: долги');
    } finally {
      stop.abort();
      await announced.return?.();
    }
  });
});

describe('knowledge base and calendar', () => {
  it('an edited answer becomes a new version, the old one kept', async () => {
    for (const body of ['Оплатить можно в офисе.', 'Оплатить можно онлайн и в офисе.']) {
      const saved = await admin.request('PUT', '/api/admin/knowledge/payment_methods/text', { body });
      expect(saved.status).toBe(200);
    }
    const { versions } = await json<{
      versions: Array<{ version: number; active: boolean; updatedBy: string }>;
    }>(await admin.request('GET', '/api/admin/knowledge/payment_methods/text/history'));
    expect(versions.map((v) => [v.version, v.active])).toEqual([
      [2, true],
      [1, false],
    ]);
    expect(versions[0]!.updatedBy).toBe('admin-1');
    expect((await admin.request('PUT', '/api/admin/knowledge/weather/text', { body: 'x' })).status).toBe(404);
  });

  it('saves the ЕКЦ schedule and a production year, refusing a year that does not match', async () => {
    const before = await json<{ scheduleSource: string; schedule: { weekly: Record<string, unknown> } }>(
      await admin.request('GET', '/api/admin/calendar'),
    );
    expect(before.scheduleSource).toBe('default');
    const schedule = {
      ...before.schedule,
      weekly: { ...before.schedule.weekly, sun: { open: '10:00', close: '15:00' } },
    };
    const saved = await admin.request('PUT', '/api/admin/calendar/schedule', schedule);
    expect(saved.status).toBe(200);
    expect((await json(saved)).note).toContain('после перезапуска');
    const after = await json<{ scheduleSource: string; years: Array<{ year: number; saved: boolean }> }>(
      await admin.request('GET', '/api/admin/calendar'),
    );
    expect(after.scheduleSource).toBe('saved');
    const year2027 = (
      await json<{ years: Array<Record<string, unknown>> }>(await admin.request('GET', '/api/admin/calendar'))
    ).years.find((y) => y.year === 2027)!;
    const { saved: _saved, ...data } = year2027;
    expect((await admin.request('PUT', '/api/admin/calendar/years/2028', data)).status).toBe(400);
    expect(
      (await admin.request('PUT', '/api/admin/calendar/years/2027', { ...data, status: 'decree' })).status,
    ).toBe(200);
    expect(await auditActions('ekc_schedule')).toEqual(['calendar.schedule']);
  });
});
