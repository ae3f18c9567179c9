import { EventEmitter, once } from 'node:events';
import type { AddressInfo } from 'node:net';
import smpp, { type PDU, type Server, type Session } from 'smpp';
import { type Clock, systemClock } from '../../../core/lifecycle/clock.ts';
import { waitForChange } from '../wait-for.ts';
import { EsmeOutbox } from './esme-outbox.ts';
import { Reassembler } from './reassembly.ts';
import { buildReceipt, receiptWanted } from './receipt.ts';
import {
  type EsmeDelivery,
  type ReceiptRule,
  type ReceiptRuleInput,
  receiptRuleSchema,
  type SmscOptions,
  type SmscOptionsInput,
  type SmsMessage,
  type SubmittedPart,
  smscOptionsSchema,
} from './schemas.ts';
import { decodeSubmit, type SubmitDecoding } from './submit-decoding.ts';
import { buildSubscriberMessage } from './subscriber-message.ts';
import { RollingRateLimit } from './throttle.ts';

type BindMode = 'transceiver' | 'transmitter' | 'receiver';
const BIND_MODES: Record<string, BindMode> = {
  bind_transceiver: 'transceiver',
  bind_transmitter: 'transmitter',
  bind_receiver: 'receiver',
};

const normalizeMsisdn = (address: string) => address.replace(/^\+/, '');

/**
 * An SMSC double speaking SMPP 3.4 for real (server side of the `smpp` package): binds with a
 * password check, submit_sm in GSM-7/UCS-2 (long messages by UDH, sar_* or message_payload),
 * delivery receipts and subscribers' messages as deliver_sm, enquire_link, unbind, throttling.
 */
export class SmscDouble extends EventEmitter {
  readonly options: SmscOptions;
  readonly parts: SubmittedPart[] = [];
  readonly messages: SmsMessage[] = [];
  private readonly server: Server;
  private readonly bindings = new Map<Session, BindMode>();
  private readonly receiptRules = new Map<string, ReceiptRule>();
  private readonly reassembler = new Reassembler();
  private readonly rateLimit: RollingRateLimit;
  private readonly outbox: EsmeOutbox;
  private readonly timers = new Set<NodeJS.Timeout>();
  private nextMessageId = 1;

  private constructor(
    options: SmscOptions,
    private readonly clock: Clock,
  ) {
    super();
    this.options = options;
    for (const [msisdn, rule] of Object.entries(options.receipts.byDestination)) {
      this.receiptRules.set(normalizeMsisdn(msisdn), rule);
    }
    this.rateLimit = new RollingRateLimit(options.maxSubmitsPerSecond, clock);
    this.outbox = new EsmeOutbox(
      () => this.receivingSessions(),
      options.redeliveryDelayMs,
      () => this.emit('change'),
    );
    this.server = smpp.createServer((session) => this.accept(session));
  }

  static async start(input: SmscOptionsInput = {}, clock: Clock = systemClock): Promise<SmscDouble> {
    const smsc = new SmscDouble(smscOptionsSchema.parse(input), clock);
    smsc.server.listen(smsc.options.port, smsc.options.host);
    await once(smsc.server, 'listening');
    return smsc;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get url(): string {
    return `smpp://${this.options.host}:${this.port}`;
  }

  /** Whole messages (long ones joined) sent to `msisdn`, oldest first. */
  messagesTo(msisdn: string): SmsMessage[] {
    const wanted = normalizeMsisdn(msisdn);
    return this.messages.filter((m) => normalizeMsisdn(m.destination) === wanted);
  }

  /** Receipts and subscribers' messages offered to the ESME, with their acknowledgement state. */
  get deliveries(): readonly EsmeDelivery[] {
    return this.outbox.history;
  }

  boundSessions(): number {
    return this.bindings.size;
  }

  setReceipt(msisdn: string, rule: ReceiptRuleInput): void {
    this.receiptRules.set(normalizeMsisdn(msisdn), receiptRuleSchema.parse(rule));
  }

  /** Resolves with the `count`-th message to `msisdn` once it is complete. */
  waitForMessageTo(
    msisdn: string,
    options: { count?: number; timeoutMs?: number } = {},
  ): Promise<SmsMessage> {
    const count = options.count ?? 1;
    return this.waitFor(
      () => this.messagesTo(msisdn)[count - 1],
      options.timeoutMs,
      `message #${count} to ${msisdn}`,
    );
  }

  waitForBind(options: { timeoutMs?: number } = {}): Promise<void> {
    return this.waitFor(() => (this.bindings.size > 0 ? true : undefined), options.timeoutMs, 'a bind').then(
      () => {},
    );
  }

  /** Resolves when `probe` returns something other than undefined (checked on every change). */
  waitFor<T>(probe: () => T | undefined, timeoutMs = 5000, what = 'condition'): Promise<T> {
    return waitForChange(this, probe, timeoutMs, `SMSC double: ${what}`);
  }

  /**
   * A subscriber texts the service number (e.g. «СТОП»): a deliver_sm (esm_class 0) to the bound
   * ESME. Resolves once the ESME acknowledges it; held until an ESME binds.
   */
  subscriberSends(from: string, text: string, to: string = this.options.serviceNumber): Promise<void> {
    const { record, pdu } = buildSubscriberMessage(from, to, text);
    return this.outbox.offer(record, pdu);
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.outbox.close();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const session of [...this.server.sessions]) session.destroy();
    await closed;
  }

