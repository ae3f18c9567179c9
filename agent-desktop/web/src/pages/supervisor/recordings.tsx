import { useState } from 'preact/hooks';
import { get } from '../../api.ts';
import { formatDateTime, formatDuration } from '../../components/format.ts';
import { useQueueLabel } from '../../components/queues.ts';
import { Empty, ErrorText, Loading, Page, Panel, useResource } from '../../components/ui.tsx';
import { useRoute } from '../../router.ts';
import { hasRole, useSession } from '../../session.ts';
import { useLatest } from './latest.ts';
import { Refusal } from './refusal.tsx';

interface RecordingItem {
  id: string;
  startedAt: string;
  durationMs: number | null;
  callerNumber: string | null;
  calledNumber: string | null;
  queue: string | null;
  accountNumber: string | null;
  appealRegNumber: string | null;
  operators: { id: number; fullName: string }[];
}

interface SearchPage {
  items: RecordingItem[];
  total: number;
  page: number;
  pageSize: number;
}

const FIELDS = [
  ['from', 'С даты', 'date'],
  ['to', 'По дату', 'date'],
  ['phone', 'Номер телефона', 'tel'],
  ['account', 'Лицевой счёт', 'text'],
  ['appeal', 'Номер обращения', 'text'],
] as const;

/** `#/recordings` searches; `#/recordings/<id>` plays one (linkable from the client card). */
export function RecordingsPage() {
  const id = useRoute().split('/')[2];
  const session = useSession();
  if (id) return <RecordingPlayer id={decodeURIComponent(id)} />;
  // The search is for supervisors and quality control; operators only follow links to their calls.
  return hasRole(session, ['supervisor', 'quality']) ? (
    <RecordingSearch />
  ) : (
    <Refusal title="Записи разговоров" />
  );
}

function RecordingSearch() {
  const [form, setForm] = useState<Record<string, string>>({});
  const [query, setQuery] = useState<string | null>(null);
  const operators = useResource(() =>
    get<{ items: { id: number; fullName: string }[] }>('/api/supervision/operators'),
  );
  const results = useLatest(
    () =>
      query === null ? Promise.resolve(undefined) : get<SearchPage>(`/api/supervision/recordings?${query}`),
    [query],
  );
  const submit = (e: Event) => {
    e.preventDefault();
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(form)) if (value.trim()) params.set(key, value.trim());
    setQuery(params.toString());
  };
  const set = (key: string) => (e: Event) =>
    setForm({ ...form, [key]: (e.currentTarget as HTMLInputElement).value });
  return (
    <Page title="Записи разговоров">
      <Panel>
        <form class="row search" onSubmit={submit}>
          {FIELDS.map(([key, label, type]) => (
            <label key={key}>
              {label}
              <input type={type} value={form[key] ?? ''} onInput={set(key)} />
            </label>
          ))}
          <label>
            Оператор
            <select value={form.agentId ?? ''} onChange={set('agentId')}>
              <option value="">— любой —</option>
              {(operators.data?.items ?? []).map((op) => (
                <option key={op.id} value={op.id}>
                  {op.fullName}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" class="primary">
            Найти
          </button>
        </form>
      </Panel>
      <Panel title="Найдено">
        {query === null ? (
          <Empty>Задайте условия поиска и нажмите «Найти».</Empty>
        ) : results.error ? (
          <ErrorText error={results.error} />
        ) : results.loading || !results.data ? (
          <Loading />
        ) : results.data.items.length === 0 ? (
          <Empty>Записей не найдено.</Empty>
        ) : (
          <RecordingTable page={results.data} />
        )}
      </Panel>
    </Page>
  );
}

function RecordingTable(props: { page: SearchPage }) {
  const queueLabel = useQueueLabel();
  return (
    <>
      <p class="muted">
        Всего: {props.page.total}
        {props.page.total > props.page.items.length ? `, показаны первые ${props.page.items.length}` : ''}
      </p>
      <table aria-label="Записи разговоров">
        <thead>
          <tr>
            <th>Начало</th>
            <th>Длительность</th>
            <th>Номер</th>
            <th>Лицевой счёт</th>
            <th>Очередь</th>
            <th>Оператор</th>
            <th>Обращение</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {props.page.items.map((item) => (
            <tr key={item.id}>
              <td>{formatDateTime(item.startedAt)}</td>
              <td>{item.durationMs === null ? '—' : formatDuration(item.durationMs)}</td>
              <td>{item.callerNumber ?? '—'}</td>
              <td>{item.accountNumber ?? '—'}</td>
              <td>{queueLabel(item.queue)}</td>
              <td>{item.operators.map((op) => op.fullName).join(', ') || '—'}</td>
              <td>{item.appealRegNumber ?? '—'}</td>
              <td>
                <a href={`#/recordings/${item.id}`}>Прослушать</a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function RecordingPlayer(props: { id: string }) {
  const details = useResource(
    () =>
      get<RecordingItem & { requireReason: boolean }>(
        `/api/supervision/recordings/${encodeURIComponent(props.id)}`,
      ),
    [props.id],
  );
  const [reason, setReason] = useState('');
  const [confirmedReason, setConfirmedReason] = useState<string | null>(null);
  if (details.error) return <ErrorText error={details.error} />;
  if (!details.data) return <Loading />;
  const r = details.data;
  const mayPlay = !r.requireReason || confirmedReason !== null;
  const query = confirmedReason ? `?reason=${encodeURIComponent(confirmedReason)}` : '';
  return (
    <Page title="Запись разговора" actions={<a href="#/recordings">К поиску</a>}>
      <Panel>
        <dl class="recording-facts">
          <dt>Начало</dt>
          <dd>{formatDateTime(r.startedAt)}</dd>
          <dt>Длительность</dt>
          <dd>{r.durationMs === null ? '—' : formatDuration(r.durationMs)}</dd>
          <dt>Номер</dt>
          <dd>{r.callerNumber ?? '—'}</dd>
          <dt>Лицевой счёт</dt>
          <dd>{r.accountNumber ?? '—'}</dd>
          <dt>Оператор</dt>
          <dd>{r.operators.map((op) => op.fullName).join(', ') || '—'}</dd>
          <dt>Обращение</dt>
          <dd>{r.appealRegNumber ?? '—'}</dd>
        </dl>
        {mayPlay ? (
          <>
            {/* biome-ignore lint/a11y/useMediaCaption: telephone recordings have no captions */}
            <audio
              controls
              preload="metadata"
              src={`/api/recordings/${r.id}/audio${query}`}
              aria-label="Запись разговора"
            />
            <p>
              <a href={`/api/recordings/${r.id}/download${query}`}>Скачать запись</a>
            </p>
          </>
        ) : (
          <form
            class="row"
            onSubmit={(e) => {
              e.preventDefault();
              if (reason.trim()) setConfirmedReason(reason.trim());
            }}
          >
            <label>
              Причина прослушивания
              <input
                value={reason}
                required
                maxLength={500}
                onInput={(e) => setReason(e.currentTarget.value)}
              />
            </label>
            <button type="submit" class="primary">
              Слушать
            </button>
            <span class="muted">Каждое прослушивание записывается в журнал вместе с причиной.</span>
          </form>
        )}
      </Panel>
    </Page>
  );
}
