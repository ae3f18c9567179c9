import { ariTimestamp } from './events.ts';

/** A Stasis bridge: `mixing` (simple_bridge) or `holding` (holding_bridge). */
export class SimBridge {
  /** Channel ids in join order. */
  readonly channelIds: string[] = [];
  readonly roles = new Map<string, string>();
  readonly vars = new Map<string, string>();
  destroyed = false;

  constructor(
    readonly id: string,
    readonly bridgeType: 'mixing' | 'holding',
    readonly name: string,
    readonly creationMs: number,
  ) {}

  get technology(): string {
    return this.bridgeType === 'holding' ? 'holding_bridge' : 'simple_bridge';
  }

  snapshot(): Record<string, unknown> {
    return {
      id: this.id,
      technology: this.technology,
      bridge_type: this.bridgeType,
      bridge_class: 'stasis',
      creator: 'Stasis',
      name: this.name,
      channels: [...this.channelIds],
      creationtime: ariTimestamp(this.creationMs),
      video_mode: 'talker',
    };
  }
}

/**
 * `type` is a comma list (`mixing,dtmf_events`, `holding`); anything that names holding makes a
 * holding bridge, everything else mixes.
 */
export function bridgeTypeOf(type: string | undefined): 'mixing' | 'holding' {
  const parts = (type ?? 'mixing').split(',').map((part) => part.trim());
  return parts.includes('holding') ? 'holding' : 'mixing';
}
