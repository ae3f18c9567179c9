import type { ChannelSender, SendOutcome, SendRequest } from '../channels/channel.ts';

const DELIVERED: SendOutcome = { kind: 'finished', outcome: 'positive', detail: 'delivered' };

/** An SMS gateway for tests: remembers every request it was given; answers delivered unless `outcome` says otherwise. */
export class RecordingSms implements ChannelSender {
  readonly channel = 'sms' as const;
  readonly requests: SendRequest[] = [];
  constructor(private readonly outcome: (request: SendRequest) => SendOutcome = () => DELIVERED) {}

  /** The contacts sent to, in order. */
  get sent(): number[] {
    return this.requests.map((request) => request.contactId);
  }

  /** The texts sent, in order. */
  get texts(): string[] {
    return this.requests.map((request) => request.message.text);
  }

  async send(request: SendRequest): Promise<SendOutcome> {
    this.requests.push(request);
    return this.outcome(request);
  }
}
