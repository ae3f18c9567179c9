import type { ChainableCommander } from 'ioredis';
import type { AttachmentJob } from '../attachments/worker.ts';
import type { Outbox } from '../outbound/outbox.ts';
import { outboundMessage } from '../outbound/outbox.ts';
import type { DurableChange, DurableOpen } from './durable.ts';
import type { ChatKeys } from './keys.ts';
import { appendTranscript, type Speaker } from './transcript.ts';
import type { Attachment, Button, ConversationRef, ConversationState, Reply } from './types.ts';

const RECENT_LINES = 30;
const MESSAGE_CHARS = 4000;
const BOT_LINE_CHARS = 160;

/** One line of the conversation so far, as the operator and the appeal text see it. */
export interface RecentLine {
  from: Speaker;
  text: string;
}

/**
 * What one turn decided: the new state, the message(s) to send and what to hand the operator.
 * Nothing happens until the store commits it in one MULTI with the state.
 */
export class TurnEffects {
  private paragraphs: string[] = [];
  private buttons: Button[][] | undefined;
  readonly replies: Reply[] = [];
  private readonly lines: Array<{
    interactionId: string | undefined;
    from: Speaker;
    text: string;
    attachments?: Attachment[];
    agentId?: string;
  }> = [];
  /** The interaction this turn belonged to, even after the turn ended it. */
  private lastInteractionId: string | undefined;
  private readonly operatorNotes: Array<Record<string, string>> = [];
  /** Lines of the conversation so far added by this turn, and whether the turn started it afresh. */
  private readonly recentAdded: RecentLine[] = [];
  private recentCleared = false;
  private readonly attachmentJobs: AttachmentJob[] = [];
  /** Interactions of this turn still to be created in PostgreSQL, and their changes (see durable.ts). */
  private readonly opens = new Map<string, DurableOpen>();
  private readonly changes: DurableChange[] = [];

  constructor(
    readonly conversation: ConversationRef,
    public state: ConversationState,
    readonly now: number,
    /** The conversation so far as stored before this turn (read only when a handoff or appeal needs it). */
    private readonly readRecent: () => Promise<RecentLine[]> = async () => [],
  ) {
    if (state.pendingOpen) this.opens.set(state.pendingOpen.id, state.pendingOpen);
  }

  /** The interaction is opened without PostgreSQL: its row goes with every entry of its lines until written. */
  openDurably(open: DurableOpen): void {
    this.state.pendingOpen = open;
    this.opens.set(open.id, open);
  }

  /** An interaction change the writer applies once PostgreSQL is back. */
  queueChange(change: DurableChange): void {
    if (this.state.pendingOpen) this.opens.set(this.state.pendingOpen.id, this.state.pendingOpen);
    this.changes.push(change);
  }

  /** Adds a paragraph to this turn's reply; the turn sends one message (Telegram allows 1/s per chat). */
  say(text: string, buttons?: Button[][]): void {
    this.paragraphs.push(text);
    if (buttons) this.buttons = buttons;
  }

  /** An operator's message: a message of its own, recorded as the operator's line. */
  relayOperator(text: string, agentId: string): void {
    this.flush();
    this.replies.push({ text });
    this.record('operator', text, undefined, agentId);
  }

  /** Ends the current message, so the next `say` starts another (operator text, CSAT question). */
  flush(): void {
    if (this.paragraphs.length === 0) return;
    // Channels take 4096 characters a message: a longer reply goes in parts, buttons on the last.
    const parts = splitText(this.paragraphs.join('\n\n'), MESSAGE_CHARS);
    parts.forEach((text, i) => {
      const reply: Reply = { text };
      if (this.buttons && i === parts.length - 1) reply.buttons = this.buttons;
      this.replies.push(reply);
      this.record('bot', text);
    });
    this.paragraphs = [];
    this.buttons = undefined;
  }

  record(from: Speaker, text: string, attachments?: Attachment[], agentId?: string): void {
    this.lastInteractionId = this.state.interactionId ?? this.lastInteractionId;
    this.lines.push({ interactionId: this.lastInteractionId, from, text, attachments, agentId });
    // The conversation so far, for the operator and the appeal text: bounded, the bot's long
    // reference answers shortened, and kept in a list of its own beside the state, so the state
    // read and written on every message stays small (the full transcript is in interaction_events).
    const kept = from === 'bot' && text.length > BOT_LINE_CHARS ? `${text.slice(0, BOT_LINE_CHARS)}…` : text;
    this.recentAdded.push({ from, text: kept });
    if (this.recentAdded.length > RECENT_LINES)
      this.recentAdded.splice(0, this.recentAdded.length - RECENT_LINES);
  }

  /** The interaction is over: the next lines start a new conversation so far. */
  clearRecent(): void {
    this.recentCleared = true;
    this.recentAdded.length = 0;
  }

  /** What the commit writes into the stored conversation so far. */
  recentChanges(): { clear: boolean; lines: RecentLine[] } {
    return { clear: this.recentCleared, lines: this.recentAdded };
  }

  /** The last lines of the conversation (stored ones, then this turn's), oldest first. */
  async conversationSoFar(): Promise<RecentLine[]> {
    const stored = this.recentCleared ? [] : await this.readRecent();
    return [...stored, ...this.recentAdded].slice(-RECENT_LINES);
  }

  /** What the client wrote in the conversation so far (oldest first). */
  async clientTexts(): Promise<string[]> {
    return (await this.conversationSoFar()).filter((line) => line.from === 'client').map((line) => line.text);
  }

  /** A client's file to copy into the platform's storage once this turn is committed. */
  copyAttachment(job: AttachmentJob): void {
    this.attachmentJobs.push(job);
  }

  toOperator(note: Record<string, string>): void {
    this.operatorNotes.push(note);
  }

  /** Puts the replies (call `flush` before the state is written), transcript lines and operator notes into the commit's MULTI. */
  applyTo(multi: ChainableCommander, outbox: Outbox, keys: ChatKeys): void {
    const { channel, chatId } = this.conversation;
    for (const reply of this.replies)
      outbox.enqueueInto(multi, outboundMessage(channel, chatId, reply, this.now));
    appendTranscript(
      multi,
      keys,
      this.lines.flatMap(({ interactionId, ...line }) =>
        interactionId ? [{ interactionId, at: this.now, ...line }] : [],
      ),
      // Only while the interaction's own row is not written yet (PostgreSQL was down).
      { opens: [...this.opens.values()], changes: this.changes },
    );
    for (const job of this.attachmentJobs) {
      multi.xadd(keys.attachments, '*', 'j', JSON.stringify(job));
    }
    for (const note of this.operatorNotes) {
      multi.xadd(keys.toOperator, 'MAXLEN', '~', '100000', '*', ...Object.entries(note).flat());
    }
  }
}

/** Splits at paragraph, then line, then space boundaries, so no part exceeds `limit`. */
export function splitText(text: string, limit: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    const window = rest.slice(0, limit);
    const cut = Math.max(window.lastIndexOf('\n\n'), window.lastIndexOf('\n'), window.lastIndexOf(' '));
    const at = cut > limit / 2 ? cut : limit;
    parts.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at).trimStart();
  }
  parts.push(rest);
  return parts;
}
