import {
  type CallOptions,
  type ChannelCredentials,
  credentials,
  Metadata,
  type ServiceError,
} from '@grpc/grpc-js';
import { BillingServiceClient } from '../../../proto/gen/hotline/billing/v1/billing.ts';
import type { BillingApi } from '../api.ts';
import { fromServiceError } from './status.ts';

export interface BillingClientOptions {
  /** "host:port" of any server of hotline.billing.v1.BillingService (ours or the retailer's). */
  address: string;
  /** Per-call deadline; a caller on the line should not wait long for the billing. Default 5 s. */
  deadlineMs?: number;
  /** Default insecure (loopback / private network); pass TLS credentials for a remote billing. */
  channelCredentials?: ChannelCredentials;
}

export interface BillingClient extends BillingApi {
  close(): void;
}

type Callback<Res> = (error: ServiceError | null, response: Res) => void;

/**
 * The billing as the IVR, the chatbot, the desktop and the dialer use it: a BillingApi over gRPC,
 * failures as BillingError (not_found, invalid_argument, failed_precondition, unavailable, internal).
 */
export function createBillingClient(options: BillingClientOptions): BillingClient {
  const raw = new BillingServiceClient(
    options.address,
    options.channelCredentials ?? credentials.createInsecure(),
  );
  const deadlineMs = options.deadlineMs ?? 5_000;

  function invoke<Res>(
    start: (metadata: Metadata, callOptions: Partial<CallOptions>, callback: Callback<Res>) => unknown,
  ) {
    return new Promise<Res>((resolve, reject) => {
      start(new Metadata(), { deadline: Date.now() + deadlineMs }, (error, response) =>
        error ? reject(fromServiceError(error)) : resolve(response),
      );
    });
  }

  return {
    findAccounts: (request) => invoke((m, o, cb) => raw.findAccounts(request, m, o, cb)),
    getAccount: (request) => invoke((m, o, cb) => raw.getAccount(request, m, o, cb)),
    getBalance: (request) => invoke((m, o, cb) => raw.getBalance(request, m, o, cb)),
    listCharges: (request) => invoke((m, o, cb) => raw.listCharges(request, m, o, cb)),
    listPayments: (request) => invoke((m, o, cb) => raw.listPayments(request, m, o, cb)),
    listMeters: (request) => invoke((m, o, cb) => raw.listMeters(request, m, o, cb)),
    submitMeterReading: (request) => invoke((m, o, cb) => raw.submitMeterReading(request, m, o, cb)),
    listOutages: (request) => invoke((m, o, cb) => raw.listOutages(request, m, o, cb)),
    close: () => raw.close(),
  };
}
