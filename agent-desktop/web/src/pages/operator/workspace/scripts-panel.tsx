import { useState } from 'preact/hooks';
import { TOPIC_IDS, TOPICS } from '../../../../../../core/vocabulary/index.ts';
import { get } from '../../../api.ts';
import { insertIntoChat } from '../../../components/chat-insert.ts';
import { Empty, ErrorText, Loading, useResource } from '../../../components/ui.tsx';

interface Phrase {
  id: string;
  title: string;
  text: string;
  source: string;
}
interface Answer {
  topic: string;
  title: string;
  body: string;
}

/**
 * Scripts (the standard's greeting, closing and other phrases) and the knowledge base, beside
 * the card. `onInsert` (the chat screen's reply box) gets a phrase; without it, "В чат" sends
 * the phrase to whichever chat screen is open (components/chat-insert.ts).
 */
export function ScriptsPanel(props: { media?: 'voice' | 'chat'; onInsert?: (text: string) => void }) {
  const media = props.media ?? 'voice';
  const insert = props.onInsert ?? insertIntoChat;
  const scripts = useResource(
    () => get<{ phrases: Phrase[] }>(`/api/workspace/scripts?media=${media}`),
    [media],
  );
  return (
    <section class="panel ws-scripts" aria-label="Скрипты и база знаний">
      <h2>Скрипты</h2>
      {scripts.error ? <ErrorText error={scripts.error} /> : null}
      {!scripts.data && !scripts.error && <Loading />}
      <ul class="ws-phrases">
        {scripts.data?.phrases.map((phrase) => (
          <li key={phrase.id}>
            <strong>{phrase.title}</strong>
            <p data-phrase={phrase.id}>{phrase.text}</p>
            <div class="row">
              <small class="muted">{phrase.source}</small>
              {media === 'chat' && (
                <button type="button" class="link" onClick={() => insert(phrase.text)}>
                  В чат
                </button>
              )}
            </div>
          </li>
        ))}
      </ul>
      <KnowledgeSearch media={media} insert={insert} />
    </section>
  );
}

function KnowledgeSearch(props: { media: 'voice' | 'chat'; insert: (text: string) => void }) {
  const [query, setQuery] = useState('');
  const [topic, setTopic] = useState('');
  const params = new URLSearchParams({ q: query, ...(topic ? { topic } : {}) });
  const answers = useResource(
    () => get<{ answers: Answer[] }>(`/api/workspace/knowledge?${params}`),
    [query, topic],
  );
  return (
    <div class="ws-knowledge">
      <h2>База знаний</h2>
      <div class="row">
        <label>
          Поиск по базе знаний{' '}
          <input
            type="search"
            value={query}
            onInput={(e) => setQuery((e.target as HTMLInputElement).value)}
            placeholder="например, показания"
          />
        </label>
        <label>
          Тема{' '}
          <select value={topic} onChange={(e) => setTopic((e.target as HTMLSelectElement).value)}>
            <option value="">все темы</option>
            {TOPIC_IDS.map((id) => (
              <option key={id} value={id}>
                {TOPICS[id].labelRu}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ErrorText error={answers.error} />
      {answers.data && !answers.data.answers.length && (
        <Empty>Ничего не найдено. Попробуйте другие слова.</Empty>
      )}
      <ul class="ws-answers">
        {answers.data?.answers.map((answer) => (
          <li key={answer.topic}>
            <details>
              <summary>{answer.title}</summary>
              <p class="ws-answer-body">{answer.body}</p>
              {props.media === 'chat' && (
                <button type="button" class="link" onClick={() => props.insert(answer.body)}>
                  В чат
                </button>
              )}
            </details>
          </li>
        ))}
      </ul>
    </div>
  );
}
