import { AppealDeliveryQueue, deliveryStageHook } from '../../../core/appeals/delivery/index.ts';
import { createAppealService } from '../../../core/appeals/index.ts';
import { PgBilling } from '../../../core/billing/index.ts';
import type { DesktopArea } from '../context.ts';
import { appealRoutes } from './http-appeals.ts';
import { cardRoutes } from './http-card.ts';
import { deliveryRoutes } from './http-deliveries.ts';
import type { RecordsDependencies } from './http-support.ts';
import { IdentificationStore } from './redis/identifications.ts';

/** The client card (search, identification, everything about the client) and appeal registration. */
export const recordsArea: DesktopArea = {
  name: 'records',
  routes(context) {
    const deps: RecordsDependencies = {
      pool: context.pool,
      clock: context.clock,
      timeZone: context.timeZone,
      billing: new PgBilling(context.pool, context.clock),
      appeals: createAppealService({
        pool: context.pool,
        clock: context.clock,
        timeZone: context.timeZone,
        // Every answer and interim answer owes the client a message (R-APL-5, R-APL-4, R-APL-2).
        onStage: deliveryStageHook({ clock: context.clock, timeZone: context.timeZone }),
      }),
      deliveryQueue: new AppealDeliveryQueue(context.redis, context.prefix, {
        attempts: context.config.APPEAL_DELIVERY_ATTEMPTS,
        backoffMs: context.config.APPEAL_DELIVERY_BACKOFF_MS,
      }),
      logger: context.logger,
      // Ticks last no longer than the session that made them could.
      identifications: new IdentificationStore(
        context.redis,
        context.prefix,
        context.config.SESSION_MAX_HOURS * 3_600_000,
      ),
    };
    return [...cardRoutes(deps), ...appealRoutes(deps), ...deliveryRoutes(deps)];
  },
};
