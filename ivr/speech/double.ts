import { Server, ServerCredentials, status } from '@grpc/grpc-js';
import {
  AudioEncoding,
  type SynthesisServiceServer,
  SynthesisServiceService,
} from '../../proto/gen/hotline/speech/v1/speech.ts';
import { pcmLengthMs, SAMPLE_RATE, silencePcm } from './wav.ts';

export interface SpeechDoubleOptions {
  /** 0 = any free port. */
  port?: number;
  /** How long a synthesized phrase lasts per character (Russian TTS speaks ~14 chars/s). */
  msPerChar?: number;
}

export interface SpeechDouble {
  address: string;
  /** Every text asked to be synthesized, in order. */
  readonly texts: string[];
  close(): Promise<void>;
}

/**
 * A `hotline.speech.v1.SynthesisService` for tests and the simulator: it speaks the real gRPC
 * contract and answers silence whose length follows the text, so prompt timing (and barge-in
 * into a long prompt) behaves like a real engine without one installed.
 */
export async function startSpeechDouble(options: SpeechDoubleOptions = {}): Promise<SpeechDouble> {
  const msPerChar = options.msPerChar ?? 70;
  const texts: string[] = [];
  const server = new Server();
  const handlers: SynthesisServiceServer = {
    synthesize(call, callback) {
      const { text, audioEncoding, sampleRateHertz } = call.request;
      if (!text.trim()) return callback({ code: status.INVALID_ARGUMENT, details: 'text is empty' });
      if (audioEncoding !== AudioEncoding.AUDIO_ENCODING_LINEAR16_PCM || sampleRateHertz !== SAMPLE_RATE) {
        return callback({ code: status.INVALID_ARGUMENT, details: 'only 8000 Hz LINEAR16_PCM is offered' });
      }
      texts.push(text);
      const pcm = silencePcm(Math.max(200, text.length * msPerChar));
      const ms = pcmLengthMs(pcm);
      callback(null, {
        audioContent: pcm,
        audioEncoding,
        sampleRateHertz,
        duration: { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1_000_000 },
      });
    },
  };
  server.addService(SynthesisServiceService, handlers);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`127.0.0.1:${options.port ?? 0}`, ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return {
    address: `127.0.0.1:${port}`,
    texts,
    close: () =>
      new Promise<void>((resolve) => {
        server.tryShutdown(() => resolve());
      }),
  };
}
