import { normalizeAccountNumber } from '../accounts/account-number.ts';
import type { BillingApi } from '../billing/api.ts';
import { BillingError } from '../billing/errors.ts';
import type { Clock } from '../lifecycle/clock.ts';
import type { ChannelId, TariffZone, TopicId } from '../vocabulary/index.ts';
import type {
  BalanceFacts,
  IdentifyResult,
  MeterFacts,
  Mode,
  OutageFacts,
  ReadingSubmission,
} from './facts.ts';
import { secondFactorMatches, shortAddress, shortName } from './identify.ts';

/** Reference answers per topic (the knowledge base); `voice` variants are written to be heard. */
export type KnowledgeLookup = (topic: TopicId, variant: Mode) => Promise<string | undefined>;

export interface SelfServiceDeps {
  billing: BillingApi;
  knowledge: KnowledgeLookup;
  clock: Clock;
}

export interface ReadingInput {
  accountNumber: string;
  /** Which meter; the account's only meter when omitted. */
  meterSerial?: string;
  values: Array<{ zone: TariffZone; value: string }>;
  channel: ChannelId;
  interactionId?: string;
}

export class SelfServiceError extends Error {
  constructor(
    readonly reason: 'no_meter' | 'several_meters' | 'unknown_meter',
    message: string,
  ) {
    super(message);
    this.name = 'SelfServiceError';
  }
}

/**
 * The typical topics served by the robot (R-IVR-3, R-BOT-2) as one domain service for every
 * channel: the IVR speaks its results, the chatbot writes them (render.ts). Personal data is only
 * reached after `identify` succeeded (R-IVR-5); keeping that order is the caller's dialog state.
 */
export class SelfService {
  constructor(private readonly deps: SelfServiceDeps) {}

  async identify(input: { accountNumber: string; secondFactor: string }): Promise<IdentifyResult> {
    const accountNumber = normalizeAccountNumber(input.accountNumber);
    if (!accountNumber) return { ok: false, reason: 'malformed_account' };
    try {
      const { account } = await this.deps.billing.getAccount({ accountNumber });
      if (!account || account.closedOn) return { ok: false, reason: 'unknown_account' };
      if (!secondFactorMatches(account, input.secondFactor))
        return { ok: false, reason: 'second_factor_mismatch' };
      return {
        ok: true,
        account: {
          accountNumber,
          ownerShortName: shortName(account.ownerFullName),
          addressShort: shortAddress(account),
        },
      };
    } catch (error) {
      if (error instanceof BillingError && error.kind === 'not_found')
        return { ok: false, reason: 'unknown_account' };
      if (error instanceof BillingError && error.kind === 'unavailable')
        return { ok: false, reason: 'billing_unavailable' };
      throw error;
    }
  }

  /** Accounts linked to the caller's number: a hint for the dialog, not an identification. */
  async accountsForPhone(phone: string) {
    const { accounts } = await this.deps.billing.findAccounts({
      query: { $case: 'phone', value: phone },
      limit: 5,
    });
    return accounts.filter((account) => !account.closed);
  }

  async balance(accountNumber: string): Promise<BalanceFacts> {
    const balance = await this.deps.billing.getBalance({ accountNumber });
    return {
      dueKopecks: balance.dueKopecks,
      overdueKopecks: balance.overdueKopecks,
      advanceKopecks: balance.advanceKopecks,
      nextDueDate: balance.nextDueDate || undefined,
      lastPayment:
        balance.lastPayment?.paidAt !== undefined
          ? { amountKopecks: balance.lastPayment.amountKopecks, paidAt: balance.lastPayment.paidAt }
          : undefined,
    };
  }

  async meters(accountNumber: string): Promise<MeterFacts[]> {
    const { meters } = await this.deps.billing.listMeters({ accountNumber });
    return meters.map((meter) => ({
      serial: meter.serial,
      zones: meter.zones as TariffZone[],
      lastReadings: meter.lastReadings.map((reading) => ({
        zone: reading.zone as TariffZone,
        value: reading.value,
        takenOn: reading.takenAt ? reading.takenAt.toISOString().slice(0, 10) : '',
      })),
    }));
  }

  async submitReadings(input: ReadingInput): Promise<ReadingSubmission> {
    const meterSerial = input.meterSerial ?? (await this.onlyMeter(input.accountNumber));
    const response = await this.deps.billing.submitMeterReading({
      accountNumber: input.accountNumber,
      meterSerial,
      values: input.values,
      takenAt: this.deps.clock.now(),
      channel: input.channel,
      interactionId: input.interactionId ?? '',
    });
    return {
      allAccepted: response.allAccepted,
      meterSerial,
      results: response.results.map((result) => ({
        zone: result.zone as TariffZone,
        value: result.value,
        accepted: result.accepted,
        code: result.rejection?.code,
        explanationRu: result.rejection?.explanation,
        consumptionKwh: result.consumptionKwh || undefined,
      })),
    };
  }

  async outages(
    where: { accountNumber: string } | { settlement: string; street?: string },
  ): Promise<OutageFacts[]> {
    let place = where as { settlement: string; street?: string };
    if ('accountNumber' in where) {
      const { account } = await this.deps.billing.getAccount({ accountNumber: where.accountNumber });
      place = { settlement: account?.address?.settlement ?? '', street: account?.address?.street };
    }
    const { outages } = await this.deps.billing.listOutages({
      settlement: place.settlement,
      street: place.street ?? '',
    });
    return outages.map((outage) => ({
      kind: outage.kind as OutageFacts['kind'],
      current: outage.current,
      startsAt: outage.startsAt!,
      endsAt: outage.endsAt,
      reason: outage.reason,
      gridCompany: outage.gridCompany,
      gridPhone: outage.gridPhone,
    }));
  }

  referenceAnswer(topic: TopicId, mode: Mode): Promise<string | undefined> {
    return this.deps.knowledge(topic, mode);
  }

  private async onlyMeter(accountNumber: string): Promise<string> {
    const meters = await this.meters(accountNumber);
    if (meters.length === 0) throw new SelfServiceError('no_meter', 'the account has no meter in service');
    if (meters.length > 1)
      throw new SelfServiceError('several_meters', 'the account has several meters: name one');
    return meters[0]!.serial;
  }
}
