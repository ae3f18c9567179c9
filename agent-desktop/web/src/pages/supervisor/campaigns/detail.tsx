import { useEffect, useState } from 'preact/hooks';
import { ApiError, get, post, put } from '../../../api.ts';
import { useNow } from '../../../components/clock.ts';
import { formatDateTime } from '../../../components/format.ts';
import {
  Badge,
  Empty,
  ErrorText,
  Loading,
  Page,
  Panel,
  useAction,
  useResource,
} from '../../../components/ui.tsx';
import { useRoute } from '../../../router.ts';
import { ProgressBar, ProgressFigures } from './progress.tsx';
import {
  type Campaign,
  CHANNEL_LABELS,
  CONTACT_STATE_LABELS,
  type ContactHistory,
  finishReasonLabel,
  PURPOSE_LABELS,
  type RenderedMessage,
  STATE_LABELS,
  STATE_TONES,
} from './types.ts';

const REFRESH_MS = 2_000;

/** What a supervisor may do in each state (the server's state machine decides; this only offers). */
const ACTIONS: Record<Campaign['state'], Array<{ action: string; label: string; tone?: string }>> = {
  draft: [{ action: 'schedule', label: 'Запланировать' }],
  scheduled: [
    { action: 'start', label: 'Запустить сейчас', tone: 'ok' },
    { action: 'stop', label: 'Остановить', tone: 'danger' },
  ],
  running: [
    { action: 'pause', label: 'Пауза' },
    { action: 'stop', label: 'Остановить', tone: 'danger' },
  ],
  paused: [
    { action: 'resume', label: 'Продолжить', tone: 'ok' },
    { action: 'stop', label: 'Остановить', tone: 'danger' },
  ],
  finished: [],
  stopped: [],
};

export function CampaignDetail() {
  const path = useRoute();
  const id = Number(path.split('/')[2]);
  const campaign = useResource(() => get<Campaign>(`/api/campaigns/${id}`), [id]);
  const contacts = useResource(
    () =>
      get<{ items: ContactHistory[]; nextAfter: number | null }>(`/api/campaigns/${id}/contacts?limit=50`),
    [id],
  );
  const now = useNow(REFRESH_MS);
  useEffect(() => {
    const state = campaign.data?.state;
    if (state === 'running' || state === 'scheduled') {
      void campaign.reload();
      void contacts.reload();
    }
  }, [now]);
  const act = useAction(async (action: string) => {
    const result = await post<{ campaign: Campaign }>(`/api/campaigns/${id}/${action}`);
    campaign.setData(result.campaign);
    await contacts.reload();
  });

  if (!campaign.data) return campaign.error ? <ErrorText error={campaign.error} /> : <Loading />;
  const c = campaign.data;
  return (
    <Page
      title={c.name}
      actions={
        <>
          <Badge tone={STATE_TONES[c.state]}>{STATE_LABELS[c.state]}</Badge>
          {ACTIONS[c.state].map((item) => (
            <button
              type="button"
              key={item.action}
              class={item.tone ?? ''}
              disabled={act.busy}
              onClick={() => act.run(item.action)}
            >
              {item.label}
            </button>
          ))}
          <a class="button" href={`/api/campaigns/${id}/results.csv`} download>
            Выгрузить результаты (CSV)
          </a>
        </>
      }
    >
      <ErrorText error={act.error} />
      <Panel>
        <div class="spread">
          <span>
            {PURPOSE_LABELS[c.purpose]} · {c.channels.map((ch) => CHANNEL_LABELS[ch]).join(' → ')} ·{' '}
            {formatDateTime(c.startsAt)} — {formatDateTime(c.endsAt)}
          </span>
        </div>
        <ProgressBar progress={c.progress} />
      </Panel>
      <ProgressFigures progress={c.progress} />
      {c.state === 'draft' && c.audience.kind === 'csv' && (
        <AudienceUpload id={id} onUploaded={campaign.reload} />
      )}
      <SamplePreview id={id} />
      <Panel title="Контакты">
        <ErrorText error={contacts.error} />
        {contacts.data?.items.length === 0 && <Empty>Контактов пока нет.</Empty>}
        {contacts.data && contacts.data.items.length > 0 && (
          <table>
            <thead>
              <tr>
                <th>Лицевой счёт</th>
                <th>Канал</th>
                <th>Состояние</th>
                <th>Попыток</th>
                <th>Следующая попытка</th>
                <th>Итог</th>
              </tr>
            </thead>
            <tbody>
              {contacts.data.items.map((contact) => (
                <tr key={contact.contactId}>
                  <td>{contact.accountNumber ?? '—'}</td>
                  <td>{CHANNEL_LABELS[contact.channel]}</td>
                  <td>{CONTACT_STATE_LABELS[contact.state] ?? contact.state}</td>
                  <td>{contact.attemptsTotal}</td>
                  <td>{formatDateTime(contact.nextAttemptAt)}</td>
                  <td>{finishReasonLabel(contact.finishReason)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Panel>
    </Page>
  );
}

function AudienceUpload(props: { id: number; onUploaded: () => void }) {
  const [rows, setRows] = useState<Array<{ line: number; message: string }>>([]);
  const [added, setAdded] = useState<number | undefined>(undefined);
  const upload = useAction(async (file: File) => {
    setRows([]);
    try {
      const result = await put<{ added: number }>(`/api/campaigns/${props.id}/audience`, await file.text());
      setAdded(result.added);
      props.onUploaded();
    } catch (error) {
      if (error instanceof ApiError && typeof error.body === 'object' && error.body && 'rows' in error.body) {
        setRows((error.body as { rows: Array<{ line: number; message: string }> }).rows);
      }
      throw error;
    }
  });
  return (
    <Panel title="Аудитория из файла">
      <p class="muted">
        CSV (UTF-8, разделитель «;»): номер лицевого счёта в первой колонке. Строки с ошибками будут показаны
        с номерами.
      </p>
      <label>
        Файл CSV
        <input
          type="file"
          accept=".csv,text/csv"
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            if (file) void upload.run(file);
          }}
        />
      </label>
      {added !== undefined && <p class="ok">Добавлено контактов: {added}</p>}
      <ErrorText error={upload.error} />
      {rows.length > 0 && (
        <table>
          <thead>
            <tr>
              <th>Строка</th>
              <th>Ошибка</th>
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, 100).map((row) => (
              <tr key={row.line}>
                <td>{row.line}</td>
                <td>{row.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Panel>
  );
}

function SamplePreview(props: { id: number }) {
  const preview = useResource(
    () =>
      post<{ messages: RenderedMessage[]; sample: { source: string } }>(
        `/api/campaigns/${props.id}/preview`,
        {},
      ),
    [props.id],
  );
  return (
    <Panel title="Сообщения для примера">
      <ErrorText error={preview.error} />
      {preview.data?.messages.map((message) => (
        <p key={message.channel}>
          <strong>{CHANNEL_LABELS[message.channel]}:</strong> {message.title ? `${message.title}. ` : ''}
          {message.text}
          {message.sms && (
            <span class="muted">
              {' '}
              ({message.sms.characters} симв., частей: {message.sms.segments})
            </span>
          )}
        </p>
      ))}
    </Panel>
  );
}
