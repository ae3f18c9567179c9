import { randomInt } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { AriError, type SimulatedAsterisk } from './asterisk.ts';
import type { Calls } from './calls.ts';
import { SimChannel } from './channel.ts';
import type { CancelTimer } from './clock.ts';

/** 20 ms of 8 kHz G.711: 160 one-byte samples, behind a 12-byte RTP header (172-byte packets). */
const SAMPLES_PER_PACKET = 160;
const PACKET_INTERVAL_MS = 20;
const SILENCE = { ulaw: 0xff, alaw: 0xd5 } as const;
const PAYLOAD_TYPE = { ulaw: 0, alaw: 8 } as const;

export interface ExternalMediaRequest {
  channelId?: string;
  app: string;
  external_host: string;
  format: string;
  encapsulation?: string;
  transport?: string;
  direction?: string;
}

/** One UnicastRTP channel's media: what it sent toward the speech engine and what came back. */
export class RtpStream {
  sentPackets = 0;
  receivedPackets = 0;
  /** Payloads received from the external host (the IVR's speech toward the caller). */
  readonly received: Buffer[] = [];
  private sequence = randomInt(0, 0xffff);
  private timestamp = randomInt(0, 0x7fffffff);
  private readonly ssrc = randomInt(0, 0x7fffffff);
  private cancelTick: CancelTimer | undefined;

  constructor(
    readonly channel: SimChannel,
    readonly socket: Socket,
    readonly localPort: number,
    readonly remote: { host: string; port: number },
    readonly format: 'ulaw' | 'alaw',
  ) {}

  start(asterisk: SimulatedAsterisk): void {
    const tick = () => {
      if (this.channel.hungUp) return;
      this.sendPacket(this.nextPayload(asterisk));
      this.cancelTick = asterisk.clock.setTimer(PACKET_INTERVAL_MS, tick);
    };
    this.cancelTick = asterisk.clock.setTimer(PACKET_INTERVAL_MS, tick);
    this.socket.on('message', (packet) => {
      if (packet.length < 12 || packet[0]! >> 6 !== 2) return;
      const headerLength = 12 + (packet[0]! & 0x0f) * 4;
      const payload = Buffer.from(packet.subarray(headerLength));
      this.receivedPackets += 1;
      this.received.push(payload);
      for (const peer of bridgePeers(asterisk, this.channel)) peer.heardAudio.push(payload);
    });
  }

  /** What the bridge carries toward the external host: the first peer that has audio queued. */
  private nextPayload(asterisk: SimulatedAsterisk): Buffer {
    for (const peer of bridgePeers(asterisk, this.channel)) {
      const source = peer.localPeer ?? peer;
      const queued = source.farEndAudio[0] ?? peer.farEndAudio[0];
      if (!queued) continue;
      const queue = source.farEndAudio[0] ? source.farEndAudio : peer.farEndAudio;
      const chunk = queued.subarray(0, SAMPLES_PER_PACKET);
      if (queued.length > SAMPLES_PER_PACKET) queue[0] = queued.subarray(SAMPLES_PER_PACKET);
      else queue.shift();
      if (chunk.length === SAMPLES_PER_PACKET) return Buffer.from(chunk);
      return Buffer.concat([chunk, Buffer.alloc(SAMPLES_PER_PACKET - chunk.length, SILENCE[this.format])]);
    }
    return Buffer.alloc(SAMPLES_PER_PACKET, SILENCE[this.format]);
  }

  private sendPacket(payload: Buffer): void {
    const header = Buffer.alloc(12);
    header[0] = 0x80;
    header[1] = PAYLOAD_TYPE[this.format] | (this.sentPackets === 0 ? 0x80 : 0);
    header.writeUInt16BE(this.sequence, 2);
    header.writeUInt32BE(this.timestamp >>> 0, 4);
    header.writeUInt32BE(this.ssrc, 8);
    this.sequence = (this.sequence + 1) & 0xffff;
    this.timestamp = (this.timestamp + SAMPLES_PER_PACKET) % 0x100000000;
    this.sentPackets += 1;
    this.socket.send(Buffer.concat([header, payload]), this.remote.port, this.remote.host);
  }

