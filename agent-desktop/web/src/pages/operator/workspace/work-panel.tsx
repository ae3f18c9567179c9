import { useEffect, useState } from 'preact/hooks';
import {
  INTERACTION_OUTCOME_LABEL_RU,
  WRAP_UP_OUTCOMES,
  type WrapUpOutcome,
} from '../../../../../../core/vocabulary/index.ts';
import { post } from '../../../api.ts';
import { useNow } from '../../../components/clock.ts';
import { formatDuration } from '../../../components/format.ts';
import { ErrorText, useAction } from '../../../components/ui.tsx';
import { serverNow, type WorkItem } from './desk.ts';
import { channelLabel, topicsLabel } from './labels.ts';

/** The accepted call or chat: talk time, and "finish" which starts wrap-up. */
export function ActivePanel(props: { item: WorkItem; onDone: () => void }) {
  const { item } = props;
  useNow(1_000);
  const finish = useAction(async () => {
    await post(`/api/workspace/interactions/${item.id}/finish`);
    props.onDone();
  });
  const talk = item.answeredAt === null ? 0 : serverNow() - item.answeredAt;
  const isCall = item.media === 'voice';
  return (
    <section class="panel ws-active" aria-label={isCall ? 'Текущий звонок' : 'Текущий чат'}>
      <div class="spread">
        <h2>{isCall ? 'Разговор с клиентом' : 'Чат с клиентом'}</h2>
        <span class="ws-time" title="Длительность">
          {formatDuration(talk)}
        </span>
      </div>
      <p class="muted">
        {channelLabel(item.channel)} · {topicsLabel(item.topics)}
        {item.account && <> · лицевой счёт {item.account.number}</>}
      </p>
      {!isCall && (
        <p>
          Переписка — в разделе <a href="#/chats">«Чаты»</a>.
        </p>
      )}
      <button type="button" class="primary" disabled={finish.busy} onClick={() => finish.run()}>
        {isCall ? 'Завершить разговор' : 'Завершить чат'}
      </button>
      <ErrorText error={finish.error} />
    </section>
  );
}

/** Wrap-up: its 5-minute timer and the outcome, which must be chosen to end it. */
export function WrapUpPanel(props: {
  item: WorkItem;
  suggested?: WrapUpOutcome | undefined;
  /** Wrap-up already ended by its 5-minute limit: only the outcome is still to be recorded. */
  autoEnded?: boolean;
  onDone: () => void;
}) {
  const { item } = props;
  useNow(500);
  const [outcome, setOutcome] = useState<string | undefined>(props.suggested);
  // An appeal registered during wrap-up suggests its outcome, unless one is already chosen.
  useEffect(() => {
    if (props.suggested) setOutcome((current) => current ?? props.suggested);
  }, [props.suggested]);
  const save = useAction(async () => {
    await post(`/api/workspace/interactions/${item.id}/wrap-up`, { outcome });
    props.onDone();
  });
  const left = item.wrapUpDeadline === null ? 0 : item.wrapUpDeadline - serverNow();
  return (
    <section class="panel ws-wrap-up" aria-label="Поствызывная обработка">
      <div class="spread">
        <h2>Поствызывная обработка</h2>
        {!props.autoEnded && (
          <div
            class={`countdown ${left <= 60_000 ? 'urgent' : ''}`}
            role="timer"
            aria-label="Осталось на обработку"
          >
            {formatDuration(left)}
          </div>
        )}
      </div>
      <p class="muted">
        {topicsLabel(item.topics)}.{' '}
        {props.autoEnded
          ? 'Время обработки истекло, и она завершена автоматически. Пожалуйста, укажите итог обращения.'
          : 'По истечении времени обработка завершится автоматически.'}
      </p>
      <fieldset class="ws-outcomes">
        <legend>Итог обращения</legend>
        {WRAP_UP_OUTCOMES.map((value) => (
          <label key={value} class="inline">
            <input
              type="radio"
              name={`outcome-${item.id}`}
              value={value}
              checked={outcome === value}
              onChange={() => setOutcome(value)}
            />{' '}
            {INTERACTION_OUTCOME_LABEL_RU[value]}
          </label>
        ))}
      </fieldset>
      <button type="button" class="primary" disabled={!outcome || save.busy} onClick={() => save.run()}>
        {props.autoEnded ? 'Сохранить итог' : 'Завершить обработку'}
      </button>
      <ErrorText error={save.error} />
    </section>
  );
}
