import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DispatchBatcher } from '../bullmq/batcher.ts';
import type { ContactJobRef, DispatchResult } from '../services/dispatch.ts';
import { processContacts } from '../services/dispatch.ts';
import { addDebtor, contactRows, createHarness, type Harness, runningCampaign } from './harness.ts';
import { RecordingSms } from './recording-sms.ts';

// Tuesday 2026-12-01, 12:00 in Krasnoyarsk.
const START = '2026-12-01T05:00:00Z';

describe('batched dispatch', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ start: START });
    for (const id of [51, 52, 53, 54])
      await addDebtor(h.db.pool, { id, phone: `+791300000${id}`, debtKopecks: 1 });
  });
  afterAll(async () => h?.close());

  it('claims, sends and records a batch once per contact: a job twice in a batch sends once', async () => {
    const gateway = new RecordingSms((request) =>
      request.contactId % 2 === 0
        ? { kind: 'accepted', gatewayIds: [`g${request.contactId}`], costUnits: 1 }
        : { kind: 'finished', outcome: 'positive', detail: 'delivered' },
    );
    h.deps.senders.sms = gateway;
    const { campaign } = await runningCampaign(h, {
      name: 'Пакет',
      purpose: 'information',
      channels: ['sms'],
      audience: { kind: 'filter', areas: ['Абакан'] },
      templates: { sms: 'Офис 31.12 работает до 16:00.' },
    });
    const contacts = await contactRows(h.db.pool, campaign.id);
    const jobs = contacts.map((c) => ({ contactId: c.id as number, seq: 0 }));
    const results = await processContacts(h.deps, [
      ...jobs,
      jobs[0]!,
      { contactId: jobs[1]!.contactId, seq: 7 },
    ]);
    expect(gateway.sent.sort()).toEqual(jobs.map((j) => j.contactId));
    const byParity = (id: number) => (id % 2 === 0 ? 'sent' : 'positive');
    expect(results.map((r) => (r.kind === 'done' ? r.what : r.kind))).toEqual([
      ...jobs.map((j) => byParity(j.contactId)),
      'claimed_elsewhere',
      'stale',
    ]);
    const { rows } = await h.db.pool.query(
      'select contact_id, stage, result, gateway_ids from campaign_attempts order by contact_id',
    );
    expect(rows).toEqual(
      jobs.map((j) =>
        j.contactId % 2 === 0
          ? { contact_id: j.contactId, stage: 'sent', result: null, gateway_ids: [`g${j.contactId}`] }
          : { contact_id: j.contactId, stage: 'done', result: 'positive', gateway_ids: [] },
      ),
    );
    // Run again: nothing is pending with that sequence any more, nothing is sent twice.
    const again = await processContacts(h.deps, jobs);
    expect(again.every((r) => r.kind === 'done' && ['in_progress', 'not_pending'].includes(r.what))).toBe(
      true,
    );
    expect(gateway.sent).toHaveLength(jobs.length);
  });
});

describe('DispatchBatcher', () => {
  it('groups the jobs submitted together, fills the next batch while one is in flight, fails each job of a failed batch', async () => {
    const batches: number[][] = [];
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const batcher = new DispatchBatcher(
      async (jobs: readonly ContactJobRef[]): Promise<DispatchResult[]> => {
        batches.push(jobs.map((j) => j.contactId));
        if (batches.length === 1) await gate;
        if (jobs.some((j) => j.contactId === 99)) throw new Error('database gone');
        return jobs.map((j) => ({ kind: 'done', what: `c${j.contactId}` }));
      },
      { maxBatch: 3, parallel: 1 },
    );
    const first = [1, 2, 3, 4].map((id) => batcher.submit({ contactId: id, seq: 0 }));
    await new Promise((resolve) => setImmediate(resolve));
    const later = [5, 99].map((id) => batcher.submit({ contactId: id, seq: 0 }));
    release();
    const settled = await Promise.allSettled([...first, ...later]);
    expect(batches).toEqual([
      [1, 2, 3],
      [4, 5, 99],
    ]);
    expect(settled.slice(0, 3).map((s) => (s.status === 'fulfilled' ? s.value : s.reason))).toEqual([
      { kind: 'done', what: 'c1' },
      { kind: 'done', what: 'c2' },
      { kind: 'done', what: 'c3' },
    ]);
    expect(settled.slice(3).map((s) => s.status)).toEqual(['rejected', 'rejected', 'rejected']);
  });
});