  stop(): void {
    this.cancelTick?.();
    try {
      this.socket.close();
    } catch {
      // already closed
    }
  }
}

function bridgePeers(asterisk: SimulatedAsterisk, channel: SimChannel): SimChannel[] {
  const bridge = channel.bridgeId ? asterisk.bridges.get(channel.bridgeId) : undefined;
  if (!bridge) return [];
  return bridge.channelIds
    .filter((id) => id !== channel.id)
    .map((id) => asterisk.channels.get(id))
    .filter((peer): peer is SimChannel => peer !== undefined);
}

/**
 * `POST /channels/externalMedia`: a UnicastRTP channel that streams the bridge's audio as RTP to
 * `external_host` every 20 ms and plays what comes back. Events as traced: Dial → Up → Dial
 * ANSWER → STASISSTATUS → StasisStart (args []); ChannelDestroyed after its StasisEnd.
 */
export class ExternalMedia {
  /** Live streams, plus the most recent finished ones (for their counters), capped. */
  readonly streams = new Map<string, RtpStream>();
  private static readonly KEEP_FINISHED = 2_000;

  constructor(
    private readonly asterisk: SimulatedAsterisk,
    private readonly calls: Calls,
  ) {
    asterisk.hooks.push({
      beforeStasisEnd: (channel) => {
        const stream = this.streams.get(channel.id);
        if (!stream) return;
        stream.stop();
        for (const [id, kept] of this.streams) {
          if (this.streams.size <= ExternalMedia.KEEP_FINISHED) break;
          if (kept.channel.hungUp) this.streams.delete(id);
        }
      },
    });
  }

  async create(request: ExternalMediaRequest): Promise<Record<string, unknown>> {
    const match = /^([\d.]+|\[[\da-f:]+\]|[\w.-]+):(\d{1,5})$/i.exec(request.external_host ?? '');
    if (!match) throw new AriError(400, { message: 'external_host: Missing or invalid host:port' });
    if (request.format !== 'ulaw' && request.format !== 'alaw') {
      throw new AriError(422, { message: `Unsupported format ${request.format}` });
    }
    if ((request.encapsulation ?? 'rtp') !== 'rtp' || (request.transport ?? 'udp') !== 'udp') {
      throw new AriError(501, { message: 'Only RTP over UDP is simulated' });
    }
    const socket = createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, '127.0.0.1', () => resolve());
    });
    const localPort = socket.address().port;
    const channel = new SimChannel(
      request.channelId ?? this.asterisk.nextUniqueId(),
      `UnicastRTP/${request.external_host}-${this.asterisk.nextRtpSuffix()}`,
      'externalMedia',
      this.asterisk.clock.nowMs(),
      {
        state: 'Down',
        dialplan: {
          context: 'default',
          exten: 's',
          priority: 1,
          app_name: 'AppDial2',
          app_data: '(Outgoing Line)',
        },
      },
    );
    channel.channelvars = { UNICASTRTP_LOCAL_ADDRESS: '127.0.0.1', UNICASTRTP_LOCAL_PORT: String(localPort) };
    try {
      this.asterisk.addChannel(channel);
    } catch (error) {
      socket.close();
      throw error;
    }
    this.asterisk.apps.get(request.app)?.channelIds.add(channel.id);
    const stream = new RtpStream(
      channel,
      socket,
      localPort,
      { host: match[1] as string, port: Number(match[2]) },
      request.format,
    );
    this.streams.set(channel.id, stream);
    const reply = channel.snapshot(true);
    channel.onAnswer = { app: request.app, args: [] };
    this.calls.startDialing(channel, `${request.external_host}/c(${request.format})`, '', 0);
    // The traced Dial ANSWER repeats the dialstring for UnicastRTP.
    if (channel.dialing) channel.dialing.answerDialstring = channel.dialing.dialstring;
    this.calls.dialAnswered(channel);
    stream.start(this.asterisk);
    return reply;
  }

  stopAll(): void {
    for (const stream of this.streams.values()) stream.stop();
    this.streams.clear();
  }
}
