/**
 * Types for the `smpp` package (0.5, no bundled types): only the surface the dialer and its
 * SMSC double use. PDU fields follow the SMPP spec's names (`destination_addr`, `esm_class`…).
 */
declare module 'smpp' {
  import type { EventEmitter } from 'node:events';
  import type { Server as NetServer } from 'node:net';

  export interface PDU {
    command: string;
    command_id: number;
    command_status: number;
    sequence_number: number;
    [field: string]: unknown;
    isResponse(): boolean;
    response(options?: Record<string, unknown>): PDU;
  }

  export type PduOptions = Record<string, unknown>;
  export type ResponseCallback = (pdu: PDU) => void;

  export class Session extends EventEmitter {
    constructor(options: Record<string, unknown>);
    readonly socket: import('node:net').Socket;
    send(pdu: PDU, responseCallback?: ResponseCallback, sendCallback?: ResponseCallback): boolean;
    pause(): void;
    resume(): void;
    close(callback?: () => void): void;
    destroy(callback?: () => void): void;
    bind_transceiver(options: PduOptions, responseCallback?: ResponseCallback): boolean;
    bind_transmitter(options: PduOptions, responseCallback?: ResponseCallback): boolean;
    bind_receiver(options: PduOptions, responseCallback?: ResponseCallback): boolean;
    submit_sm(options: PduOptions, responseCallback?: ResponseCallback): boolean;
    deliver_sm(options: PduOptions, responseCallback?: ResponseCallback): boolean;
    enquire_link(options?: PduOptions | ResponseCallback, responseCallback?: ResponseCallback): boolean;
    unbind(options?: PduOptions | ResponseCallback, responseCallback?: ResponseCallback): boolean;
  }

  export interface Server extends NetServer {
    readonly sessions: Session[];
  }

  export function createServer(
    options: Record<string, unknown>,
    listener?: (session: Session) => void,
  ): Server;
  export function createServer(listener?: (session: Session) => void): Server;
  export function connect(
    options: { url?: string; host?: string; port?: number; auto_enquire_link_period?: number },
    listener?: () => void,
  ): Session;

  export const PDU: {
    new (command: string, options?: PduOptions): PDU;
  };

  export const gsmCoder: {
    encode(text: string, shiftTable?: number): Buffer;
    decode(bytes: Buffer, shiftTable?: number): string;
  };

  export const errors: Record<string, number>;
  export const consts: {
    ESM_CLASS: Record<string, number>;
    REGISTERED_DELIVERY: Record<string, number>;
    MESSAGE_STATE: Record<string, number>;
    ENCODING: Record<string, number>;
  };

  const smpp: {
    createServer: typeof createServer;
    connect: typeof connect;
    PDU: typeof PDU;
    gsmCoder: typeof gsmCoder;
    errors: typeof errors;
    consts: typeof consts;
    ESME_ROK: number;
    ESME_RINVMSGLEN: number;
    ESME_RINVCMDID: number;
    ESME_RINVBNDSTS: number;
    ESME_RALYBND: number;
    ESME_RSYSERR: number;
    ESME_RINVDSTADR: number;
    ESME_RINVPASWD: number;
    ESME_RINVSYSID: number;
    ESME_RTHROTTLED: number;
    ESME_RINVDCS: number;
  };
  export default smpp;
}
