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
} from '../../../proto/gen/hotline/billing/v1/billing.ts';
import type { Pool } from '../../db/index.ts';
import type { Clock } from '../../lifecycle/clock.ts';
import { systemClock } from '../../lifecycle/clock.ts';
import type { BillingApi } from '../api.ts';
import { invalidArgument } from '../errors.ts';
import {
  accountRequestSchema,
  findAccountsSchema,
  listChargesSchema,
  listOutagesSchema,
  listPaymentsSchema,
  parseRequest,
  submitMeterReadingSchema,
} from '../schemas.ts';
import { findAccounts, getAccount, loadAccountRef } from './accounts.ts';
import { listMeters, submitMeterReading } from './meters.ts';
import { getBalance, listCharges, listPayments } from './money.ts';
import { listOutages } from './outages.ts';

// A reading "taken" a little ahead of the server's clock is clock skew of the client's device;
// further ahead it is a mistake.
const TAKEN_AT_SKEW_MS = 5 * 60_000;

/** The reference billing: the contract served from the project's own PostgreSQL tables. */
export class PgBilling implements BillingApi {
  constructor(
    private readonly pool: Pool,
    private readonly clock: Clock = systemClock,
  ) {}

  async findAccounts(request: FindAccountsRequest): Promise<FindAccountsResponse> {
    const { query, limit } = parseRequest(findAccountsSchema, request);
    return { accounts: await findAccounts(this.pool, query, limit) };
  }

  async getAccount(request: GetAccountRequest): Promise<GetAccountResponse> {
    const { accountNumber } = parseRequest(accountRequestSchema, request);
    return { account: await getAccount(this.pool, accountNumber) };
  }

  async getBalance(request: GetBalanceRequest): Promise<GetBalanceResponse> {
    const { accountNumber } = parseRequest(accountRequestSchema, request);
    const account = await loadAccountRef(this.pool, accountNumber);
    return getBalance(this.pool, account, accountNumber, this.clock.now());
  }

  async listCharges(request: ListChargesRequest): Promise<ListChargesResponse> {
    const parsed = parseRequest(listChargesSchema, request);
    const account = await loadAccountRef(this.pool, parsed.accountNumber);
    return { charges: await listCharges(this.pool, account, parsed) };
  }

  async listPayments(request: ListPaymentsRequest): Promise<ListPaymentsResponse> {
    const parsed = parseRequest(listPaymentsSchema, request);
    const account = await loadAccountRef(this.pool, parsed.accountNumber);
    return { payments: await listPayments(this.pool, account, parsed) };
  }

  async listMeters(request: ListMetersRequest): Promise<ListMetersResponse> {
    const { accountNumber } = parseRequest(accountRequestSchema, request);
    const account = await loadAccountRef(this.pool, accountNumber);
    return { meters: await listMeters(this.pool, account) };
  }

  async submitMeterReading(request: SubmitMeterReadingRequest): Promise<SubmitMeterReadingResponse> {
    const submission = parseRequest(submitMeterReadingSchema, request);
    const now = this.clock.now();
    if (submission.takenAt && submission.takenAt.getTime() > now.getTime() + TAKEN_AT_SKEW_MS) {
      throw invalidArgument('taken_at is in the future');
    }
    const account = await loadAccountRef(this.pool, submission.accountNumber);
    return submitMeterReading(this.pool, account, submission, now);
  }

  async listOutages(request: ListOutagesRequest): Promise<ListOutagesResponse> {
    const place = parseRequest(listOutagesSchema, request);
    const now = this.clock.now();
    return { outages: await listOutages(this.pool, place, now), asOf: now };
  }
}
