import { useEffect, useRef, useState } from 'preact/hooks';
import { get } from '../../api.ts';
import { useNow } from '../../components/clock.ts';
import { formatDuration, formatTime } from '../../components/format.ts';
import { useQueueLabel } from '../../components/queues.ts';
import { Badge, Empty, ErrorText, Loading, Page, Panel, useResource } from '../../components/ui.tsx';
import { live, useLive } from '../../live.ts';
import { hasRole, useSession } from '../../session.ts';
import { alertLine } from './alerts.ts';
import { BarChart } from './charts.tsx';
import { agentStateLabel, agentStateTone, formatSeconds, formatShare } from './labels.ts';
import {
  applyLive,
  fromSnapshot,
  longestWaitNow,
  type Wallboard,
  type WallboardSnapshot,
  waitToneAt,
} from './wallboard-state.ts';

interface CallBucket {
  bucket: string;
  offered: number;
  answered: number;
  abandoned: number;
  serviceLevel: number | null;
}

/** Today from PostgreSQL (the ACD's live counters run since its start, these since midnight). */
interface Today {
  day: string;
  hours: CallBucket[];
  queues: (CallBucket & { offersTakenShare: number | null })[];
}

const QUEUE_CHANGES = [
  'acd.queued',
  'acd.offered',
  'acd.offer_withdrawn',
  'acd.answered',
  'acd.closed',
  'acd.abandoned',
  'acd.alert',
];
const LIVE_TYPES = ['hello', 'acd.figures', 'acd.agent_state', 'supervision.chats_nearing', ...QUEUE_CHANGES];

