import type { Response } from 'express';
import type { AppealDeliveryQueue } from '../../../core/appeals/delivery/index.ts';
import type { AppealService } from '../../../core/appeals/index.ts';
import { recordAudit } from '../../../core/audit/index.ts';
import type { BillingApi } from '../../../core/billing/index.ts';
import type { Pool } from '../../../core/db/pool.ts';
import type { Clock } from '../../../core/lifecycle/clock.ts';
import type { Logger } from '../../../core/logging/logger.ts';
import type { AuthedRequest } from '../http/routes.ts';
import type { IdentificationStore } from './redis/identifications.ts';

/** What the records routes share: built once per server in area.ts. */
export interface RecordsDependencies {
  pool: Pool;
  clock: Clock;
  timeZone: string;
  billing: BillingApi;
  appeals: AppealService;
  identifications: IdentificationStore;
  /** Answers go to the client through the sending workers (core/appeals/delivery). */
  deliveryQueue: AppealDeliveryQueue;
  logger: Logger;
}

export function sendProblems(res: Response, problems: Array<{ field: string; message: string }>): void {
  res.status(400).json({ error: problems.map((problem) => problem.message).join('; '), problems });
}

export function sendNotFound(res: Response, what: 'account' | 'appeal' | 'interaction'): void {
  const message = {
    account: 'Лицевой счёт не найден',
    appeal: 'Обращение не найдено',
    interaction: 'Разговор не найден',
  }[what];
  res.status(404).json({ error: message });
}

/** Every view and change of personal data, with who, when and from where (R-SEC-1). */
export async function audit(
  deps: RecordsDependencies,
  req: AuthedRequest,
  entry: {
    action: string;
    subjectType: string;
    subjectId?: string | number | null;
    clientId?: number | null;
    details?: Record<string, unknown>;
  },
): Promise<void> {
  await recordAudit(deps.pool, {
    ...entry,
    userId: req.session!.userId,
    ip: req.ip ?? null,
    at: deps.clock.now(),
  });
}
