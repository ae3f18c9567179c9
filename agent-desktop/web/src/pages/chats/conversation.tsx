import { useEffect, useRef } from 'preact/hooks';
import { formatDateTime, formatDuration } from '../../components/format.ts';
import { ErrorText } from '../../components/ui.tsx';
import { type ChatLine, type ChatSummary, channelLabel, SPEAKER_LABEL, topicsLabel } from './chat-state.ts';

/** The conversation so far: the client, the bot before the handoff, the operator. */
export function Conversation(props: { lines: ChatLine[] }) {
  const end = useRef<HTMLLIElement>(null);
  useEffect(() => end.current?.scrollIntoView({ block: 'end' }), [props.lines.length]);
  return (
    <ol class="chat-lines" aria-label="Переписка" aria-live="polite">
      {props.lines.map((line, i) => (
        <li key={`${line.at}-${i}`} class={`chat-line from-${line.from}`}>
          <span class="chat-meta">
            {SPEAKER_LABEL[line.from]} · {formatDateTime(line.at)}
          </span>
          {line.text && <p>{line.text}</p>}
          {line.attachments?.map((file) => (
            <Attachment key={file.ref} file={file} />
          ))}
        </li>
      ))}
      <li ref={end} class="chat-end" aria-hidden="true" />
    </ol>
  );
}

function Attachment(props: { file: NonNullable<ChatLine['attachments']>[number] }) {
  const { file } = props;
  const label = `${file.kind === 'photo' ? 'Фото' : 'Файл'}${file.fileName ? `: ${file.fileName}` : ''}`;
  return (
    <p class="chat-attachment">
      {file.url ? (
        <a href={file.url} target="_blank" rel="noopener noreferrer">
          📎 {label}
        </a>
      ) : (
        <span title="Копия файла ещё не готова или файл не принят по размеру или типу">📎 {label}</span>
      )}
    </p>
  );
}

/** The reply box of the selected chat, and its end. */
export function Composer(props: {
  chat: ChatSummary;
  draft: string;
  now: number;
  busy: boolean;
  error: unknown;
  onDraft: (text: string) => void;
  onSend: () => void;
  onEnd: () => void;
}) {
  const { chat } = props;
  if (chat.state === 'wrap_up') {
    return (
      <section class="chat-composer" aria-label="Чат завершён">
        <p>
          Чат завершён, клиенту предложено оценить обслуживание. Постобработка: осталось{' '}
          <span role="timer">{formatDuration((chat.wrapUpEndsAt ?? props.now) - props.now)}</span>. Итог
          обращения выберите на <a href="#/workspace">рабочем месте</a>.
        </p>
      </section>
    );
  }
  return (
    <form
      class="chat-composer"
      onSubmit={(event) => {
        event.preventDefault();
        props.onSend();
      }}
    >
      <label for="chat-reply">Сообщение клиенту</label>
      <textarea
        id="chat-reply"
        rows={4}
        maxLength={4000}
        value={props.draft}
        onInput={(event) => props.onDraft((event.target as HTMLTextAreaElement).value)}
        onKeyDown={(event) => {
          // Enter sends, Shift+Enter starts a new line (as in messengers).
          if (event.key === 'Enter' && !event.shiftKey) {
            event.preventDefault();
            props.onSend();
          }
        }}
      />
      <ErrorText error={props.error} />
      <div class="spread">
        <small class="muted">
          {channelLabel(chat.channel)} · {topicsLabel(chat.topics)} · {props.draft.length}/4000
        </small>
        <div class="row">
          <button type="button" class="danger" disabled={props.busy} onClick={props.onEnd}>
            Завершить чат
          </button>
          <button type="submit" class="primary" disabled={props.busy || !props.draft.trim()}>
            Отправить
          </button>
        </div>
      </div>
    </form>
  );
}
