import { useState } from 'preact/hooks';
import { get } from '../../api.ts';
import { ErrorText, Loading, Page, Panel } from '../../components/ui.tsx';
import { navigate, useRoute } from '../../router.ts';
import { isoDay } from './labels.ts';
import { useLatest } from './latest.ts';
import { AbandonedView, AppealsView, CsatView, SlaView } from './report-views.tsx';

const REPORTS = {
  appeals: { title: 'Обращения по темам и каналам', view: AppealsView },
  sla: { title: 'Соблюдение нормативов', view: SlaView },
  csat: { title: 'Оценки клиентов', view: CsatView },
  abandoned: { title: 'Потерянные вызовы', view: AbandonedView },
} as const;
type ReportName = keyof typeof REPORTS;

function monthStart(today: Date): string {
  return isoDay(new Date(today.getFullYear(), today.getMonth(), 1));
}

/** Reports for a period: a table, a chart, and the same numbers as CSV (Excel: BOM, «;»). */
export function ReportsPage() {
  const path = useRoute();
  const requested = path.split('/')[2] as ReportName | undefined;
  const name: ReportName = requested && requested in REPORTS ? requested : 'appeals';
  const today = new Date();
  const [from, setFrom] = useState(monthStart(today));
  const [to, setTo] = useState(isoDay(today));
  const [period, setPeriod] = useState({ from, to });
  const query = `from=${period.from}&to=${period.to}`;
  const report = useLatest(() => get<never>(`/api/supervision/reports/${name}?${query}`), [name, query]);
  const View = REPORTS[name].view;
  return (
    <Page title="Отчёты">
      <nav class="tabs" aria-label="Отчёты">
        {(Object.keys(REPORTS) as ReportName[]).map((key) => (
          <button
            key={key}
            type="button"
            class={key === name ? 'primary' : ''}
            aria-pressed={key === name}
            onClick={() => navigate(`/reports/${key}`)}
          >
            {REPORTS[key].title}
          </button>
        ))}
      </nav>
      <form
        class="row period"
        onSubmit={(e) => {
          e.preventDefault();
          setPeriod({ from, to });
        }}
      >
        <label>
          С
          <input type="date" value={from} required onInput={(e) => setFrom(e.currentTarget.value)} />
        </label>
        <label>
          По
          <input type="date" value={to} required onInput={(e) => setTo(e.currentTarget.value)} />
        </label>
        <button type="submit" class="primary">
          Показать
        </button>
        <a class="button" href={`/api/supervision/reports/${name}?${query}&format=csv`} download>
          Скачать CSV
        </a>
      </form>
      <Panel title={REPORTS[name].title}>
        {report.error ? (
          <ErrorText error={report.error} />
        ) : report.loading || !report.data ? (
          <Loading />
        ) : (
          <View data={report.data} />
        )}
      </Panel>
    </Page>
  );
}
