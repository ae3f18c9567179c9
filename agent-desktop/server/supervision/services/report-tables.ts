import type { AppealsByTopicReport } from '../db/appeals-report.ts';
import type { AbandonedReport } from '../db/calls-report.ts';
import type { CsatReport } from '../db/csat-report.ts';
import type { SlaReport } from '../db/sla-report.ts';
import type { CsvCell } from './csv.ts';

/** A report as the rows of its CSV export, headed in Russian as the head office reads them. */
export interface ReportTable {
  header: string[];
  rows: CsvCell[][];
}

/** 0.8125 → 81.3 (per cent, one decimal); no value → empty cell. */
export function percent(share: number | null): number | null {
  return share === null ? null : Math.round(share * 1000) / 10;
}

const seconds = (ms: number | null) => (ms === null ? null : Math.round(ms / 100) / 10);

export function appealsTable(report: AppealsByTopicReport): ReportTable {
  return {
    header: ['Тема', ...report.channels.map((channel) => channel.label), 'Итого'],
    rows: [
      ...report.rows.map((row) => [
        row.label,
        ...report.channels.map((channel) => row.counts[channel.id] ?? 0),
        row.total,
      ]),
      [
        'Всего обращений',
        ...report.channels.map((channel) => report.totals.counts[channel.id] ?? 0),
        report.totals.total,
      ],
    ],
  };
}

export function slaTable(report: SlaReport): ReportTable {
  return {
    header: ['Показатель', 'Норматив', 'Всего', 'В норме', 'Доля в норме, %'],
    rows: report.rows.map((row) => [row.label, row.target, row.total, row.met, percent(row.share)]),
  };
}

export function csatTable(report: CsatReport): ReportTable {
  const line = (
    group: string,
    row: { label: string; rated: number; average: number; satisfiedShare: number },
  ) => [group, row.label, row.rated, Math.round(row.average * 100) / 100, percent(row.satisfiedShare)];
  return {
    header: ['Разрез', 'Оператор / тема', 'Оценок', 'Средняя оценка', 'Доля оценок 4–5, %'],
    rows: [
      ...(report.overall ? [line('Всего', { label: '', ...report.overall })] : []),
      ...report.byOperator.map((row) => line('Оператор', row)),
      ...report.byTopic.map((row) => line('Тема', row)),
    ],
  };
}

export function abandonedTable(report: AbandonedReport): ReportTable {
  return {
    header: [
      'Дата',
      'Поступило вызовов',
      'Принято',
      'Потеряно',
      'Из них короткие (до 5 с)',
      'Потеряно после 100 с',
      'Среднее ожидание до сброса, с',
    ],
    rows: [
      ...report.days.map((day) => [
        day.bucket,
        day.offered,
        day.answered,
        day.abandoned,
        day.abandonedShort,
        day.abandonedAfterLimit,
        seconds(day.averageAbandonWaitMs),
      ]),
      [
        'Итого',
        report.total.offered,
        report.total.answered,
        report.total.abandoned,
        report.total.abandonedShort,
        report.total.abandonedAfterLimit,
        null,
      ],
    ],
  };
}
