import { useState } from 'preact/hooks';
import { NOT_READY_REASON_LABEL_RU } from '../../../../../../core/vocabulary/index.ts';
import { post } from '../../../api.ts';
import { useNow } from '../../../components/clock.ts';
import { formatDuration } from '../../../components/format.ts';
import { useQueueLabel } from '../../../components/queues.ts';
import { Badge, ErrorText, useAction } from '../../../components/ui.tsx';
import { type DeskView, serverNow } from './desk.ts';
import { CHOSEN_REASONS, stateLabel, stateTone } from './labels.ts';

/** The operator's state, time in it, and the state buttons (ready / break with a reason / out). */
export function StateBar(props: { desk: DeskView; onChange: (desk: DeskView) => void }) {
  const { desk } = props;
  useNow(1_000);
  const queueLabel = useQueueLabel();
  const [reason, setReason] = useState<string>('break');
  const change = useAction(async (path: string, body: unknown) => {
    props.onChange(await post<DeskView>(path, body));
  });
  const since = desk.since === null ? null : serverNow() - desk.since;
  const busy = desk.state === 'busy' || desk.state === 'offered' || desk.state === 'wrap_up';
  return (
    <section class="panel ws-state" aria-label="Состояние оператора">
      <div class="row">
        <span>Ваш статус:</span>
        <Badge tone={stateTone(desk.state)}>
          <span data-testid="agent-state">{stateLabel(desk.state, desk.reason)}</span>
        </Badge>
        {since !== null && desk.signedIn && (
          <span class="muted" title="Время в текущем статусе">
            в статусе{' '}
            <span class="ws-time" data-testid="time-in-state">
              {formatDuration(since)}
            </span>
          </span>
        )}
        {desk.signedIn && <span class="muted">Очереди: {desk.queues.map(queueLabel).join(', ')}</span>}
      </div>
      <div class="row ws-state-actions">
        {!desk.signedIn && (
          <button
            type="button"
            class="primary"
            disabled={change.busy}
            onClick={() => change.run('/api/workspace/sign-in', { ready: true })}
          >
            Войти в очереди
          </button>
        )}
        {desk.signedIn && desk.state !== 'ready' && !busy && (
          <button
            type="button"
            class="ok"
            disabled={change.busy}
            onClick={() => change.run('/api/workspace/state', { state: 'ready' })}
          >
            Готов
          </button>
        )}
        {desk.signedIn && (
          <>
            <label>
              Причина перерыва{' '}
              <select value={reason} onChange={(e) => setReason((e.target as HTMLSelectElement).value)}>
                {CHOSEN_REASONS.map((r) => (
                  <option key={r} value={r}>
                    {NOT_READY_REASON_LABEL_RU[r]}
                  </option>
                ))}
              </select>
            </label>
            <button
              type="button"
              disabled={change.busy}
              onClick={() => change.run('/api/workspace/state', { state: 'not_ready', reason })}
            >
              Перерыв
            </button>
            <button
              type="button"
              disabled={change.busy}
              onClick={() => change.run('/api/workspace/state', { state: 'offline' })}
            >
              Выйти из очередей
            </button>
          </>
        )}
      </div>
      <ErrorText error={change.error} />
    </section>
  );
}
