import { randomUUID } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { credentials } from '@grpc/grpc-js';
import type { AriClient } from 'ari-client';
import {
  AudioEncoding,
  RecognitionServiceClient,
  type StreamingRecognizeResponse,
} from '../../proto/gen/hotline/speech/v1/speech.ts';
import { SAMPLE_RATE } from './wav.ts';

/** Words the engine should favour on the main menu (engines may ignore hints). */
const MENU_HINTS = ['задолженность', 'показания', 'отключение', 'оператор', 'тарифы', 'оплата'];

export interface Utterance {
  /** Resolves with the final transcript of one utterance ('' if the stream ended without one). */
  final: Promise<string>;
  /** The caller has started speaking and the final transcript has not come yet. */
  readonly inProgress: boolean;
  cancel(): void;
}

/**
 * The caller's voice to the speech engine: Asterisk's externalMedia sends the call's audio as
 * RTP (µ-law, 20 ms packets) to a UDP port of this process; the payload goes, in ~200 ms pieces,
 * into a `hotline.speech.v1.RecognitionService/StreamingRecognize` stream. One SpeechInput per
 * call (its own mixing bridge with the caller); one recognition stream per question.
 */
export class SpeechInput {
  private stream: ReturnType<RecognitionServiceClient['streamingRecognize']> | undefined;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private closed = false;

  private constructor(
    private readonly client: AriClient,
    private readonly recognizer: RecognitionServiceClient,
    private readonly socket: Socket,
    readonly bridgeId: string,
    readonly mediaChannelId: string,
  ) {
    socket.on('message', (packet) => this.onRtp(packet));
  }

  static async open(options: {
    client: AriClient;
    recognizer: RecognitionServiceClient;
    app: string;
    channelId: string;
    /** Address Asterisk can reach this process at. */
    rtpHost: string;
  }): Promise<SpeechInput> {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, options.rtpHost, () => resolve());
    });
    const id = randomUUID();
    const input = new SpeechInput(options.client, options.recognizer, socket, `speech-${id}`, `em-${id}`);
    try {
      await options.client.bridges.create({ type: 'mixing', bridgeId: input.bridgeId });
      await options.client.channels.externalMedia({
        app: options.app,
        channelId: input.mediaChannelId,
        external_host: `${options.rtpHost}:${socket.address().port}`,
        format: 'ulaw',
        encapsulation: 'rtp',
        transport: 'udp',
        direction: 'both',
      });
      await options.client.bridges.addChannel({
        bridgeId: input.bridgeId,
        channel: [options.channelId, input.mediaChannelId],
      });
    } catch (error) {
      await input.close();
      throw error;
    }
    return input;
  }

  private onRtp(packet: Buffer): void {
    if (!this.stream || packet.length < 12 || packet[0]! >> 6 !== 2) return;
    const payload = packet.subarray(12 + (packet[0]! & 0x0f) * 4);
    this.pending.push(Buffer.from(payload));
    this.pendingBytes += payload.length;
    if (this.pendingBytes >= 1600) this.flush(); // 200 ms of 8 kHz µ-law
  }

  private flush(): void {
    if (!this.stream || this.pendingBytes === 0) return;
    const audio = Buffer.concat(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    this.stream.write({ request: { $case: 'audioContent', value: audio } });
  }

  /** Listens for one utterance; `onSpeech` fires on the first partial text (barge-in). */
  listen(onSpeech: () => void): Utterance {
    this.stopStream();
    const stream = this.recognizer.streamingRecognize();
    this.stream = stream;
    stream.write({
      request: {
        $case: 'config',
        value: {
          audioEncoding: AudioEncoding.AUDIO_ENCODING_MULAW,
          sampleRateHertz: SAMPLE_RATE,
          languageCode: 'ru-RU',
          partialResults: true,
          singleUtterance: true,
          phraseHints: MENU_HINTS,
          maxAlternatives: 1,
          model: '',
        },
      },
    });
    let heardSomething = false;
    let settled = false;
    const final = new Promise<string>((resolve) => {
      stream.on('data', (response: StreamingRecognizeResponse) => {
        for (const chunk of response.chunks) {
          const text = chunk.alternatives[0]?.text.trim() ?? '';
          if (text && !heardSomething) {
            heardSomething = true;
            onSpeech();
          }
          if (chunk.final && chunk.endOfUtterance) {
            this.stopStream();
            resolve(text);
          }
        }
      });
      stream.on('error', () => resolve(''));
      stream.on('end', () => resolve(''));
    });
    void final.then(() => {
      settled = true;
    });
    return {
      final,
      get inProgress() {
        return heardSomething && !settled;
      },
      cancel: () => this.stopStream(),
    };
  }

  private stopStream(): void {
    const stream = this.stream;
    this.stream = undefined;
    this.pending = [];
    this.pendingBytes = 0;
    if (stream) {
      stream.removeAllListeners('data');
      stream.on('error', () => undefined);
      stream.end();
    }
  }

  /** Before the operator bridge: the caller leaves the speech bridge, the media channel goes. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stopStream();
    await this.client.channels.hangup({ channelId: this.mediaChannelId }).catch(() => undefined);
    await this.client.bridges.destroy({ bridgeId: this.bridgeId }).catch(() => undefined);
    try {
      this.socket.close();
    } catch {
      // already closed
    }
  }
}

export function createRecognitionClient(address: string): RecognitionServiceClient {
  return new RecognitionServiceClient(address, credentials.createInsecure());
}
