import { hostname } from 'node:os';
import { join } from 'node:path';
import ari, { type AriClient } from 'ari-client';
import { createBillingClient } from '../core/billing/grpc/client.ts';
import { PgBilling } from '../core/billing/index.ts';
import { loadCalendarConfig } from '../core/calendar/index.ts';
import { loadConfig } from '../core/config/load.ts';
import { probeDatabase } from '../core/db/index.ts';
import type { PlatformService } from '../core/platform/service.ts';
import { buildRecordings } from '../recordings/service.ts';
import { recordingFinishedHandler } from '../recordings/stasis/recording-finished.ts';
import { AriConnection } from './ari/connection.ts';
import { AriRest } from './ari/rest.ts';
import { assembleIvr } from './assemble.ts';
import { ivrConfigSchema } from './config.ts';
import { IvrJournal } from './db/journal.ts';
import { JournalReplayer } from './db/replay.ts';
import { pickSynthesizer } from './speech/pick.ts';
import type { IvrApp } from './stasis/app.ts';
import type { AriEvent } from './stasis/events.ts';

/**
 * The voice robot: a Stasis application on Asterisk ARI. Stateless apart from Redis (live calls)
 * and PostgreSQL (records), so several IVR processes may serve one Asterisk; after a restart or
 * an ARI outage each re-attaches the callers nobody serves.
 */
export const ivrService: PlatformService = {
  name: 'ivr',
  description: 'voice IVR on Asterisk ARI: self-service, operator transfer, recording, CSAT',
  async start(context) {
    const config = loadConfig(ivrConfigSchema, context.env);
    const { schedule } = loadCalendarConfig(context.env);
    const logger = context.logger.child({ service: 'ivr' });
    const billingClient = config.BILLING_GRPC_ADDRESS
      ? createBillingClient({ address: config.BILLING_GRPC_ADDRESS })
      : undefined;
    const { synthesizer, engine } = pickSynthesizer({
      engine: config.IVR_SYNTHESIS,
      address: config.SPEECH_GRPC_ADDRESS,
    });
    logger.info({ engine }, 'speech synthesis');
    const recordings = buildRecordings(context);
    const ingestRecording = recordingFinishedHandler(
      recordings.ingest,
      join(recordings.config.ASTERISK_SPOOL_DIR, 'recording'),
    );
    let ivr: IvrApp | undefined;
    const instanceId = `${hostname()}:${process.pid}`;
    // While PostgreSQL is down the IVR's writes wait in Redis; the replayer writes them once it is back.
    const journal = new IvrJournal(context.redis(), config.REDIS_PREFIX);
    const replayer = new JournalReplayer({
      redis: context.redis(),
      pool: context.pool(),
      journal,
      logger,
      timeZone: config.HOTLINE_TZ,
      owner: instanceId,
      onRecordingFinished: (event) => ingestRecording(event as never),
    });
    replayer.start();
    // Stateless HTTP on kept-alive connections: one for the process, across WebSocket restarts.
    const rest = new AriRest({
      url: config.ARI_URL,
      username: config.ARI_USER,
      password: config.ARI_PASSWORD,
    });
    let stopOffers: (() => Promise<void>) | undefined;
    const connection = new AriConnection({
      url: config.ARI_URL,
      username: config.ARI_USER,
      password: config.ARI_PASSWORD,
      apps: [config.ARI_APP],
      logger,
      // The IVR listens before the application is registered, so no StasisStart is missed.
      connect: async (url, user, password): Promise<AriClient> => {
        const client = await ari.connect(url, user, password);
        const assembled = assembleIvr({
          client,
          rest,
          app: config.ARI_APP,
          pool: context.pool(),
          redis: context.redis(),
          prefix: config.REDIS_PREFIX,
          billing: billingClient ?? new PgBilling(context.pool(), context.clock),
          clock: context.clock,
          soundsDir: config.IVR_SOUNDS_DIR,
          synthesizer,
          logger,
          timeZone: config.HOTLINE_TZ,
          instanceId,
          journal,
          settings: {
            queue: config.IVR_QUEUE,
            waitAnnounceMs: config.IVR_WAIT_ANNOUNCE_SECONDS * 1000,
            ekc: { schedule, timeZone: config.HOTLINE_TZ },
          },
          onRecordingFinished: (event: AriEvent) => ingestRecording(event as never),
          speech: config.SPEECH_RECOGNITION_ADDRESS
            ? { recognitionAddress: config.SPEECH_RECOGNITION_ADDRESS, rtpHost: config.IVR_RTP_HOST }
            : undefined,
        });
        ivr = assembled.ivr;
        assembled.offers.start();
        stopOffers = () => assembled.offers.stop();
        ivr.attach();
        return client;
      },
    });
    connection.on('disconnected', () => ivr?.connectionLost());
    connection.on('connected', () => {
      ivr?.recover().then(
        (count) => count && logger.info({ count }, 're-attached calls still in Stasis'),
        (error) => logger.warn({ err: error }, 're-attach failed'),
      );
    });
    await connection.start();
    return {
      endpoints: { ari: new URL(config.ARI_URL).origin },
      async health() {
        // Only a write that fails as "unavailable" sends writes to the journal: a probe that is
        // merely slow (a saturated machine) did so under full load, and with anything waiting in
        // the journal every later write queues behind it — the journal never caught up.
        const database = await probeDatabase(context.pool());
        const journaled = await journal.backlog().catch(() => 0);
        return {
          // Degraded: calls are served, their records wait in the journal until PostgreSQL is back.
          status: !connection.client ? 'down' : database && journaled === 0 ? 'ok' : 'degraded',
          details: {
            liveCalls: ivr?.calls.size ?? 0,
            app: config.ARI_APP,
            database: database ? 'ok' : 'unreachable',
            journaled,
          },
        };
      },
      async close() {
        ivr?.detach();
        // Callers still on the line are picked up by another IVR process (state in Redis).
        await Promise.race([ivr?.drain(), new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
        connection.stop();
        await stopOffers?.();
        await replayer.stop();
        synthesizer.close?.();
        billingClient?.close();
        rest.close();
      },
    };
  },
};
