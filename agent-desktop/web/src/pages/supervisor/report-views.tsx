import { Empty } from '../../components/ui.tsx';
import { BarChart } from './charts.tsx';
import { formatSeconds, formatShare } from './labels.ts';

/** One view per report: the table the head office reads and a chart of its main numbers. */

function NoData() {
  return <Empty>За этот период данных нет.</Empty>;
}

interface AppealsData {
  channels: { id: string; label: string }[];
  rows: { topic: string; label: string; counts: Record<string, number>; total: number }[];
  totals: { counts: Record<string, number>; total: number };
}

export function AppealsView(props: { data: AppealsData }) {
  const { channels, rows, totals } = props.data;
  if (totals.total === 0) return <NoData />;
  const used = rows.filter((row) => row.total > 0);
  return (
    <>
      <BarChart
        title="Обращения по темам"
        labels={used.map((row) => row.label)}
        series={[{ name: 'Обращений', tone: 'accent', values: used.map((row) => row.total) }]}
      />
      <table aria-label="Обращения по темам и каналам">
        <thead>
          <tr>
            <th>Тема</th>
            {channels.map((channel) => (
              <th key={channel.id}>{channel.label}</th>
            ))}
            <th>Итого</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.topic}>
              <td>{row.label}</td>
              {channels.map((channel) => (
                <td key={channel.id}>{row.counts[channel.id] ?? 0}</td>
              ))}
              <td>{row.total}</td>
            </tr>
          ))}
          <tr class="total">
            <td>Всего обращений</td>
            {channels.map((channel) => (
              <td key={channel.id}>{totals.counts[channel.id] ?? 0}</td>
            ))}
            <td>{totals.total}</td>
          </tr>
        </tbody>
      </table>
      <p class="muted">Обращение с несколькими темами учтено в каждой из них; итог — число обращений.</p>
    </>
  );
}

interface SlaData {
  rows: {
    measure: string;
    label: string;
    target: string;
    total: number;
    met: number;
    share: number | null;
  }[];
  averageWaitMs: number | null;
}

export function SlaView(props: { data: SlaData }) {
  const { rows } = props.data;
  return (
    <>
      <BarChart
        title="Доля в норме, %"
        labels={rows.map((row) => row.target)}
        max={100}
        unit="%"
        series={[
          {
            name: 'В норме',
            tone: 'ok',
            values: rows.map((row) => (row.share === null ? null : Math.round(row.share * 100))),
          },
        ]}
      />
      <table aria-label="Соблюдение нормативов">
        <thead>
          <tr>
            <th>Показатель</th>
            <th>Норматив</th>
            <th>Всего</th>
            <th>В норме</th>
            <th>Доля</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.measure}>
              <td>{row.label}</td>
              <td>{row.target}</td>
              <td>{row.total}</td>
              <td>{row.met}</td>
              <td>{formatShare(row.share)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="muted">Среднее ожидание ответа оператора: {formatSeconds(props.data.averageWaitMs)}.</p>
    </>
  );
}

interface CsatRow {
  key: string;
  label: string;
  rated: number;
  average: number;
  satisfiedShare: number;
}

function CsatTable(props: { title: string; rows: CsatRow[] }) {
  return (
    <table aria-label={props.title}>
      <thead>
        <tr>
          <th>{props.title}</th>
          <th>Оценок</th>
          <th>Средняя</th>
          <th>Доля 4–5</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row) => (
          <tr key={row.key}>
            <td>{row.label}</td>
            <td>{row.rated}</td>
            <td>{row.average.toLocaleString('ru-RU', { maximumFractionDigits: 2 })}</td>
            <td>{formatShare(row.satisfiedShare)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function CsatView(props: {
  data: { overall: Omit<CsatRow, 'key' | 'label'> | null; byOperator: CsatRow[]; byTopic: CsatRow[] };
}) {
  const { overall, byOperator, byTopic } = props.data;
  if (!overall) return <NoData />;
  return (
    <>
      <p>
        Всего оценок: {overall.rated}, средняя{' '}
        {overall.average.toLocaleString('ru-RU', { maximumFractionDigits: 2 })}, довольны (4–5):{' '}
        {formatShare(overall.satisfiedShare)}.
      </p>
      <BarChart
        title="Средняя оценка по операторам"
        labels={byOperator.map((row) => row.label)}
        max={5}
        series={[{ name: 'Средняя оценка', tone: 'accent', values: byOperator.map((row) => row.average) }]}
      />
      <div class="grid two">
        <CsatTable title="Оператор" rows={byOperator} />
        <CsatTable title="Тема" rows={byTopic} />
      </div>
    </>
  );
}

interface CallDay {
  bucket: string;
  offered: number;
  answered: number;
  abandoned: number;
  abandonedShort: number;
  abandonedAfterLimit: number;
  averageAbandonWaitMs: number | null;
}

export function AbandonedView(props: {
  data: {
    days: CallDay[];
    total: Omit<CallDay, 'bucket' | 'averageAbandonWaitMs'> & { abandonedShare: number | null };
  };
}) {
  const { days, total } = props.data;
  if (days.length === 0) return <NoData />;
  return (
    <>
      <BarChart
        title="Вызовы по дням"
        labels={days.map((day) => day.bucket.slice(8) + '.' + day.bucket.slice(5, 7))}
        series={[
          { name: 'Принято', tone: 'ok', values: days.map((day) => day.answered) },
          { name: 'Потеряно', tone: 'bad', values: days.map((day) => day.abandoned) },
        ]}
      />
      <table aria-label="Потерянные вызовы">
        <thead>
          <tr>
            <th>Дата</th>
            <th>Поступило</th>
            <th>Принято</th>
            <th>Потеряно</th>
            <th>Короткие (до 5 с)</th>
            <th>После 100 с</th>
            <th>Ожидание до сброса</th>
          </tr>
        </thead>
        <tbody>
          {days.map((day) => (
            <tr key={day.bucket}>
              <td>{new Date(`${day.bucket}T12:00:00`).toLocaleDateString('ru-RU')}</td>
              <td>{day.offered}</td>
              <td>{day.answered}</td>
              <td>{day.abandoned}</td>
              <td>{day.abandonedShort}</td>
              <td>{day.abandonedAfterLimit}</td>
              <td>{formatSeconds(day.averageAbandonWaitMs)}</td>
            </tr>
          ))}
          <tr class="total">
            <td>Итого</td>
            <td>{total.offered}</td>
            <td>{total.answered}</td>
            <td>{total.abandoned}</td>
            <td>{total.abandonedShort}</td>
            <td>{total.abandonedAfterLimit}</td>
            <td>доля потерянных {formatShare(total.abandonedShare)}</td>
          </tr>
        </tbody>
      </table>
    </>
  );
}