  private receivingSessions(): Session[] {
    return [...this.bindings].filter(([, mode]) => mode !== 'transmitter').map(([session]) => session);
  }

  private accept(session: Session): void {
    // A client resetting the connection must not bring the double down.
    session.on('error', () => session.destroy());
    session.on('close', () => {
      this.bindings.delete(session);
      this.outbox.sessionClosed(session);
      this.emit('change');
    });
    session.on('pdu', (pdu: PDU) => {
      if (pdu.isResponse()) return;
      this.handle(session, pdu);
    });
  }

  private handle(session: Session, pdu: PDU): void {
    const bindMode = BIND_MODES[pdu.command];
    if (bindMode) {
      this.bind(session, pdu, bindMode);
      return;
    }
    switch (pdu.command) {
      case 'enquire_link':
        session.send(pdu.response());
        return;
      case 'unbind':
        this.bindings.delete(session);
        session.send(pdu.response(), () => session.close());
        return;
      case 'submit_sm':
        this.submit(session, pdu);
        return;
      default:
        session.send(pdu.response({ command_status: smpp.ESME_RINVCMDID }));
    }
  }

  private bind(session: Session, pdu: PDU, mode: BindMode): void {
    const reply = (status: number) =>
      session.send(pdu.response({ command_status: status, system_id: 'hotline-smsc' }));
    const status = this.bindStatus(session, pdu);
    if (status !== smpp.ESME_ROK) {
      reply(status);
      // A failed bind ends the connection, as SMSCs do; a repeated bind just gets refused.
      if (status !== smpp.ESME_RALYBND) session.close();
      return;
    }
    this.bindings.set(session, mode);
    reply(smpp.ESME_ROK);
    this.emit('change');
    this.outbox.pump();
  }

  private bindStatus(session: Session, pdu: PDU): number {
    if (this.bindings.has(session)) return smpp.ESME_RALYBND;
    if (pdu.system_id !== this.options.systemId) return smpp.ESME_RINVSYSID;
    if (pdu.password !== this.options.password) return smpp.ESME_RINVPASWD;
    return smpp.ESME_ROK;
  }

  /** The checks of a real SMSC, in its order; the throttle counts only otherwise good submits. */
  private submitRefusal(session: Session, destination: string, decoded: SubmitDecoding): number | undefined {
    const mode = this.bindings.get(session);
    if (mode !== 'transceiver' && mode !== 'transmitter') return smpp.ESME_RINVBNDSTS;
    if (!/^\+?\d{5,15}$/.test(destination)) return smpp.ESME_RINVDSTADR;
    if (!decoded.ok) return decoded.status;
    if (!this.rateLimit.tryTake()) return smpp.ESME_RTHROTTLED;
    return undefined;
  }

  private submit(session: Session, pdu: PDU): void {
    const destination = typeof pdu.destination_addr === 'string' ? pdu.destination_addr : '';
    const decoded = decodeSubmit(pdu);
    const refusal = this.submitRefusal(session, destination, decoded);
    if (refusal !== undefined || !decoded.ok) {
      session.send(pdu.response({ command_status: refusal ?? smpp.ESME_RSYSERR }));
      return;
    }

    const part: SubmittedPart = {
      messageId: String(this.nextMessageId++).padStart(10, '0'),
      source: String(pdu.source_addr ?? ''),
      destination,
      dataCoding: decoded.dataCoding,
      text: decoded.text,
      registeredDelivery: Number(pdu.registered_delivery ?? 0),
      ...(decoded.concat ? { concat: decoded.concat } : {}),
      submittedAt: this.clock.now(),
    };
    this.parts.push(part);
    session.send(pdu.response({ message_id: part.messageId }));
    const message = this.reassembler.add(part, decoded.viaPayload);
    if (message) this.messages.push(message);
    this.scheduleReceipt(part);
    this.emit('change');
  }

  private scheduleReceipt(part: SubmittedPart): void {
    const rule = this.receiptRules.get(normalizeMsisdn(part.destination)) ?? this.options.receipts.default;
    if (!receiptWanted(part.registeredDelivery, rule)) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      const { record, pdu } = buildReceipt(part, rule, this.clock.now());
      void this.outbox.offer(record, pdu);
    }, rule.delayMs);
    this.timers.add(timer);
  }
}
