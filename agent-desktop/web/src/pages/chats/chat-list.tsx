import { formatDuration } from '../../components/format.ts';
import { useQueueLabel } from '../../components/queues.ts';
import { type ChatSummary, channelLabel, firstAnswerClock, topicsLabel } from './chat-state.ts';

/** The operator's chats side by side: who is waiting, for how long, with how many unread messages. */
export function ChatList(props: {
  chats: ChatSummary[];
  /** The most chats the ACD gives this operator at once. */
  capacity: number | null;
  selected: string | undefined;
  overdue: ReadonlySet<string>;
  now: number;
  onSelect: (ix: string) => void;
}) {
  const queueLabel = useQueueLabel();
  return (
    <nav class="panel chat-list" aria-label="Мои чаты">
      <h2>
        Мои чаты ({props.chats.length}
        {props.capacity ? ` из ${props.capacity}` : ''})
      </h2>
      <ul>
        {props.chats.map((chat, i) => {
          const clock = firstAnswerClock(chat, props.now, props.overdue.has(chat.ix));
          const name = `Чат ${i + 1}`;
          return (
            <li key={chat.ix}>
              <button
                type="button"
                class={`chat-item ${chat.ix === props.selected ? 'selected' : ''}`}
                aria-current={chat.ix === props.selected ? 'true' : undefined}
                aria-label={`${name}: ${channelLabel(chat.channel)}${chat.unread ? `, непрочитанных ${chat.unread}` : ''}`}
                onClick={() => props.onSelect(chat.ix)}
              >
                <span class="spread">
                  <strong>{name}</strong>
                  {chat.unread > 0 && (
                    <span class="badge info chat-unread" title="Непрочитанные сообщения">
                      {chat.unread}
                    </span>
                  )}
                </span>
                <span class="muted">
                  {channelLabel(chat.channel)} · {queueLabel(chat.queue)} · {topicsLabel(chat.topics)}
                </span>
                {chat.state === 'wrap_up' ? (
                  <span class="badge warn">Постобработка</span>
                ) : clock.state === 'answered' ? (
                  <span class="badge ok">Ответ дан</span>
                ) : clock.state === 'overdue' ? (
                  <span class="badge bad">Первый ответ просрочен</span>
                ) : (
                  <span class={`badge ${clock.tone}`} role="timer" title="До первого ответа (15 минут)">
                    Первый ответ: {formatDuration(clock.leftMs)}
                  </span>
                )}
              </button>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
