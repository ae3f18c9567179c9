import { credentials, Metadata, type ServiceError } from '@grpc/grpc-js';
import {
  AudioEncoding,
  SynthesisServiceClient,
  type SynthesizeResponse,
} from '../../proto/gen/hotline/speech/v1/speech.ts';
import { SAMPLE_RATE } from './wav.ts';

/** Text → 8 kHz 16-bit mono PCM. Numbers must already be spelled out (moneyToWords etc.). */
export interface Synthesizer {
  synthesize(text: string): Promise<Buffer>;
  close?(): void;
}

/** The `hotline.speech.v1.SynthesisService` contract over gRPC (any engine behind it). */
export function createSynthesisClient(options: { address: string; deadlineMs?: number }): Synthesizer {
  const raw = new SynthesisServiceClient(options.address, credentials.createInsecure());
  const deadlineMs = options.deadlineMs ?? 5_000;
  return {
    synthesize(text) {
      return new Promise((resolve, reject) => {
        raw.synthesize(
          {
            text,
            voice: '',
            audioEncoding: AudioEncoding.AUDIO_ENCODING_LINEAR16_PCM,
            sampleRateHertz: SAMPLE_RATE,
            speed: 1,
          },
          new Metadata(),
          { deadline: Date.now() + deadlineMs },
          (error: ServiceError | null, response: SynthesizeResponse) => {
            if (error) return reject(new Error(`speech synthesis failed: ${error.details || error.code}`));
            if (response.sampleRateHertz !== SAMPLE_RATE) {
              return reject(
                new Error(`speech synthesis answered ${response.sampleRateHertz} Hz, need ${SAMPLE_RATE}`),
              );
            }
            resolve(Buffer.from(response.audioContent));
          },
        );
      });
    },
    close: () => raw.close(),
  };
}
