import { useState } from 'preact/hooks';
import { TOPIC_IDS, TOPICS } from '../../../../../core/vocabulary/index.ts';
import { get, put } from '../../api.ts';
import { ErrorText, Loading, Page, Panel, useAction, useResource } from '../../components/ui.tsx';

interface Queue {
  name: string;
  /** What people read on their screens; queues made before titles existed may have none. */
  title?: string;
  media: 'voice' | 'chat';
  topics: string[];
  strategy: 'longest_idle' | 'skill_level';
  overflowTo?: string;
  overflowAfterMs?: number;
  offerTimeoutMs: number;
  prealertMs: number;
  alertMs: number;
  wrapUpMs: number;
}

const seconds = (ms: number | undefined) => (ms === undefined ? '' : String(ms / 1000));
const titleOf = (queue: Queue) => queue.title ?? queue.name;

export function QueuesPage() {
  const queues = useResource(() => get<{ queues: Queue[] }>('/api/admin/queues'));
  const [editing, setEditing] = useState<Queue | 'new' | undefined>(undefined);
  return (
    <Page
      title="Очереди"
      actions={
        <button type="button" class="primary" onClick={() => setEditing('new')}>
          Новая очередь
        </button>
      }
    >
      <div class="grid two">
        <Panel>
          <ErrorText error={queues.error} />
          {!queues.data && <Loading />}
          {queues.data && (
            <table>
              <thead>
                <tr>
                  <th>Очередь</th>
                  <th>Тип</th>
                  <th>Темы</th>
                  <th>Ответ, с</th>
                  <th>Ожидание, с</th>
                </tr>
              </thead>
              <tbody>
                {queues.data.queues.map((queue) => (
                  <tr key={queue.name}>
                    <td>
                      <button type="button" class="link" onClick={() => setEditing(queue)}>
                        {titleOf(queue)}
                      </button>
                      {queue.title && <div class="muted">{queue.name}</div>}
                    </td>
                    <td>{queue.media === 'voice' ? 'звонки' : 'чаты'}</td>
                    <td>
                      {queue.topics.length
                        ? queue.topics.map((t) => TOPICS[t as keyof typeof TOPICS]?.labelRu ?? t).join(', ')
                        : 'все остальные'}
                    </td>
                    <td>{seconds(queue.offerTimeoutMs)}</td>
                    <td>{seconds(queue.alertMs)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Panel>
        {editing && (
          <QueueEditor
            key={editing === 'new' ? 'new' : editing.name}
            queue={editing === 'new' ? undefined : editing}
            others={queues.data?.queues ?? []}
            onSaved={() => {
              setEditing(undefined);
              void queues.reload();
            }}
          />
        )}
      </div>
    </Page>
  );
}

function QueueEditor(props: { queue: Queue | undefined; others: Queue[]; onSaved: () => void }) {
  const q = props.queue;
  const [name, setName] = useState(q?.name ?? '');
  const [title, setTitle] = useState(q?.title ?? '');
  // A new queue gets a title; so does one that has it (the server keeps a title it is not sent,
  // so an emptied field would look saved and not be). An old untitled queue may stay untitled.
  const titleRequired = !q || q.title !== undefined;
  const trimmedTitle = title.trim();
  const [media, setMedia] = useState<Queue['media']>(q?.media ?? 'voice');
  const [topics, setTopics] = useState<string[]>(q?.topics ?? []);
  const [strategy, setStrategy] = useState<Queue['strategy']>(q?.strategy ?? 'longest_idle');
  const [offer, setOffer] = useState(seconds(q?.offerTimeoutMs ?? 15_000));
  const [prealert, setPrealert] = useState(seconds(q?.prealertMs ?? 80_000));
  const [alert, setAlert] = useState(seconds(q?.alertMs ?? 100_000));
  const [wrapUp, setWrapUp] = useState(seconds(q?.wrapUpMs ?? 300_000));
  const [overflowTo, setOverflowTo] = useState(q?.overflowTo ?? '');
  const [overflowAfter, setOverflowAfter] = useState(seconds(q?.overflowAfterMs));
  const save = useAction(async () => {
    await put(`/api/admin/queues/${encodeURIComponent(name)}`, {
      ...(trimmedTitle ? { title: trimmedTitle } : {}),
      media,
      topics,
      strategy,
      offerTimeoutMs: Number(offer) * 1000,
      prealertMs: Number(prealert) * 1000,
      alertMs: Number(alert) * 1000,
      wrapUpMs: Number(wrapUp) * 1000,
      ...(overflowTo ? { overflowTo, overflowAfterMs: Number(overflowAfter) * 1000 } : {}),
    });
    props.onSaved();
  });
  const number = (label: string, value: string, set: (v: string) => void) => (
    <label>
      {label}
      <input type="number" min="1" value={value} onInput={(e) => set(e.currentTarget.value)} />
    </label>
  );
  return (
    <Panel title={q ? `Очередь «${titleOf(q)}»` : 'Новая очередь'}>
      <label>
        Название очереди
        <input
          value={title}
          required={titleRequired}
          placeholder="например, Звонки: оплата и начисления"
          onInput={(e) => setTitle(e.currentTarget.value)}
        />
      </label>
      {!q && (
        <label>
          Имя (латиница, цифры, _)
          <input value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </label>
      )}
      <label>
        Тип
        <select value={media} onChange={(e) => setMedia(e.currentTarget.value as Queue['media'])}>
          <option value="voice">звонки</option>
          <option value="chat">чаты</option>
        </select>
      </label>
      <label>
        Распределение
        <select value={strategy} onChange={(e) => setStrategy(e.currentTarget.value as Queue['strategy'])}>
          <option value="longest_idle">дольше всех свободный оператор</option>
          <option value="skill_level">оператор с наибольшим навыком</option>
        </select>
      </label>
      <fieldset>
        <legend>Темы (пусто — все остальные)</legend>
        {TOPIC_IDS.map((topic) => (
          <label class="inline" key={topic}>
            <input
              type="checkbox"
              checked={topics.includes(topic)}
              onChange={(e) =>
                setTopics(e.currentTarget.checked ? [...topics, topic] : topics.filter((t) => t !== topic))
              }
            />
            {TOPICS[topic].labelRu}
          </label>
        ))}
      </fieldset>
      <div class="grid two">
        {number('Время на принятие, с (стандарт: 15)', offer, setOffer)}
        {number('Предупреждение об ожидании, с', prealert, setPrealert)}
        {number('Предельное ожидание, с (стандарт: 100)', alert, setAlert)}
        {number('Поствызывная обработка, с', wrapUp, setWrapUp)}
      </div>
      <label>
        Переполнение в очередь
        <select value={overflowTo} onChange={(e) => setOverflowTo(e.currentTarget.value)}>
          <option value="">нет</option>
          {props.others
            .filter((other) => other.name !== name && other.media === media)
            .map((other) => (
              <option key={other.name} value={other.name}>
                {titleOf(other)}
              </option>
            ))}
        </select>
      </label>
      {overflowTo && number('Переполнение через, с', overflowAfter, setOverflowAfter)}
      {titleRequired && !trimmedTitle && <p class="muted">Укажите название очереди.</p>}
      <ErrorText error={save.error} />
      <button
        type="button"
        class="primary"
        disabled={save.busy || !name || (titleRequired && !trimmedTitle)}
        onClick={() => save.run()}
      >
        Сохранить
      </button>
    </Panel>
  );
}
