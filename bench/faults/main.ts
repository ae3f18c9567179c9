/**
 * Faults under load: the platform bench's rig at a smaller scale (FAULTS_CALLS concurrent calls,
 * FAULTS_CHAT_RATE chat msg/s, an SMS campaign, voice operators), on a PostgreSQL cluster and a
 * Redis server of its own (bench/faults/servers.ts), while one fault after another is injected:
 * Redis killed (SIGKILL, AOF on) and restarted, PostgreSQL crashed (immediate stop) and
 * restarted, the IVR process killed and a new one started, a chatbot instance killed and
 * restarted, the ARI WebSocket dropped and refused for 60 s. A service that dies by itself is
 * restarted and counted. Afterwards every call, chat message, campaign contact and operator
 * assignment (calls and chats: chat operators with a limit, fed through the ACD) is counted; an
 * SMS sent twice, a double assignment or a call left open (`closed_at` null) fails the run (exit 1).
 * Prints a human summary and one JSON line.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { machine, numberFlag, percentile, printFigures, round } from '../lib/index.ts';
import { type Rig, startRig } from '../platform/rig.ts';
import { countChatAssignments, countVoiceOverlaps } from './assignments.ts';
import { startChatDesk } from './chat-desk.ts';
import { keepVoiceOperatorsReady } from './operators.ts';
import { OwnPostgres, OwnRedis } from './servers.ts';

const CALLS = numberFlag(process.argv, '--calls', Number(process.env.FAULTS_CALLS ?? 200));
const CHAT_RATE = numberFlag(process.argv, '--chat-rate', Number(process.env.FAULTS_CHAT_RATE ?? 100));
const OUTAGE_S = numberFlag(process.argv, '--ari-outage', 60);
const GAP_S = numberFlag(process.argv, '--gap', 25);
const CHAT_OPERATORS = numberFlag(process.argv, '--chat-operators', 4);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const dir = mkdtempSync(join(tmpdir(), 'bench-faults-'));
console.log(
  `workload: ${CALLS} concurrent calls + ${CHAT_RATE} chat msg/s + an SMS campaign + 5 voice operators, ` +
    `on its own PostgreSQL and Redis (AOF, fsync always); faults ${GAP_S} s apart: Redis kill, PostgreSQL ` +
    `crash, IVR kill, chatbot kill, ARI WebSocket outage ${OUTAGE_S} s; cpus ${machine().cpus}, load ${machine().load_avg_1m}`,
);
const [pg, redisServer] = await Promise.all([
  OwnPostgres.start(join(dir, 'pgroot')),
  OwnRedis.start(join(dir, 'redis')),
]);
const startedAt = performance.now();
const wallStart = Date.now();
const at = () => round((performance.now() - startedAt) / 1000, 1);
const timeline: Array<{ at_s: number; event: string }> = [];
const note = (event: string) => {
  timeline.push({ at_s: at(), event });
  console.log(`${at()} s: ${event}`);
};
let rig: Rig | undefined;
let figures: Record<string, unknown> = {};
let failed = false;
try {
  const loadSeconds = 20 + 4 * GAP_S + OUTAGE_S + GAP_S;
  rig = await startRig({
    label: 'faults',
    databaseUrl: pg.url,
    redisUrl: redisServer.url,
    chatbots: 2,
    campaignContacts: loadSeconds * 60,
    operators: 5,
  });
  const r = rig;
  note(`services up: ${[...r.fleet.services.keys()].join(', ')}`);
  note(`service output: ${r.fleet.logDir}/<service>-<n>.log`);
  // A service that dies by itself (not one we killed) is restarted and counted.
  const killing = new Set<string>();
  const crashes: Record<string, number> = {};
  const watchdog = setInterval(() => {
    for (const [label, running] of r.fleet.services) {
      if (running.child.exitCode === null && running.child.signalCode === null) continue;
      if (killing.has(label)) continue;
      killing.add(label);
      crashes[label] = (crashes[label] ?? 0) + 1;
      note(`${label} exited by itself (${running.child.exitCode ?? running.child.signalCode}); restarting`);
      r.startOne(label).then(
        () => {
          killing.delete(label);
          note(`${label} running again`);
        },
        (error) => {
          // Tried again on the next tick, as systemd's Restart=always would.
          note(`${label} did not restart: ${(error as Error).message.split('\n')[0]}`);
          killing.delete(label);
        },
      );
    }
    r.fleet.sampleMemory();
  }, 1_000);
  const killService = async (label: string, downMs: number) => {
    killing.add(label);
    const running = r.fleet.services.get(label)!;
    const exited = new Promise((resolve) => running.child.once('exit', resolve));
    running.child.kill('SIGKILL');
    await exited;
    note(`${label} killed (SIGKILL)`);
    await sleep(downMs);
    await r.startOne(label);
    killing.delete(label);
    note(`${label} started again`);
  };

  r.calls.run({
    concurrency: CALLS,
    arrivalsPerSecond: 50,
    lifetimeMs: 40_000,
    thinkMs: 3_000,
    operatorEndpoints: r.operatorEndpoints,
    talkMs: 5_000,
    operatorShare: 0.05,
  });
  const chat = r.chatLoad({ rate: CHAT_RATE, sessions: Math.max(10, CHAT_RATE / 2), seconds: loadSeconds });
  // Chat operators with a limit of 2 chats each, fed 1 chat/s through the ACD, under every fault.
  const desk = await startChatDesk(r.db.pool, r.redis, r.prefix, {
    operators: CHAT_OPERATORS,
    capacity: 2,
    chatsPerSecond: 1,
    chatMs: 6_000,
  });
  const voiceReady = keepVoiceOperatorsReady(r.db.pool, r.redis, r.prefix);
  await sleep(20_000);
  note('Redis killed (SIGKILL)');
  await redisServer.kill();
  await sleep(5_000);
  await redisServer.up();
  note('Redis started again (AOF replayed)');
  await sleep(GAP_S * 1000);
  note('PostgreSQL crashed (immediate stop)');
  await pg.crash();
  await sleep(10_000);
  await pg.up();
  note('PostgreSQL started again (crash recovery)');
  await sleep(GAP_S * 1000);
  await killService('ivr', 2_000);
  await sleep(GAP_S * 1000);
  await killService('chatbot1', 5_000);
  await sleep(GAP_S * 1000);
  note(`ARI WebSocket dropped, refused for ${OUTAGE_S} s`);
  r.calls.dropWebSockets(OUTAGE_S * 1000);
  await sleep(OUTAGE_S * 1000);
  note('ARI WebSocket accepted again');
  await sleep(GAP_S * 1000);
  const summary = await r.calls.stop();
  desk.stopFeeding();
  const chatResult = await chat;
  note('load stopped; settling');
  await r.settle(90_000);
  clearInterval(watchdog);
  const deskStats = await desk.stop();
  const voiceMadeReady = voiceReady.stop();
  const voiceOverlaps = await countVoiceOverlaps(r.db.pool);
  const { refused_at: refusedAt = [], unanswered_at: unansweredAt = [], ...chatTotals } = chatResult;
  const account = await r.account(summary.placed, chatTotals);
  const chatAssignments = await countChatAssignments(r.db.pool);
  // Which fault the calls without a row (or never closed) were placed under.
  const gaps = await r.callGaps(summary);
  const phaseOf = (t: number) => {
    const s = (t - wallStart) / 1000;
    return [...timeline].reverse().find((e) => e.at_s <= s)?.event ?? 'start';
  };
  const byPhase = (times: number[]) => {
    const counts: Record<string, number> = {};
    for (const t of times) counts[phaseOf(t)] = (counts[phaseOf(t)] ?? 0) + 1;
    return counts;
  };
  const callGaps = { lost_by_phase: byPhase(gaps.lost), not_closed_by_phase: byPhase(gaps.open) };
  const chatGaps = { refused_by_phase: byPhase(refusedAt), unanswered_by_phase: byPhase(unansweredAt) };
  console.log(
    `  chat messages refused / unanswered, by the phase they were sent in: ${JSON.stringify(chatGaps)}`,
  );
  console.log(
    `  calls without a row, by the phase they were placed in: ${JSON.stringify(callGaps.lost_by_phase)}`,
  );
  console.log(`  calls never closed, by phase: ${JSON.stringify(callGaps.not_closed_by_phase)}`);
  // Each gap call in detail (row, event kinds, IVR state, ACD record), for whoever explains them.
  const gapsFile = join(r.fleet.logDir, 'call-gaps.json');
  writeFileSync(
    gapsFile,
    JSON.stringify(
      gaps.details.map((detail) => ({ ...detail, phase: phaseOf(Date.parse(String(detail.placed_at))) })),
      null,
      2,
    ),
  );
  console.log(`  gap calls in detail: ${gapsFile}`);
  // The rig's overlap count takes every channel; chats overlap by design (the chat limit).
  account.acd.operator_overlaps = voiceOverlaps;
  const doubleAssignment =
    account.acd.operator_overlaps > 0 ||
    account.acd.interactions_accepted_twice > 0 ||
    chatAssignments.chat_operators_over_limit > 0 ||
    chatAssignments.chats_answered_twice > 0;
  failed = account.campaign.sms_duplicates > 0 || doubleAssignment || account.calls_not_closed > 0;
  figures = {
    calls_concurrent: CALLS,
    chat_rate: CHAT_RATE,
    call_keys: summary.keys,
    call_key_p99_ms: round(percentile(summary.latencies, 99)),
    call_keys_unanswered: summary.keys - summary.latencies.length,
    calls_refused_during_outages: summary.refused,
    operator_calls: summary.operatorCalls,
    chat_refused: chatResult.refused,
    chat_unanswered: chatResult.unanswered,
    chat_reconnects: chatResult.reconnects,
    ...account,
    call_gaps: callGaps,
    chat_gaps: chatGaps,
    no_double_send: account.campaign.sms_duplicates === 0,
    chat_desk: { ...deskStats, ...chatAssignments },
    voice_operators_made_ready_after_a_miss: voiceMadeReady,
    no_double_assignment: !doubleAssignment,
    every_call_closed: account.calls_not_closed === 0,
    service_crashes: crashes,
    service_error_lines: r.fleet.errorCounts(),
    service_logs: r.fleet.logDir,
    rss_mb: Object.fromEntries(r.fleet.memory),
    timeline,
    ...machine(),
  };
  console.log('\nsummary');
  console.log(
    `  calls: ${account.calls_placed} placed, ${account.call_interactions} with an interaction row ` +
      `(${account.calls_lost} without), ${account.calls_not_closed} left open; ${summary.refused} refused while the IVR had no WebSocket`,
  );
  console.log(
    `  chat: ${chatResult.sent} sent, ${chatResult.answered} answered, ${chatResult.refused} refused, ` +
      `${chatResult.unanswered} unanswered, ${account.chat_client_transcript_rows} client lines in PostgreSQL ` +
      `(${account.chat_answered_not_transcribed} answered but missing)`,
  );
  console.log(
    `  campaign: ${account.campaign.contacts} contacts ${JSON.stringify(account.campaign.by_state)}, ` +
      `${account.campaign.attempts} attempts, ${account.campaign.sms_messages} SMS, ` +
      `${account.campaign.sms_duplicates} sent twice, ${account.campaign.contacts_unaccounted} unaccounted`,
  );
  console.log(
    `  operators: ${account.acd.calls_answered_by_operators} calls answered, ${account.acd.operator_overlaps} overlapping, ` +
      `${account.acd.interactions_accepted_twice} answered twice; chats: ${chatAssignments.chats_answered_by_operators} answered ` +
      `by ${CHAT_OPERATORS} chat operators (limit 2), ${chatAssignments.chat_operators_over_limit} above the limit, ` +
      `${chatAssignments.chats_answered_twice} answered twice`,
  );
  console.log(`  services that died by themselves: ${JSON.stringify(crashes)}`);
  console.log(`  service logs: ${r.fleet.logFiles.join(', ')}`);
  console.log(
    `  verdict: ${failed ? 'FAILED (double send, double assignment or calls left open)' : 'no double send, no double assignment, every call closed'}`,
  );
} finally {
  if (rig) figures.service_exit_codes = await rig.close().catch((error: Error) => error.message);
  await redisServer.stop();
  await pg.stop();
  rmSync(dir, { recursive: true, force: true });
}
printFigures('faults', figures);
process.exit(failed ? 1 : 0);
