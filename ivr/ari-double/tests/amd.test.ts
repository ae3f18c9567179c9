import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SteppedClock } from '../clock.ts';
import { AriCore, referenceSounds } from '../core.ts';
import { amdVerdict } from '../dialplan.ts';
import type { AriEvent } from '../events.ts';

/**
 * AMD() for the dialer: an answered call is sent with continueInDialplan to a context that runs
 * AMD() and returns to Stasis with `${AMDSTATUS}`/`${AMDCAUSE}` as arguments (infra/asterisk's
 * `[dialer-amd]`). The simulated far end says what it sounds like with SIM_AMD.
 */
describe('AMD() and ${VAR} substitution in the dialplan', () => {
  let spool: string;
  let clock: SteppedClock;
  let core: AriCore;
  let events: AriEvent[];

  beforeEach(() => {
    spool = mkdtempSync(join(tmpdir(), 'ari-double-amd-'));
    clock = new SteppedClock('2026-11-28T04:00:00.000Z');
    core = new AriCore({ clock, asteriskId: '02:fc:00:00:00:01', spoolDir: spool, sounds: referenceSounds });
    events = [];
    core.asterisk.apps.register('dialer-test', { send: (event) => events.push(event) }, false);
    core.dialplan.define('dialer-amd', 's', [
      { app: 'NoOp', data: 'answering-machine detection' },
      { app: 'AMD' },
      { app: 'Stasis', data: '${DIALER_APP},amd,${AMDSTATUS},${AMDCAUSE}' },
      { app: 'Hangup' },
    ]);
    core.dialplan.define('sim', 'machine', [
      { app: 'Set', data: 'SIM_AMD=MACHINE' },
      { app: 'Answer' },
      { app: 'Wait', data: '60' },
    ]);
    core.dialplan.define('sim', 'person', [
      { app: 'Set', data: 'SIM_AMD=HUMAN' },
      { app: 'Answer' },
      { app: 'Wait', data: '60' },
    ]);
    core.dialplan.define('sim', 'mute', [{ app: 'Answer' }, { app: 'Wait', data: '60' }]);
  });
  afterEach(() => {
    core.shutdown();
    rmSync(spool, { recursive: true, force: true });
  });

  const stasisStarts = () => events.filter((e) => e.type === 'StasisStart').map((e) => e.args);

  /** Originates, waits for the answer, sends the call to AMD; returns when AMD started (ms). */
  function answerAndDetect(number: string): number {
    core.originator.originate({
      endpoint: `Local/${number}@sim`,
      app: 'dialer-test',
      appArgs: 'dialer,17',
      channelId: number,
      variables: { DIALER_APP: 'dialer-test' },
    });
    for (let i = 0; i < 100 && stasisStarts().length === 0; i++) clock.advance(10);
    expect(stasisStarts()).toEqual([['dialer', '17']]);
    core.originator.continueInDialplan(number, { context: 'dialer-amd', extension: 's' });
    clock.advance(0);
    return clock.nowMs();
  }

  it('a person: HUMAN after the greeting and the silence after it (600 + 800 ms), back in Stasis with the verdict', () => {
    const started = answerAndDetect('person');
    clock.advance(1399);
    expect(stasisStarts()).toHaveLength(1);
    clock.advance(1);
    expect(stasisStarts()).toEqual([
      ['dialer', '17'],
      ['amd', 'HUMAN', 'HUMAN-800-800'],
    ]);
    expect(clock.nowMs() - started).toBe(1400);
    const varsets = events.filter((e) => e.type === 'ChannelVarset').map((e) => [e.variable, e.value]);
    expect(varsets).toContainEqual(['AMDSTATUS', 'HUMAN']);
    expect(varsets).toContainEqual(['AMDCAUSE', 'HUMAN-800-800']);
    // The originating app stayed subscribed while the channel ran dialplan: it sees the end.
    core.originator.continueInDialplan('person', {});
    clock.advance(10);
    expect(events.map((e) => e.type)).toContain('ChannelDestroyed');
  });

  it('a machine: MACHINE once its greeting outlasts 1500 ms', () => {
    answerAndDetect('machine');
    clock.advance(1499);
    expect(stasisStarts()).toHaveLength(1);
    clock.advance(1);
    expect(stasisStarts().at(-1)).toEqual(['amd', 'MACHINE', 'LONGGREETING-1500-1500']);
  });

  it('a far end that sends no audio (only Answer and Wait, no SIM_AMD): NOTSURE, TOOLONG after the whole 5000 ms', () => {
    const started = answerAndDetect('mute');
    clock.advance(4999);
    expect(stasisStarts()).toHaveLength(1);
    clock.advance(1);
    expect(stasisStarts().at(-1)).toEqual(['amd', 'NOTSURE', 'TOOLONG-5000']);
    expect(clock.nowMs() - started).toBe(5000);
  });

  it('reads AMD() settings from its arguments; NOTSURE takes the whole analysis time', () => {
    expect(amdVerdict('HUMAN', ['2500', '1500', '1000'])).toEqual({
      status: 'HUMAN',
      cause: 'HUMAN-1000-1000',
      afterMs: 1600,
    });
    expect(amdVerdict('MACHINE', ['', '2000'])).toMatchObject({
      cause: 'LONGGREETING-2000-2000',
      afterMs: 2000,
    });
    expect(amdVerdict('NOTSURE', [])).toEqual({ status: 'NOTSURE', cause: 'TOOLONG-5000', afterMs: 5000 });
  });

  it('silence on the line: MACHINE once the initial silence (2500 ms) runs out, as real Asterisk 22.10.1 said', () => {
    // Real app_amd with a far end playing silence: `MACHINE,INITIALSILENCE-2500-2500` after 2.5 s
    // (one sending no audio frames at all ends NOTSURE after the analysis time: SIM_AMD=NOTSURE).
    core.dialplan.define('sim', 'quiet', [
      { app: 'Set', data: 'SIM_AMD=SILENCE' },
      { app: 'Answer' },
      { app: 'Wait', data: '60' },
    ]);
    answerAndDetect('quiet');
    clock.advance(2499);
    expect(stasisStarts()).toHaveLength(1);
    clock.advance(1);
    expect(stasisStarts().at(-1)).toEqual(['amd', 'MACHINE', 'INITIALSILENCE-2500-2500']);
    expect(amdVerdict('SILENCE', ['3000'])).toEqual({
      status: 'MACHINE',
      cause: 'INITIALSILENCE-3000-3000',
      afterMs: 3000,
    });
  });
});