/** The supervisor's live wallboard: queues against 100 s, operators, alerts, today by hour. */
export function WallboardPage() {
  const [board, setBoard] = useState<Wallboard | null | undefined>(undefined);
  const lastFigures = useRef(0); // when the last figures event came (none yet)
  const resyncPending = useRef(false);
  useLive(LIVE_TYPES, (message) => {
    if (message.type === 'hello') {
      const snapshot = message.snapshot as { wallboard?: WallboardSnapshot } | undefined;
      return setBoard(fromSnapshot(snapshot?.wallboard));
    }
    if (message.type === 'acd.figures') lastFigures.current = Date.now();
    setBoard((current) => (current ? applyLive(current, message) : current));
    // Without the ACD service's figures (every 5 s), a queue change asks for a fresh snapshot,
    // at most once a second.
    if (
      QUEUE_CHANGES.includes(message.type) &&
      Date.now() - lastFigures.current > 6_000 &&
      !resyncPending.current
    ) {
      resyncPending.current = true;
      setTimeout(() => {
        resyncPending.current = false;
        live.resync();
      }, 1_000);
    }
  });
  // The replayed `hello` may be as old as the connection (alerts and chats nearing 15 minutes
  // since then missing): a screen opened later asks for a fresh snapshot at once.
  useEffect(() => live.resync(), []);
  // Figures come every 5 s from the ACD service; if they stop, ask for a fresh snapshot.
  useEffect(() => {
    const timer = setInterval(() => {
      if (Date.now() - lastFigures.current > 15_000) live.resync();
    }, 15_000);
    return () => clearInterval(timer);
  }, []);
  const today = useResource(() => get<Today>('/api/supervision/wallboard/today'));
  useEffect(() => {
    const timer = setInterval(() => void today.reload(), 60_000);
    return () => clearInterval(timer);
  }, [today.reload]);
  useNow(1000);
  const queueLabel = useQueueLabel();
  // Supervisors may read the chat (Просмотр чатов); admins watch the wallboard without chat access.
  const readsChats = hasRole(useSession(), ['supervisor', 'quality']);
  const now = live.serverNow();

  if (board === undefined) return <Loading />;
  if (board === null) return <Empty>Монитор недоступен для Вашей роли.</Empty>;
  const mediaOf = (queue: string) => board.queues.find((q) => q.name === queue)?.media ?? 'voice';
  return (
    <Page title="Монитор очередей">
      <div class="grid four wallboard-queues">
        {board.queues.length === 0 && <Empty>Очереди ещё не настроены.</Empty>}
        {board.queues.map((queue) => {
          const wait = longestWaitNow(queue, now);
          const tone = waitToneAt(queue.figures.wait, now);
          const f = queue.figures;
          const day = today.data?.queues.find((q) => q.bucket === queue.name);
          return (
            <Panel key={queue.name} title={queueLabel(queue.name)} class={`queue-card ${tone}`}>
              <div class="spread">
                <span>Ожидают</span>
                <span class="figure">{f.waiting}</span>
              </div>
              <div class="spread">
                <span>Дольше всех ждёт</span>
                <span class={`figure ${tone}`}>{formatDuration(wait)}</span>
              </div>
              <p class="muted">
                норматив {formatSeconds(f.wait.limits.alertMs)}
                {tone === 'bad' ? ' — превышен' : tone === 'warn' ? ' — близко к нормативу' : ''}
              </p>
              <dl class="wallboard-figures">
                <dt>Ожидаемое время ответа</dt>
                <dd>{formatSeconds(f.estimatedWaitMs)}</dd>
                {queue.media === 'voice' ? (
                  <>
                    <dt>Уровень обслуживания сегодня</dt>
                    <dd>{formatShare(day?.serviceLevel)}</dd>
                    <dt>Ответ на вызов за 15 с сегодня</dt>
                    <dd>{formatShare(day?.offersTakenShare)}</dd>
                    <dt>Потеряно сегодня</dt>
                    <dd>{day?.abandoned ?? 0}</dd>
                  </>
                ) : (
                  <>
                    <dt>Уровень обслуживания</dt>
                    <dd>{formatShare(f.serviceLevel)}</dd>
                    <dt>Принято за 15 с</dt>
                    <dd>{formatShare(f.answeredWithinOfferShare)}</dd>
                    <dt>Ушли без ответа</dt>
                    <dd>{f.abandoned}</dd>
                  </>
                )}
                <dt>Готовы / на линии</dt>
                <dd>
                  {f.readyAgents} / {f.staffedAgents}
                </dd>
              </dl>
            </Panel>
          );
        })}
      </div>
      <div class="grid two">
        <Panel title="Операторы">
          {board.agents.length === 0 ? (
            <Empty>Сейчас никто не в сети.</Empty>
          ) : (
            <table aria-label="Операторы">
              <thead>
                <tr>
                  <th>Оператор</th>
                  <th>Состояние</th>
                  <th>В состоянии</th>
                  <th>Обслужено</th>
                  <th>Пропущено</th>
                </tr>
              </thead>
              <tbody>
                {board.agents.map((agent) => (
                  <tr key={agent.agentId}>
                    <td>{board.names[agent.agentId] ?? `№ ${agent.agentId}`}</td>
                    <td>
                      <Badge tone={agentStateTone(agent.state)}>
                        {agentStateLabel(agent.state, agent.reason)}
                      </Badge>
                    </td>
                    <td>{formatDuration(now - agent.since)}</td>
                    <td>{agent.handled}</td>
                    <td>{agent.missedOffers}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Panel>
        <Panel title="Оповещения">
          {board.chatsNearing.length > 0 && (
            <ul class="alerts" aria-label="Чаты на грани 15 минут">
              {board.chatsNearing.map((chat) => (
                <li key={chat.ix} class="warn">
                  Очередь «{queueLabel(chat.queue)}»: чат ждёт первого ответа, до 15 минут осталось{' '}
                  {formatDuration(chat.dueAt - now)}
                  {readsChats && (
                    <>
                      {' '}
                      <a href={`#/chat-review/${chat.ix}`}>Открыть переписку</a>
                    </>
                  )}
                </li>
              ))}
            </ul>
          )}
          {board.alerts.length === 0 ? (
            <Empty>Оповещений нет.</Empty>
          ) : (
            <ul class="alerts" aria-label="Лента оповещений">
              {board.alerts.map((event) => {
                const line = alertLine(event, board.names, mediaOf);
                return (
                  <li key={line.key} class={line.tone}>
                    <time>{formatTime(line.at)}</time> {line.text}
                  </li>
                );
              })}
            </ul>
          )}
        </Panel>
      </div>
      {today.error ? (
        <ErrorText error={today.error} />
      ) : today.data ? (
        <HourlyCharts hours={today.data.hours} />
      ) : (
        <Loading />
      )}
    </Page>
  );
}

function HourlyCharts(props: { hours: CallBucket[] }) {
  // Working hours always; night hours only when calls came then.
  const used = props.hours.filter((h, i) => h.offered > 0 || (i >= 8 && i <= 20));
  const labels = used.map((h) => h.bucket);
  return (
    <div class="grid two">
      <Panel title="Вызовы за сегодня по часам">
        <BarChart
          title="Вызовы по часам"
          labels={labels}
          series={[
            { name: 'Поступило', tone: 'accent', values: used.map((h) => h.offered) },
            { name: 'Принято', tone: 'ok', values: used.map((h) => h.answered) },
            { name: 'Потеряно', tone: 'bad', values: used.map((h) => h.abandoned) },
          ]}
        />
      </Panel>
      <Panel title="Уровень обслуживания по часам">
        <BarChart
          title="Уровень обслуживания, %"
          labels={labels}
          max={100}
          unit="%"
          series={[
            {
              name: 'В пределах 100 с',
              tone: 'ok',
              values: used.map((h) => (h.serviceLevel === null ? null : Math.round(h.serviceLevel * 100))),
            },
          ]}
        />
      </Panel>
    </div>
  );
}
