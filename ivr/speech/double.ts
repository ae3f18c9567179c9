import { Server, ServerCredentials, status } from '@grpc/grpc-js';
import {
  AudioEncoding,
  type RecognitionServiceServer,
  RecognitionServiceService,
  type StreamingRecognizeRequest,
  type SynthesisServiceServer,
  SynthesisServiceService,
} from '../../proto/gen/hotline/speech/v1/speech.ts';
import { pcmLengthMs, SAMPLE_RATE, silencePcm } from './wav.ts';

/** How the double "hears" words: the caller's audio carries them as a marked, base64 frame. */
const SPOKEN = /\x02([A-Za-z0-9+/=]+)\x03/;

/**
 * µ-law audio a simulated caller says (ARI double `call.say`): a fifth of a second of silence,
 * the text as an in-band marker the recognition double decodes, then half a second of silence
 * (enough for the IVR to send its 200 ms piece on) — so the audio really crosses externalMedia
 * RTP and the gRPC stream, packet by packet.
 */
export function spokenAudio(text: string): Buffer {
  return Buffer.concat([
    Buffer.alloc(1600, 0xff),
    Buffer.from(`\x02${Buffer.from(text, 'utf8').toString('base64')}\x03`, 'latin1'),
    Buffer.alloc(4000, 0xff),
  ]);
}

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
  /** Every transcript the recognizer gave, in order. */
  readonly recognized: string[];
  close(): Promise<void>;
}

/**
 * The `hotline.speech.v1` services for tests and the simulator, speaking the real gRPC contract.
 * Synthesis answers silence whose length follows the text, so prompt timing (and barge-in into a
 * long prompt) behaves like a real engine; recognition decodes the marker `spokenAudio` puts in
 * the caller's audio (partial, then final with end of utterance).
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
  const recognized: string[] = [];
  const recognition: RecognitionServiceServer = {
    streamingRecognize(call) {
      let configured = false;
      let heard = '';
      call.on('data', (request: StreamingRecognizeRequest) => {
        const part = request.request;
        if (!configured) {
          if (part?.$case !== 'config') {
            call.destroy(Object.assign(new Error('config first'), { code: status.INVALID_ARGUMENT }));
            return;
          }
          configured = true;
          return;
        }
        if (part?.$case !== 'audioContent') {
          call.destroy(Object.assign(new Error('config only once'), { code: status.INVALID_ARGUMENT }));
          return;
        }
        heard += part.value.toString('latin1');
        const match = SPOKEN.exec(heard);
        if (!match) return;
        heard = '';
        const text = Buffer.from(match[1]!, 'base64').toString('utf8');
        recognized.push(text);
        const alternative = { text, confidence: 0.9, words: [], startTime: undefined, endTime: undefined };
        call.write({ chunks: [{ alternatives: [alternative], final: false, endOfUtterance: false }] });
        call.write({ chunks: [{ alternatives: [alternative], final: true, endOfUtterance: true }] });
      });
      call.on('end', () => call.end());
      call.on('error', () => undefined);
    },
  };
  server.addService(RecognitionServiceService, recognition);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`127.0.0.1:${options.port ?? 0}`, ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return {
    address: `127.0.0.1:${port}`,
    texts,
    recognized,
    close: () =>
      new Promise<void>((resolve) => {
        server.tryShutdown(() => resolve());
      }),
  };
}
