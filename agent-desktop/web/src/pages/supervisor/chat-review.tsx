import { useEffect, useState } from 'preact/hooks';
import {
  INTERACTION_OUTCOME_LABEL_RU,
  type InteractionOutcome,
} from '../../../../../core/vocabulary/index.ts';
import type { ReviewChat, ReviewTranscript } from '../../../../shared/chats.ts';
import { get } from '../../api.ts';
import { formatDateTime } from '../../components/format.ts';
import { useQueueLabel } from '../../components/queues.ts';
import { Badge, Empty, ErrorText, Loading, Page, Panel, useResource } from '../../components/ui.tsx';
import { useRoute } from '../../router.ts';
import { Conversation } from '../chats/conversation.tsx';
import { channelName, topicNames } from './labels.ts';
import { useLatest } from './latest.ts';

/** The interaction's stage as a supervisor reads it. */
const STAGE: Record<string, { label: string; tone: 'ok' | 'warn' | 'bad' | 'info' }> = {
  self_service: { label: 'С чат-ботом', tone: 'info' },
  queued: { label: 'Ждёт оператора', tone: 'warn' },
  offered: { label: 'Предложен оператору', tone: 'warn' },
  connected: { label: 'Идёт разговор', tone: 'ok' },
  wrap_up: { label: 'Постобработка', tone: 'info' },
  closed: { label: 'Завершён', tone: 'info' },
  abandoned: { label: 'Клиент ушёл', tone: 'bad' },
};

const PERIODS = [
  ['4', 'За 4 часа'],
  ['24', 'За сутки'],
  ['72', 'За 3 дня'],
  ['168', 'За неделю'],
] as const;

/** An open transcript is read again this often (the client and the operator go on writing). */
const TRANSCRIPT_REFRESH_MS = 10_000;

function Stage(props: { state: string }) {
  const stage = STAGE[props.state] ?? { label: props.state, tone: 'info' as const };
  return <Badge tone={stage.tone}>{stage.label}</Badge>;
}

/** `#/chat-review` lists chats; `#/chat-review/<id>` reads one (read-only, the server audits it). */
export function ChatReviewPage() {
  const id = useRoute().split('/')[2];
  return id ? <ChatTranscript ix={decodeURIComponent(id)} /> : <ChatReviewList />;
}

function ChatReviewList() {
  const queueLabel = useQueueLabel();
  const [hours, setHours] = useState('24');
  const [activeOnly, setActiveOnly] = useState(false);
  const list = useLatest(
    () => get<{ chats: ReviewChat[] }>(`/api/supervision/chats?hours=${hours}&active=${activeOnly}`),
    [hours, activeOnly],
  );
  return (
    <Page title="Просмотр чатов">
      <Panel>
        <div class="row">
          <label>
            Период{' '}
            <select value={hours} onChange={(e) => setHours(e.currentTarget.value)}>
              {PERIODS.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <label class="inline">
            <input
              type="checkbox"
              checked={activeOnly}
              onChange={(e) => setActiveOnly(e.currentTarget.checked)}
            />{' '}
            Только незавершённые
          </label>
        </div>
        <p class="muted">Открытие переписки записывается в журнал доступа к персональным данным.</p>
      </Panel>
      <Panel>
        {list.error ? (
          <ErrorText error={list.error} />
        ) : list.loading || !list.data ? (
          <Loading />
        ) : list.data.chats.length === 0 ? (
          <Empty>Чатов за этот период нет.</Empty>
        ) : (
          <table aria-label="Чаты">
            <thead>
              <tr>
                <th>Начало</th>
                <th>Канал</th>
                <th>Очередь</th>
                <th>Оператор</th>
                <th>Тема</th>
                <th>Состояние</th>
                <th>Сообщений</th>
                <th>Оценка</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {list.data.chats.map((chat) => (
                <tr key={chat.ix}>
                  <td>{formatDateTime(chat.startedAt)}</td>
                  <td>{channelName(chat.channel)}</td>
                  <td>{chat.queue ? queueLabel(chat.queue) : '—'}</td>
                  <td>{chat.agent?.fullName ?? '—'}</td>
                  <td>{topicNames(chat.topics)}</td>
                  <td>
                    <Stage state={chat.state} />
                  </td>
                  <td>{chat.lines}</td>
                  <td>{chat.csat ?? '—'}</td>
                  <td>
                    <a href={`#/chat-review/${chat.ix}`}>Открыть</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Panel>
    </Page>
  );
}

function ChatTranscript(props: { ix: string }) {
  const queueLabel = useQueueLabel();
  const transcript = useResource(
    () => get<ReviewTranscript>(`/api/supervision/chats/${encodeURIComponent(props.ix)}`),
    [props.ix],
  );
  const closed = transcript.data?.chat.closedAt !== null && transcript.data?.chat.closedAt !== undefined;
  useEffect(() => {
    if (closed) return;
    const timer = setInterval(() => void transcript.reload(), TRANSCRIPT_REFRESH_MS);
    return () => clearInterval(timer);
  }, [closed, transcript.reload]);
  const chat = transcript.data?.chat;
  return (
    <Page
      title="Переписка с клиентом"
      actions={
        <>
          <a href="#/chat-review">К списку чатов</a>{' '}
          <button type="button" onClick={() => void transcript.reload()} disabled={transcript.loading}>
            Обновить
          </button>
        </>
      }
    >
      {transcript.error ? (
        <ErrorText error={transcript.error} />
      ) : !chat ? (
        <Loading />
      ) : (
        <div class="grid two chat-review">
          <Panel title="О чате">
            <dl class="chat-review-facts">
              <dt>Канал</dt>
              <dd>{channelName(chat.channel)}</dd>
              <dt>Очередь</dt>
              <dd>{chat.queue ? queueLabel(chat.queue) : '—'}</dd>
              <dt>Оператор</dt>
              <dd>{chat.agent?.fullName ?? '—'}</dd>
              <dt>Тема</dt>
              <dd>{topicNames(chat.topics)}</dd>
              <dt>Начало</dt>
              <dd>{formatDateTime(chat.startedAt)}</dd>
              <dt>Состояние</dt>
              <dd>
                <Stage state={chat.state} />
              </dd>
              <dt>Итог</dt>
              <dd>
                {chat.outcome
                  ? (INTERACTION_OUTCOME_LABEL_RU[chat.outcome as InteractionOutcome] ?? chat.outcome)
                  : '—'}
              </dd>
              <dt>Оценка клиента</dt>
              <dd>{chat.csat ?? '—'}</dd>
            </dl>
            <p class="muted">Только чтение: оператор продолжает переписку на своём рабочем месте.</p>
          </Panel>
          <Panel title="Переписка">
            {transcript.data!.lines.length === 0 ? (
              <Empty>Сообщений пока нет.</Empty>
            ) : (
              <Conversation lines={transcript.data!.lines} />
            )}
          </Panel>
        </div>
      )}
    </Page>
  );
}
