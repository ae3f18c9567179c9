import { useState } from 'preact/hooks';
import { get, put } from '../../api.ts';
import { ErrorText, Loading, Page, Panel, useAction, useResource } from '../../components/ui.tsx';
import { WEEKDAYS } from './labels.ts';

type Hours = { open: string; close: string } | null;
interface Schedule {
  weekly: Record<string, Hours>;
  workingWeekendDay: Hours;
  holidayRest: Hours;
  exceptions: Array<{ date: string; hours: Hours; note?: string }>;
}
interface Year {
  year: number;
  status: 'decree' | 'derived';
  source: string;
  holidays: string[];
  daysOff: Array<{ date: string; from?: string; basis: string }>;
  workingWeekendDays: Array<{ date: string; basis: string }>;
  shortenedDays: string[];
  saved: boolean;
}

export function CalendarPage() {
  const data = useResource(() =>
    get<{ schedule: Schedule; scheduleSource: 'file' | 'saved' | 'default'; years: Year[] }>(
      '/api/admin/calendar',
    ),
  );
  if (!data.data) return data.error ? <ErrorText error={data.error} /> : <Loading />;
  return (
    <Page title="График ЕКЦ и производственный календарь">
      <div class="grid two">
        <ScheduleEditor
          schedule={data.data.schedule}
          source={data.data.scheduleSource}
          onSaved={data.reload}
        />
        <YearsEditor years={data.data.years} onSaved={data.reload} />
      </div>
    </Page>
  );
}

function ScheduleEditor(props: { schedule: Schedule; source: string; onSaved: () => void }) {
  const [weekly, setWeekly] = useState(props.schedule.weekly);
  const [note, setNote] = useState<string | undefined>(undefined);
  const save = useAction(async () => {
    const result = await put<{ note: string }>('/api/admin/calendar/schedule', { ...props.schedule, weekly });
    setNote(result.note);
    props.onSaved();
  });
  const setDay = (day: string, hours: Hours) => setWeekly({ ...weekly, [day]: hours });
  return (
    <Panel title="Часы работы операторов ЕКЦ">
      {props.source === 'file' && (
        <p class="notice">График задан файлом на сервере (HOTLINE_EKC_SCHEDULE_FILE).</p>
      )}
      <table>
        <tbody>
          {WEEKDAYS.map(([day, label]) => {
            const hours = weekly[day] ?? null;
            return (
              <tr key={day}>
                <td>{label}</td>
                <td>
                  <label class="inline">
                    <input
                      type="checkbox"
                      checked={hours !== null}
                      onChange={(e) =>
                        setDay(day, e.currentTarget.checked ? { open: '08:00', close: '20:00' } : null)
                      }
                    />
                    работает
                  </label>
                </td>
                <td>
                  {hours && (
                    <div class="row">
                      <input
                        type="time"
                        aria-label={`${label}: начало`}
                        value={hours.open}
                        onInput={(e) => setDay(day, { ...hours, open: e.currentTarget.value })}
                      />
                      <input
                        type="time"
                        aria-label={`${label}: окончание`}
                        value={hours.close}
                        onInput={(e) => setDay(day, { ...hours, close: e.currentTarget.value })}
                      />
                    </div>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p class="muted">Робот (IVR и чат-бот) работает круглосуточно; график определяет часы операторов.</p>
      {note && <p class="notice">{note}</p>}
      <ErrorText error={save.error} />
      <button
        type="button"
        class="primary"
        disabled={save.busy || props.source === 'file'}
        onClick={() => save.run()}
      >
        Сохранить график
      </button>
    </Panel>
  );
}

function YearsEditor(props: { years: Year[]; onSaved: () => void }) {
  const [year, setYear] = useState(props.years[props.years.length - 1]?.year ?? new Date().getFullYear());
  const current = props.years.find((y) => y.year === year);
  const [text, setText] = useState(current ? json(current) : '');
  const [note, setNote] = useState<string | undefined>(undefined);
  const save = useAction(async () => {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new Error('Текст не является корректным JSON');
    }
    setNote((await put<{ note: string }>(`/api/admin/calendar/years/${year}`, body)).note);
    props.onSaved();
  });
  return (
    <Panel title="Производственный календарь">
      <label>
        Год
        <select
          value={year}
          onChange={(e) => {
            const next = Number(e.currentTarget.value);
            setYear(next);
            const found = props.years.find((y) => y.year === next);
            setText(found ? json(found) : '');
          }}
        >
          {props.years.map((y) => (
            <option key={y.year} value={y.year}>
              {y.year} — {y.status === 'decree' ? 'по постановлению' : 'предварительный'}
              {y.saved ? ' (изменён)' : ''}
            </option>
          ))}
        </select>
      </label>
      {current && (
        <p class="muted">
          Праздники: {current.holidays.length}, перенесённые выходные: {current.daysOff.length}, рабочие
          субботы/воскресенья: {current.workingWeekendDays.length}. Источник: {current.source}
        </p>
      )}
      <label>
        Данные года (JSON: holidays, daysOff, workingWeekendDays, shortenedDays)
        <textarea class="code" rows={14} value={text} onInput={(e) => setText(e.currentTarget.value)} />
      </label>
      {note && <p class="notice">{note}</p>}
      <ErrorText error={save.error} />
      <button type="button" class="primary" disabled={save.busy} onClick={() => save.run()}>
        Сохранить год
      </button>
    </Panel>
  );
}

function json(year: Year): string {
  const { saved: _saved, ...data } = year;
  return JSON.stringify(data, null, 2);
}
