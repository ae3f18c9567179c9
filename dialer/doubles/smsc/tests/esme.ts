import { EventEmitter, once } from 'node:events';
import smpp, { type PDU, type PduOptions, type Session } from 'smpp';

/** A real SMPP client (the `smpp` package's session) playing the dialer's side in tests. */
export class TestEsme extends EventEmitter {
  readonly received: PDU[] = [];
  /** command_status the ESME answers the next deliver_sm with (then back to 0). */
  answerNextDeliverWith = 0;
  /** Take deliver_sm but never answer (a client that crashes before acknowledging). */
  silent = false;

  private constructor(readonly session: Session) {
    super();
    session.on('error', () => {});
    session.on('deliver_sm', (pdu: PDU) => {
      if (this.silent) return;
      const status = this.answerNextDeliverWith;
      this.answerNextDeliverWith = 0;
      session.send(pdu.response({ command_status: status }));
      if (status === 0) this.received.push(pdu);
      this.emit('change');
    });
  }

  static async connect(url: string): Promise<TestEsme> {
    const session = smpp.connect({ url });
    await once(session, 'connect');
    return new TestEsme(session);
  }

  request(
    command:
      | 'bind_transceiver'
      | 'bind_transmitter'
      | 'bind_receiver'
      | 'submit_sm'
      | 'enquire_link'
      | 'unbind',
    options: PduOptions = {},
  ): Promise<PDU> {
    return new Promise((resolve) => this.session[command](options, resolve));
  }

  async bind(
    systemId = 'hotline',
    password = 'secret',
    mode: 'transceiver' | 'transmitter' | 'receiver' = 'transceiver',
  ) {
    const response = await this.request(`bind_${mode}`, { system_id: systemId, password });
    return response.command_status;
  }

  submit(options: PduOptions): Promise<PDU> {
    return this.request('submit_sm', { source_addr: 'ENERGOSBYT', source_addr_ton: 5, ...options });
  }

  /** Resolves with the `count`-th deliver_sm the ESME accepted. */
  waitForDeliver(count = 1, timeoutMs = 3000): Promise<PDU> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const pdu = this.received[count - 1];
        if (!pdu) return;
        clearTimeout(timer);
        this.off('change', check);
        resolve(pdu);
      };
      const timer = setTimeout(() => {
        this.off('change', check);
        reject(new Error(`ESME: no deliver_sm #${count} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.on('change', check);
      check();
    });
  }

  close(): Promise<void> {
    if (this.session.socket.destroyed) return Promise.resolve();
    return new Promise((resolve) => this.session.destroy(() => resolve()));
  }
}

/** UCS-2 big-endian bytes, as an ESME puts Cyrillic on the wire. */
export const ucs2 = (text: string) => Buffer.from(text, 'utf16le').swap16();

/** A concatenation UDH with an 8-bit reference (IEI 0x00). */
export const udh8 = (reference: number, total: number, sequence: number) =>
  Buffer.from([0x05, 0x00, 0x03, reference, total, sequence]);
