import { randomBytes } from 'node:crypto';
import type { Clock } from '../../../core/lifecycle/clock.ts';
import { ChangeSignal } from '../common/waiters.ts';
import type { VkBotMessage, VkEventRecord, VkMessage, VkUser } from './types.ts';

export interface PeerRecord {
  user: VkUser;
  /** Whether the community may write to this user (they wrote first or allowed messages). */
  allowed: boolean;
  nextConversationMessageId: number;
  userMessages: VkMessage[];
  botMessages: VkBotMessage[];
}

export interface StoredUpload {
  name: string;
  type: string;
  bytes: Buffer;
}

export interface SavedPhoto {
  id: number;
  owner_id: number;
  access_key: string;
  bytes: Buffer;
}

/** What VK remembers for one community: dialogs, sent-message dedupe keys, events, files. */
export class CommunityState {
  readonly peers = new Map<number, PeerRecord>();
  readonly events = new Map<string, VkEventRecord>();
  /** `${peer}:${random_id}` → message id: a repeated random_id returns the first message. */
  readonly sentByRandomId = new Map<string, number>();
  /** Files served under /files/ (user attachments) and uploads waiting to be saved. */
  readonly files = new Map<string, StoredUpload>();
  readonly uploads = new Map<string, StoredUpload>();
  readonly photos = new Map<number, SavedPhoto>();
  readonly changed = new ChangeSignal();
  private nextMessageId = 1;
  private nextPhotoId = 457_239_017;

  constructor(
    readonly clock: Clock,
    readonly groupId: number,
  ) {}

  unixNow(): number {
    return Math.floor(this.clock.nowMs() / 1000);
  }

  ensurePeer(peerId: number, profile: Partial<VkUser> = {}): PeerRecord {
    let record = this.peers.get(peerId);
    if (!record) {
      record = {
        user: {
          id: peerId,
          first_name: profile.first_name ?? `Пользователь${peerId}`,
          last_name: profile.last_name ?? 'Тестовый',
        },
        allowed: false,
        nextConversationMessageId: 1,
        userMessages: [],
        botMessages: [],
      };
      this.peers.set(peerId, record);
    }
    return record;
  }

  /** Message ids are global to the community's inbox; conversation ids count per dialog. */
  allocateIds(record: PeerRecord): { id: number; cmid: number } {
    return { id: this.nextMessageId++, cmid: record.nextConversationMessageId++ };
  }

  storeFile(bytes: Buffer, name: string, type: string): string {
    const key = `${randomBytes(8).toString('hex')}-${name.replace(/[^A-Za-z0-9._-]/g, '_')}`;
    this.files.set(key, { name, type, bytes });
    return key;
  }

  savePhoto(bytes: Buffer): SavedPhoto {
    const photo: SavedPhoto = {
      id: this.nextPhotoId++,
      owner_id: -this.groupId,
      access_key: randomBytes(9).toString('hex'),
      bytes,
    };
    this.photos.set(photo.id, photo);
    return photo;
  }

  newEventId(): string {
    return randomBytes(20).toString('hex');
  }
}
