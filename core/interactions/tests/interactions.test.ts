import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../testing/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/pg.ts';
import {
  canMoveInteraction,
  createInteractionService,
  InteractionNotFoundError,
  type InteractionService,
  InteractionStateError,
  InteractionValidationError,
} from '../index.ts';

let db: TestDatabase;
let interactions: InteractionService;
let agentId: number;
let clientId: number;
const clock = new ManualClock('2026-11-27T03:00:00Z');

beforeAll(async () => {
  db = await createTestDatabase();
  interactions = createInteractionService({ pool: db.pool, clock });
  const users = await db.pool.query(
    "insert into users (login, full_name, password_hash, roles) values ('agent', 'Агент', 'x', '{operator}') returning id",
  );
  agentId = users.rows[0].id;
  const clients = await db.pool.query(
    "insert into clients (type, full_name) values ('individual', 'Сидоров') returning id",
  );
  clientId = clients.rows[0].id;
});
afterAll(async () => db?.drop());

const seconds = (n: number) => clock.advance(n * 1000);

describe('a call from the robot to an operator and back to closed', () => {
  it('records the time of every stage and appends every stage event', async () => {
    clock.set('2026-11-27T03:00:00Z');
    const call = await interactions.open({
      channel: 'phone',
      externalId: 'ari-1700000000.1',
      contact: '+79131234567',
    });
    expect(call).toMatchObject({ state: 'self_service', direction: 'inbound', startedAt: clock.now() });

    seconds(40);
    await interactions.appendEvent(call.id, { kind: 'ivr.menu', data: { choice: 'operator' } });
    await interactions.update(call.id, { clientId, topics: ['balance', 'balance', 'bill'] });
    const queued = await interactions.moveTo(call.id, 'queued', { queue: 'general' });
    const queuedAt = clock.now();
    expect(queued).toMatchObject({
      state: 'queued',
      queue: 'general',
      clientId,
      topics: ['balance', 'bill'],
    });

    seconds(30);
    await interactions.moveTo(call.id, 'offered', { agentId });
    seconds(15); // missed offer: back to the queue, first queueing time kept
    const requeued = await interactions.moveTo(call.id, 'queued', { data: { reason: 'offer_timeout' } });
    expect(requeued.queuedAt).toEqual(queuedAt);

    seconds(20);
    await interactions.moveTo(call.id, 'offered', { agentId });
    const offeredAt = clock.now();
    seconds(5);
    const connected = await interactions.moveTo(call.id, 'connected');
    expect(connected).toMatchObject({ agentId, offeredAt, answeredAt: clock.now() });

    seconds(300);
    const wrapUp = await interactions.moveTo(call.id, 'wrap_up');
    expect(wrapUp.talkEndedAt).toEqual(clock.now());
    seconds(60);
    await interactions.update(call.id, { recordingId: 'rec-1' });
    const closed = await interactions.close(call.id, { outcome: 'resolved', csat: 5 });
    expect(closed).toMatchObject({
      state: 'closed',
      outcome: 'resolved',
      csat: 5,
      recordingId: 'rec-1',
      wrapUpEndedAt: clock.now(),
      closedAt: clock.now(),
    });

    const events = await interactions.events(call.id);
    expect(events.map((e) => e.kind)).toEqual([
      'opened',
      'ivr.menu',
      'updated',
      'queued',
      'offered',
      'queued',
      'offered',
      'connected',
      'wrap_up',
      'updated',
      'closed',
    ]);
    expect(events[5]!.data).toMatchObject({ from: 'offered', reason: 'offer_timeout' });
    // Events say which fields changed, never the personal data itself.
    expect(events[2]!.data).toEqual({ fields: ['clientId', 'topics'] });
    expect(JSON.stringify(events)).not.toContain('+79131234567');
  });

  it('abandons a waiting chat and closes it with the abandoned outcome', async () => {
    const chat = await interactions.open({ channel: 'telegram', state: 'queued', queue: 'chat' });
    expect(chat.queuedAt).toEqual(clock.now());
    seconds(100);
    const gone = await interactions.abandon(chat.id, { data: { waitedSeconds: 100 } });
    expect(gone).toMatchObject({ state: 'abandoned', outcome: 'abandoned', closedAt: clock.now() });
  });
});

describe('bad moves and bad input', () => {
  it('refuses impossible stage changes and leaves the interaction as it was', async () => {
    const call = await interactions.open({ channel: 'phone' });
    await expect(interactions.moveTo(call.id, 'connected', { agentId })).rejects.toThrow(
      InteractionStateError,
    );
    await expect(interactions.moveTo(call.id, 'wrap_up')).rejects.toThrow(
      /is self_service; it cannot become wrap_up/,
    );
    await interactions.close(call.id, { outcome: 'self_served' });
    await expect(interactions.moveTo(call.id, 'queued')).rejects.toThrow(/is closed/);
    expect((await interactions.get(call.id)).state).toBe('closed');
    expect((await interactions.events(call.id)).map((e) => e.kind)).toEqual(['opened', 'closed']);
  });

  it('needs an agent to offer, and names every bad field', async () => {
    const call = await interactions.open({ channel: 'phone', state: 'queued' });
    await expect(interactions.moveTo(call.id, 'offered')).rejects.toThrow(/agentId: required/);
    await expect(interactions.open({ channel: 'pigeon' as never, topics: ['x' as never] })).rejects.toThrow(
      InteractionValidationError,
    );
    await expect(interactions.update(call.id, {})).rejects.toThrow(/nothing to update/);
    await expect(interactions.update(call.id, { csat: 7 })).rejects.toThrow(/csat/);
    await expect(interactions.update(call.id, { clientId: 987654 })).rejects.toThrow(/does not exist/);
    await expect(interactions.appendEvent(call.id, { kind: 'Bad Kind' })).rejects.toThrow(/event kind/);
    await expect(interactions.moveTo(call.id, 'closed')).rejects.toThrow(/use close\(\)/);
  });

  it('reports unknown interactions and duplicate ids', async () => {
    const id = '0e1b7a53-52b4-4a43-9a5f-3b7f2f6f1c01';
    await expect(interactions.get(id)).rejects.toThrow(InteractionNotFoundError);
    await expect(interactions.moveTo(id, 'queued')).rejects.toThrow(InteractionNotFoundError);
    await interactions.open({ id, channel: 'vk' });
    await expect(interactions.open({ id, channel: 'vk' })).rejects.toThrow(/exists/);
  });

  it('allows exactly the documented moves', () => {
    expect(canMoveInteraction('offered', 'queued')).toBe(true);
    expect(canMoveInteraction('connected', 'queued')).toBe(true);
    expect(canMoveInteraction('wrap_up', 'connected')).toBe(false);
    expect(canMoveInteraction('abandoned', 'queued')).toBe(false);
  });
});
