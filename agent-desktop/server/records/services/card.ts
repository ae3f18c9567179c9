import type { AppealService } from '../../../../core/appeals/index.ts';
import type { BillingApi } from '../../../../core/billing/index.ts';
import type { Queryable } from '../../../../core/db/pool.ts';
import { INTERACTION_OUTCOME_LABEL_RU, type InteractionOutcome } from '../../../../core/vocabulary/index.ts';
import type { AccountRow } from '../db/accounts.ts';
import { listInteractionsOfClient, listRecentReadings, listRecordingsOfClient } from '../db/history.ts';
import { STATE_LABEL_RU } from './appeal-status.ts';
import { CHECK_LABEL_RU, IDENTIFICATION_CHECKS, type IdentificationCheck } from './identification.ts';
import { maskAddress, maskEmail, maskFullName, maskPhone } from './masking.ts';

export interface CardDependencies {
  db: Queryable;
  billing: BillingApi;
  appeals: AppealService;
}

export interface IdentificationState {
  required: boolean;
  identified: boolean;
  checks: Array<{ check: IdentificationCheck; label: string; at: string | null }>;
}

/**
 * The client card. Until the client is identified it holds only what tells accounts apart and
 * what is public (outages at the settlement); balance, payments, history and contacts come after.
 */
export async function buildCard(
  deps: CardDependencies,
  account: AccountRow,
  identification: IdentificationState,
) {
  const full = identification.identified || !identification.required;
  const { account: details } = await deps.billing.getAccount({ accountNumber: account.number });
  const owner = details?.owner;
  const outages = await deps.billing.listOutages({
    settlement: account.settlement,
    street: full ? (account.street ?? '') : '',
  });
  const summary = {
    id: account.id,
    number: account.number,
    clientType: account.clientType,
    closedOn: account.closedOn,
    restricted: account.restricted,
    settlement: account.settlement,
    address: full ? account.fullAddress : maskAddress(account.settlement),
  };
  const contacts = {
    name: full ? account.ownerFullName : maskFullName(account.ownerFullName),
    phones: (owner?.phones ?? []).map((phone) => (full ? phone : maskPhone(phone))),
    email: owner?.email ? (full ? owner.email : maskEmail(owner.email)) : null,
    preferredChannel: owner?.preferredChannel || null,
    vulnerable: owner?.vulnerable ?? false,
  };
  const base = { masked: !full, identification, account: summary, owner: contacts, outages: outages.outages };
  if (!full) return base;

  const accountNumber = account.number;
  const [balance, charges, payments, meters, readings, interactions, appeals, recordings] = await Promise.all(
    [
      deps.billing.getBalance({ accountNumber }),
      deps.billing.listCharges({ accountNumber, fromPeriod: '', toPeriod: '', limit: 12 }),
      deps.billing.listPayments({ accountNumber, since: undefined, limit: 12 }),
      deps.billing.listMeters({ accountNumber }),
      listRecentReadings(deps.db, account.id),
      listInteractionsOfClient(deps.db, account.clientId, account.id),
      deps.appeals.listForClient(account.clientId, 20),
      listRecordingsOfClient(deps.db, account.clientId, account.id),
    ],
  );
  return {
    ...base,
    clientId: account.clientId,
    owner: { ...contacts, inn: owner?.inn || null, postalAddress: owner?.postalAddress || null },
    balance,
    charges: charges.charges,
    payments: payments.payments,
    meters: meters.meters,
    readings,
    interactions: interactions.map((interaction) => ({
      ...interaction,
      outcomeLabel: interaction.outcome
        ? (INTERACTION_OUTCOME_LABEL_RU[interaction.outcome as InteractionOutcome] ?? interaction.outcome)
        : null,
    })),
    appeals: appeals.map((appeal) => ({
      id: appeal.id,
      regNumber: appeal.regNumber,
      channel: appeal.channel,
      kind: appeal.kind,
      topics: appeal.topics,
      state: appeal.state,
      stateLabel: STATE_LABEL_RU[appeal.state],
      registeredAt: appeal.registeredAt,
      dueAt: appeal.dueAt,
    })),
    recordings,
  };
}

export function identificationState(
  required: boolean,
  ticked: Partial<Record<IdentificationCheck, string>>,
): IdentificationState {
  return {
    required,
    identified: IDENTIFICATION_CHECKS.every((check) => ticked[check] !== undefined),
    checks: IDENTIFICATION_CHECKS.map((check) => ({
      check,
      label: CHECK_LABEL_RU[check],
      at: ticked[check] ?? null,
    })),
  };
}
