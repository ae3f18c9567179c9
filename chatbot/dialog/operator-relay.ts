import type { Redis } from 'ioredis';
import { type AcdKeys, acdKeys } from '../../agent-desktop/server/acd/index.ts';
import type { Logger } from '../../core/logging/logger.ts';
import type { DialogEngine } from './engine.ts';
import { type ChatKeys, chatKeys } from './keys.ts';

const GROUP = 'chatbot';

/**
 * The desktop's side of a chat, for the agent-desktop server: an operator's message goes into a
 * Redis stream the chatbot service reads (any instance), and reaches the client in its channel.
 */
export async function sendOperatorMessage(
  redis: Redis,
  prefix: string,
  message: { interactionId: string; agentId: string; text: string },
): Promise<string> {
  const text = message.text.trim();
  if (!text) throw new Error('the operator message is empty');
  if (text.length > 4000) throw new Error('the operator message is longer than 4000 characters');
  return (await redis.xadd(
    chatKeys(prefix).fromOperator,
    '*',
    'ix',
    message.interactionId,
    'agent',
    message.agentId,
    'text',
    text,
  )) as string;
}

type Entries = [string, [string, string[]][]][];

function fieldsOf(raw: string[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (let i = 0; i < raw.length; i += 2) fields[raw[i]!] = raw[i + 1]!;
  return fields;
}

/**
 * Reads operator messages and the ACD events (operator took the chat / ended it) with consumer
 * groups, so each is handled by one chatbot instance; an entry is acknowledged after its turn is
 * committed, and the turn's event id makes a second delivery harmless.
 */
export class OperatorRelay {
  private running = false;
  private loop: Promise<void> | undefined;
  private readonly acd: AcdKeys;
  private readonly chat: ChatKeys;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    private readonly engine: DialogEngine,
    private readonly logger: Logger,
    private readonly consumer: string,
    private readonly blockMs = 200,
  ) {
    this.acd = acdKeys(prefix);
    this.chat = chatKeys(prefix);
  }

  async start(): Promise<void> {
    for (const stream of [this.chat.fromOperator, this.acd.events]) {
      // '$': ACD events from before the first start are not ours to replay.
      await this.redis.xgroup('CREATE', stream, GROUP, '$', 'MKSTREAM').catch((error: Error) => {
        if (!error.message.includes('BUSYGROUP')) throw error;
      });
    }
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  private async run(): Promise<void> {
    let pendingFirst = true;
    while (this.running) {
      try {
        await this.pass(pendingFirst ? '0' : '>');
        pendingFirst = false;
      } catch (error) {
        this.logger.warn({ err: error }, 'operator relay: a pass failed, will retry');
        pendingFirst = true;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }

  /** One read of both streams; `0` re-reads this consumer's unacknowledged entries. */
  async pass(from: '0' | '>' = '>'): Promise<number> {
    const reply = (await this.redis.xreadgroup(
      'GROUP',
      GROUP,
      this.consumer,
      'COUNT',
      200,
      'BLOCK',
      this.blockMs,
      'STREAMS',
      this.chat.fromOperator,
      this.acd.events,
      from,
      from,
    )) as Entries | null;
    let handled = 0;
    for (const [stream, entries] of reply ?? []) {
      for (const [id, raw] of entries) {
        const fields = fieldsOf(raw);
        if (stream === this.chat.fromOperator) {
          await this.engine.operatorMessage({
            interactionId: fields.ix ?? '',
            agentId: fields.agent ?? '',
            text: fields.text ?? '',
            eventId: id,
          });
        } else {
          await this.engine.acdEvent({ ...fields, id, type: fields.type ?? '', at: Number(fields.at) });
        }
        await this.redis.xack(stream, GROUP, id);
        handled++;
      }
    }
    return handled;
  }
}
