import { describe, expect, it } from 'vitest';
import { AriRestError } from '../ari/rest.ts';
import { realTimers } from '../stasis/call.ts';
import { Record as RecordCall } from '../verbs/record.ts';
import type { VerbContext } from '../verbs/verb.ts';

/**
 * Real Asterisk 22.10.1 replied to a snoop before the snoop channel was in Stasis: the record
 * sent at once got 409 "Channel not in Stasis application" (test:asterisk, right after an
 * Asterisk restart). The verb tries the record again for a short while; other errors stay errors.
 */
function sessionWith(record: () => Promise<unknown>) {
  const calls: string[] = [];
  const steps: Array<{ kind: string; data: unknown }> = [];
  const session = {
    interactionId: '42',
    channelId: 'caller-1',
    assertLive() {},
    step(kind: string, data: unknown) {
      steps.push({ kind, data });
    },
    runtime: {
      app: 'hotline',
      timers: realTimers,
      rest: {
        snoop: async (channelId: string, snoopId: string) => {
          calls.push(`snoop ${channelId} ${snoopId}`);
        },
        record: async (channelId: string) => {
          calls.push(`record ${channelId}`);
          return record();
        },
      },
    },
  };
  return { context: { session } as unknown as VerbContext, calls, steps };
}

describe('whole-call recording on a snoop channel not yet in Stasis', () => {
  it('a 409 from the record is tried again until the snoop is in Stasis', async () => {
    let refusals = 2;
    const { context, calls, steps } = sessionWith(async () => {
      if (refusals-- > 0)
        throw new AriRestError(409, 'POST /channels/snoop-42/record', 'Channel not in Stasis application');
      return {};
    });
    expect(await new RecordCall().exec(context)).toBe('call-42');
    expect(calls).toEqual([
      'snoop caller-1 snoop-42',
      'record snoop-42',
      'record snoop-42',
      'record snoop-42',
    ]);
    expect(steps).toEqual([{ kind: 'verb.record', data: expect.objectContaining({ outcome: 'call-42' }) }]);
  });

  it('gives up after 20 tries (about 1 s), and never retries other errors', async () => {
    const stuck = sessionWith(async () => {
      throw new AriRestError(409, 'POST /channels/snoop-42/record', 'Channel not in Stasis application');
    });
    await expect(new RecordCall().exec(stuck.context)).rejects.toMatchObject({ status: 409 });
    expect(stuck.calls.filter((c) => c.startsWith('record'))).toHaveLength(20);
    const missing = sessionWith(async () => {
      throw new AriRestError(404, 'POST /channels/snoop-42/record', 'Channel not found');
    });
    await expect(new RecordCall().exec(missing.context)).rejects.toMatchObject({ status: 404 });
    expect(missing.calls.filter((c) => c.startsWith('record'))).toHaveLength(1);
  });
});
