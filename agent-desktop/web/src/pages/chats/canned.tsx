import { useState } from 'preact/hooks';
import { get } from '../../api.ts';
import { Empty, ErrorText, Loading, useResource } from '../../components/ui.tsx';

interface CannedAnswer {
  id: string;
  group: string;
  title: string;
  text: string;
}

/** Canned answers (the standard's phrases, the knowledge base), the chat's topic first; "Вставить" adds one to the reply. */
export function CannedAnswers(props: { topic: string | undefined; onInsert: (text: string) => void }) {
  const [query, setQuery] = useState('');
  const params = new URLSearchParams({
    ...(props.topic ? { topic: props.topic } : {}),
    ...(query ? { q: query } : {}),
  });
  const answers = useResource(
    () => get<{ answers: CannedAnswer[] }>(`/api/chats/canned?${params}`),
    [props.topic, query],
  );
  return (
    <section class="panel chat-canned" aria-label="Шаблоны ответов">
      <h2>Шаблоны ответов</h2>
      <label>
        Поиск по шаблонам
        <input
          type="search"
          value={query}
          onInput={(event) => setQuery((event.target as HTMLInputElement).value)}
        />
      </label>
      <ErrorText error={answers.error} />
      {answers.loading && !answers.data && <Loading />}
      {answers.data?.answers.length === 0 && <Empty>Ничего не найдено</Empty>}
      <ul>
        {answers.data?.answers.map((answer) => (
          <li key={answer.id}>
            <div class="spread">
              <strong>{answer.title}</strong>
              <button
                type="button"
                class="link"
                aria-label={`Вставить: ${answer.title}`}
                onClick={() => props.onInsert(answer.text)}
              >
                Вставить
              </button>
            </div>
            <p class="muted">{answer.text}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
