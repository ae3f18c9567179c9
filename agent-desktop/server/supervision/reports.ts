import type { Pool } from '../../../core/db/pool.ts';
import type { AcdWorkingTime } from '../acd/services/working-time.ts';
import { appealsByTopicAndChannel } from './db/appeals-report.ts';
import { abandonedCalls } from './db/calls-report.ts';
import { csatReport } from './db/csat-report.ts';
import { slaCompliance } from './db/sla-report.ts';
import type { ReportName } from './schemas.ts';
import type { Period } from './services/period.ts';
import {
  abandonedTable,
  appealsTable,
  csatTable,
  type ReportTable,
  slaTable,
} from './services/report-tables.ts';

/** What a report needs besides its period: the ЕКЦ's zone, "now", and its working time. */
export interface ReportContext {
  timeZone: string;
  now: Date;
  workingTime: AcdWorkingTime;
}

interface ReportDefinition<T> {
  title: string;
  build(pool: Pool, period: Period, at: ReportContext): Promise<T>;
  table(data: T): ReportTable;
}

const define = <T>(definition: ReportDefinition<T>) => definition as ReportDefinition<unknown>;

/** The supervision reports: each a query over a period and its table for the CSV export. */
export const REPORTS: Record<ReportName, ReportDefinition<unknown>> = {
  appeals: define({
    title: 'appeals by topic × channel (head office, R-APL-8)',
    build: (pool, period) => appealsByTopicAndChannel(pool, period),
    table: appealsTable,
  }),
  sla: define({
    title: 'SLA compliance (15 s, 100 s, chat 15 min, appeal deadlines)',
    build: (pool, period, at) => slaCompliance(pool, period, at.now, at.workingTime),
    table: slaTable,
  }),
  csat: define({
    title: 'CSAT per operator and per topic',
    build: (pool, period) => csatReport(pool, period),
    table: csatTable,
  }),
  abandoned: define({
    title: 'abandoned calls per day',
    build: (pool, period, at) => abandonedCalls(pool, period, at.timeZone),
    table: abandonedTable,
  }),
};
