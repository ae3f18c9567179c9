import { createEspeakSynthesizer, findOnPath } from './espeak.ts';
import { createSynthesisClient, type Synthesizer } from './synthesizer.ts';

export type SynthesisEngine = 'auto' | 'espeak' | 'grpc';

/**
 * Which synthesis the IVR uses: `grpc` = the `hotline.speech.v1.SynthesisService` at `address`
 * (a real engine); `espeak` = local espeak-ng; `auto` = espeak-ng when it is on PATH (so a demo
 * speaks out of the box), else the gRPC service.
 */
export function pickSynthesizer(options: { engine: SynthesisEngine; address: string; path?: string }): {
  synthesizer: Synthesizer;
  engine: 'espeak' | 'grpc';
} {
  const espeak = options.engine !== 'grpc' ? findOnPath('espeak-ng', options.path) : undefined;
  if (options.engine === 'espeak' && !espeak) {
    throw new Error('IVR_SYNTHESIS=espeak but espeak-ng is not on PATH (Debian: apt-get install espeak-ng)');
  }
  if (espeak) return { synthesizer: createEspeakSynthesizer({ binary: espeak }), engine: 'espeak' };
  return { synthesizer: createSynthesisClient({ address: options.address }), engine: 'grpc' };
}
