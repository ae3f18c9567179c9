import type { PduOptions, Session } from 'smpp';
import type { EsmeDelivery } from './schemas.ts';

interface Pending {
  record: EsmeDelivery;
  pdu: PduOptions;
  acknowledged: () => void;
}

/**
 * deliver_sm traffic towards the ESME (receipts and subscribers' messages), store-and-forward
 * like a real SMSC: held while no receiver is bound, offered again when the ESME answers with
 * an error or drops the connection before answering. Nothing is lost, nothing is acknowledged
 * twice.
 */
export class EsmeOutbox {
  private readonly waiting: Pending[] = [];
  private readonly inFlight = new Map<Pending, Session>();
  private readonly timers = new Set<NodeJS.Timeout>();
  readonly history: EsmeDelivery[] = [];

  constructor(
    private readonly receivers: () => Session[],
    private readonly redeliveryDelayMs: number,
    private readonly onChange: () => void,
  ) {}

  offer(record: EsmeDelivery, pdu: PduOptions): Promise<void> {
    this.history.push(record);
    const acknowledged = new Promise<void>((resolve) => {
      this.waiting.push({ record, pdu, acknowledged: resolve });
    });
    this.onChange();
    this.pump();
    return acknowledged;
  }

  /** Sends whatever waits to a bound receiver; called on every bind and every offer. */
  pump(): void {
    const receiver = this.receivers()[0];
    if (!receiver) return;
    for (const pending of this.waiting.splice(0)) this.send(pending, receiver);
  }

  /** A connection went away: what it had not acknowledged goes back to the queue. */
  sessionClosed(session: Session): void {
    for (const [pending, holder] of this.inFlight) {
      if (holder !== session) continue;
      this.inFlight.delete(pending);
      this.waiting.push(pending);
    }
    this.pump();
  }

  pendingCount(): number {
    return this.waiting.length + this.inFlight.size;
  }

  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private send(pending: Pending, session: Session): void {
    this.inFlight.set(pending, session);
    const sent = session.deliver_sm({ ...pending.pdu }, (response) => {
      if (this.inFlight.get(pending) !== session) return;
      this.inFlight.delete(pending);
      if (response.command_status === 0) {
        pending.record.acknowledged = true;
        pending.acknowledged();
        this.onChange();
        return;
      }
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.waiting.push(pending);
        this.pump();
      }, this.redeliveryDelayMs);
      this.timers.add(timer);
    });
    if (sent) {
      pending.record.attempts++;
      this.onChange();
    } else {
      this.inFlight.delete(pending);
      this.waiting.push(pending);
    }
  }
}
