import type { AriClient } from 'ari-client';
import { afterAll, beforeAll } from 'vitest';
import { type RealAsteriskIvr, realAsteriskEnv, startRealAsteriskIvr } from './real-asterisk.ts';
import { startWebSocketCut, type WebSocketCut } from './websocket-cut.ts';

/**
 * What the real-Asterisk outage tests share (issue 5): an IVR whose ARI event WebSocket a test can
 * cut, an outage longer than ari-client's own ~43 s of reconnecting, polling for what the IVR and
 * Asterisk do meanwhile.
 */
export const OUTAGE_MS = 60_000;

/** Polls `condition` until it holds; fails naming `what` after `timeoutMs`. */
export async function until(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs: number,
  everyMs = 100,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`not reached in ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** The ARI applications Asterisk has registered (an app stays listed while it holds a channel). */
export async function applicationNames(client: AriClient): Promise<string[]> {
  return ((await client.applications.list()) as Array<{ name: string }>).map((a) => a.name);
}

export interface IvrBehindCut {
  /** The IVR (on a fresh database and Redis), reaching ARI through `relay`. */
  h: RealAsteriskIvr;
  /** The TCP relay in front of Asterisk's HTTP port that cuts the IVR's WebSocket. */
  relay: WebSocketCut;
}

/**
 * Starts the relay and the IVR behind it before the suite's tests and closes both after them.
 * Call inside `describe`; the fields are set once `beforeAll` ran.
 */
export function ivrBehindWebSocketCut(): IvrBehindCut {
  const rig = {} as IvrBehindCut;
  beforeAll(async () => {
    rig.relay = await startWebSocketCut(realAsteriskEnv()!.url);
    rig.h = await startRealAsteriskIvr({ ivrAriUrl: rig.relay.url });
  });
  afterAll(async () => {
    await rig.h?.close();
    await rig.relay?.close();
  });
  return rig;
}
