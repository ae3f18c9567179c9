import { useState } from 'preact/hooks';
import { NOT_READY_REASON_LABEL_RU } from '../../../../../../core/vocabulary/index.ts';
import { post } from '../../../api.ts';
import { useNow } from '../../../components/clock.ts';
import { useQueueLabel } from '../../../components/queues.ts';
import { Badge, ErrorText, useAction } from '../../../components/ui.tsx';
import { serverNow, type WorkItem } from './desk.ts';
import { CHOSEN_REASONS, channelLabel, topicsLabel } from './labels.ts';

/** Seconds left to accept, by the server's clock (the offer is withdrawn past its deadline). */
export function secondsLeft(deadline: number | null): number {
  if (deadline === null) return 0;
  return Math.max(0, Math.ceil((deadline - serverNow()) / 1000));
}

/**
 * An offer: the 15-second countdown, what is known about the client, Accept / Decline. For a call
 * the operator's phone rings at the same time; "Принять" here is for operators without a
 * softphone integration (the server treats a second accept as a no-op).
 */
export function OfferPanel(props: { item: WorkItem; onDone: () => void }) {
  const { item } = props;
  useNow(200);
  const queueLabel = useQueueLabel();
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState<string>('technical');
  const accept = useAction(async () => {
    await post(`/api/workspace/interactions/${item.id}/accept`);
    props.onDone();
  });
  const decline = useAction(async () => {
    await post(`/api/workspace/interactions/${item.id}/decline`, { reason });
    props.onDone();
  });
  const left = secondsLeft(item.offerDeadline);
  const title = item.media === 'voice' ? 'Входящий звонок' : 'Новый чат';
  return (
    <section class="panel ws-offer" aria-label="Входящее предложение">
      <div class="spread">
        <h2>
          {title} {item.callback && <Badge tone="warn">обратный звонок</Badge>}
        </h2>
        <div
          class={`countdown ${left <= 5 ? 'urgent' : ''}`}
          role="timer"
          aria-label="Осталось секунд на ответ"
        >
          {left}
        </div>
      </div>
      <dl class="ws-facts">
        <dt>Канал</dt>
        <dd>{channelLabel(item.channel)}</dd>
        <dt>Очередь</dt>
        <dd>{queueLabel(item.queue)}</dd>
        <dt>Тема</dt>
        <dd>{topicsLabel(item.topics)}</dd>
        <dt>Лицевой счёт</dt>
        <dd>{item.account ? item.account.number : 'клиент не идентифицирован'}</dd>
      </dl>
      {item.media === 'voice' && <p class="muted">Телефон звонит: снимите трубку или нажмите «Принять».</p>}
      <div class="row">
        <button type="button" class="ok" disabled={accept.busy || left === 0} onClick={() => accept.run()}>
          Принять
        </button>
        {!declining && (
          <button type="button" class="danger" onClick={() => setDeclining(true)}>
            Отклонить
          </button>
        )}
        {declining && (
          <>
            <label>
              Причина отказа{' '}
              <select value={reason} onChange={(e) => setReason((e.target as HTMLSelectElement).value)}>
                {CHOSEN_REASONS.map((r) => (
                  <option key={r} value={r}>
                    {NOT_READY_REASON_LABEL_RU[r]}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" class="danger" disabled={decline.busy} onClick={() => decline.run()}>
              Подтвердить отказ
            </button>
          </>
        )}
      </div>
      <ErrorText error={accept.error ?? decline.error} />
    </section>
  );
}
