import type { TariffZone } from '../vocabulary/states.ts';

/** What self-service tells a client, as data; `render.ts` turns it into words for voice or text. */

export interface IdentifiedAccount {
  accountNumber: string;
  ownerShortName: string;
  addressShort: string;
}

export type IdentifyResult =
  | { ok: true; account: IdentifiedAccount }
  | {
      ok: false;
      reason: 'malformed_account' | 'unknown_account' | 'second_factor_mismatch' | 'billing_unavailable';
    };

export interface BalanceFacts {
  dueKopecks: number;
  overdueKopecks: number;
  advanceKopecks: number;
  /** `YYYY-MM-DD` of the next payment date for an unpaid charge. */
  nextDueDate?: string;
  lastPayment?: { amountKopecks: number; paidAt: Date };
}

export interface MeterFacts {
  serial: string;
  zones: TariffZone[];
  lastReadings: Array<{ zone: TariffZone; value: string; takenOn: string }>;
}

export interface ReadingResultFacts {
  zone: TariffZone;
  value: string;
  accepted: boolean;
  code?: string;
  explanationRu?: string;
  consumptionKwh?: string;
}

export interface ReadingSubmission {
  allAccepted: boolean;
  meterSerial: string;
  results: ReadingResultFacts[];
}

export interface OutageFacts {
  kind: 'planned' | 'emergency';
  current: boolean;
  startsAt: Date;
  endsAt?: Date;
  reason: string;
  gridCompany: string;
  gridPhone: string;
}

export type Mode = 'voice' | 'text';
