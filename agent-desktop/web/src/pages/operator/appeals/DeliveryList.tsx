import { useEffect, useState } from 'preact/hooks';
import { post } from '../../../api.ts';
import { formatDateTime } from '../../../components/format.ts';
import { Badge, ErrorText, useAction } from '../../../components/ui.tsx';
import type { DeliveryView } from './types.ts';

const PENDING = new Set(['queued', 'sending']);

/** Whether any message of the appeal is still on its way (the screen then looks again shortly). */
export function deliveryPending(deliveries: DeliveryView[]): boolean {
  return deliveries.some((delivery) => PENDING.has(delivery.status));
}

/** Re-reads the appeal every `everyMs` while a message is on its way to the client. */
export function useDeliveryPolling(
  deliveries: DeliveryView[] | undefined,
  reload: () => void,
  everyMs = 2000,
) {
  const pending = deliveries ? deliveryPending(deliveries) : false;
  useEffect(() => {
    if (!pending) return;
    const timer = setTimeout(reload, everyMs);
    return () => clearTimeout(timer);
  }, [pending, deliveries]);
}

/** The short status in the list: the message that needs the operator most. */
export function DeliverySummary(props: { deliveries: DeliveryView[] }) {
  const order = ['failed', 'call_back', 'manual', 'queued', 'sending', 'sent'];
  const worst = [...props.deliveries].sort((a, b) => order.indexOf(a.status) - order.indexOf(b.status))[0];
  if (!worst) return <span class="muted">—</span>;
  return <Badge tone={worst.tone}>{worst.statusLabel}</Badge>;
}

/** "Сообщения клиенту": each message the appeal owes the client and how its sending went (R-APL-5). */
export function DeliveryList(props: { appealId: number; deliveries: DeliveryView[]; onChanged: () => void }) {
  if (props.deliveries.length === 0) return null;
  return (
    <section class="appeal-deliveries" aria-label="Сообщения клиенту">
      <h3>Сообщения клиенту</h3>
      <ul>
        {props.deliveries.map((delivery) => (
          <DeliveryItem
            key={delivery.id}
            appealId={props.appealId}
            delivery={delivery}
            onChanged={props.onChanged}
          />
        ))}
      </ul>
    </section>
  );
}

function DeliveryItem(props: { appealId: number; delivery: DeliveryView; onChanged: () => void }) {
  const { delivery } = props;
  const [note, setNote] = useState('');
  const base = `/api/records/appeals/${props.appealId}/deliveries/${delivery.id}`;
  const act = useAction(async (action: 'retry' | 'done', body: unknown) => {
    await post(`${base}/${action}`, body);
    props.onChanged();
  });
  return (
    <li class={`delivery ${delivery.status}`}>
      <div class="row spread">
        <strong>
          {delivery.purposeLabel} · {delivery.channelLabel}
          {delivery.address ? ` (${delivery.address})` : ''}
        </strong>
        <Badge tone={delivery.tone}>{delivery.statusLabel}</Badge>
      </div>
      <p role="status">
        {delivery.hint}
        {delivery.sentAt ? ` ${formatDateTime(delivery.sentAt)}.` : ''}
      </p>
      {delivery.canRetry && (
        <button type="button" class="primary" disabled={act.busy} onClick={() => void act.run('retry', {})}>
          Отправить повторно
        </button>
      )}
      {delivery.canMarkDone && (
        <form
          aria-label={`Ответ передан клиенту: ${delivery.purposeLabel.toLowerCase()}`}
          onSubmit={(e) => {
            e.preventDefault();
            void act.run('done', { note });
          }}
        >
          <label>
            Как ответ передан клиенту
            <input
              value={note}
              placeholder="Например: сообщён по телефону"
              onInput={(e) => setNote(e.currentTarget.value)}
            />
          </label>
          <button type="submit" class="ok" disabled={act.busy}>
            Ответ передан клиенту
          </button>
        </form>
      )}
      {act.error ? <ErrorText error={act.error} /> : null}
    </li>
  );
}
