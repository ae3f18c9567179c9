import type {
  FindAccountsRequest,
  FindAccountsResponse,
  GetAccountRequest,
  GetAccountResponse,
  GetBalanceRequest,
  GetBalanceResponse,
  ListChargesRequest,
  ListChargesResponse,
  ListMetersRequest,
  ListMetersResponse,
  ListOutagesRequest,
  ListOutagesResponse,
  ListPaymentsRequest,
  ListPaymentsResponse,
  SubmitMeterReadingRequest,
  SubmitMeterReadingResponse,
} from '../../proto/gen/hotline/billing/v1/billing.ts';

/**
 * The billing contract as a TypeScript interface (one method per RPC of
 * proto/hotline/billing/v1/billing.proto). The PostgreSQL reference implementation and the gRPC
 * client both satisfy it, so code written against it does not care which billing answers.
 * Failures are BillingError (errors.ts).
 */
export interface BillingApi {
  findAccounts(request: FindAccountsRequest): Promise<FindAccountsResponse>;
  getAccount(request: GetAccountRequest): Promise<GetAccountResponse>;
  getBalance(request: GetBalanceRequest): Promise<GetBalanceResponse>;
  listCharges(request: ListChargesRequest): Promise<ListChargesResponse>;
  listPayments(request: ListPaymentsRequest): Promise<ListPaymentsResponse>;
  listMeters(request: ListMetersRequest): Promise<ListMetersResponse>;
  submitMeterReading(request: SubmitMeterReadingRequest): Promise<SubmitMeterReadingResponse>;
  listOutages(request: ListOutagesRequest): Promise<ListOutagesResponse>;
}

export const BILLING_METHODS = [
  'findAccounts',
  'getAccount',
  'getBalance',
  'listCharges',
  'listPayments',
  'listMeters',
  'submitMeterReading',
  'listOutages',
] as const satisfies readonly (keyof BillingApi)[];
