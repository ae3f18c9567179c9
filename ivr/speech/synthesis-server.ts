import { Server, ServerCredentials, status } from '@grpc/grpc-js';
import {
  AudioEncoding,
  type SynthesisServiceServer,
  SynthesisServiceService,
} from '../../proto/gen/hotline/speech/v1/speech.ts';
import type { Synthesizer } from './synthesizer.ts';
import { pcmLengthMs, SAMPLE_RATE } from './wav.ts';

const MAX_TEXT = 5_000;

/**
 * Any Synthesizer (espeak-ng, for one) as the `hotline.speech.v1.SynthesisService` gRPC contract,
 * so other services (the dialer's announcements) can use the local voice too. Offers what the
 * contract's clients ask for: 8 kHz LINEAR16 PCM.
 */
export async function serveSynthesis(options: {
  synthesizer: Synthesizer;
  host?: string;
  /** 0 = any free port. */
  port?: number;
}): Promise<{ address: string; close(): Promise<void> }> {
  const server = new Server();
  const handlers: SynthesisServiceServer = {
    synthesize(call, callback) {
      const { text, audioEncoding, sampleRateHertz } = call.request;
      if (!text.trim() || text.length > MAX_TEXT) {
        return callback({
          code: status.INVALID_ARGUMENT,
          details: `text must have 1–${MAX_TEXT} characters`,
        });
      }
      if (audioEncoding !== AudioEncoding.AUDIO_ENCODING_LINEAR16_PCM || sampleRateHertz !== SAMPLE_RATE) {
        return callback({ code: status.INVALID_ARGUMENT, details: 'only 8000 Hz LINEAR16_PCM is offered' });
      }
      options.synthesizer.synthesize(text).then(
        (pcm) => {
          const ms = pcmLengthMs(pcm);
          callback(null, {
            audioContent: pcm,
            audioEncoding,
            sampleRateHertz,
            duration: { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1_000_000 },
          });
        },
        // The engine's own message (never the text: it may hold an amount or an address).
        (error: Error) => callback({ code: status.INTERNAL, details: error.message }),
      );
    },
  };
  server.addService(SynthesisServiceService, handlers);
  const host = options.host ?? '127.0.0.1';
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${host}:${options.port ?? 0}`, ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return {
    address: `${host}:${port}`,
    close: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
  };
}
