import { useState } from 'preact/hooks';
import { TOPIC_IDS, TOPICS } from '../../../../../core/vocabulary/index.ts';
import { get, put } from '../../api.ts';
import { formatDateTime } from '../../components/format.ts';
import { ErrorText, Loading, Page, Panel, useAction, useResource } from '../../components/ui.tsx';

interface Answer {
  topic: string;
  variant: 'voice' | 'text';
  version: number;
  body: string;
  updatedBy: string;
  updatedAt: string;
}

const VARIANTS = { text: 'для чата и оператора', voice: 'для голосового робота' } as const;

export function KnowledgePage() {
  const answers = useResource(() => get<{ answers: Answer[] }>('/api/admin/knowledge'));
  const [topic, setTopic] = useState<string>(TOPIC_IDS[0]);
  if (!answers.data) return answers.error ? <ErrorText error={answers.error} /> : <Loading />;
  return (
    <Page title="База знаний">
      <div class="grid two">
        <Panel title="Темы">
          <ul class="plain">
            {TOPIC_IDS.map((id) => (
              <li key={id}>
                <button
                  type="button"
                  class={id === topic ? 'link active' : 'link'}
                  onClick={() => setTopic(id)}
                >
                  {TOPICS[id].labelRu}
                </button>
              </li>
            ))}
          </ul>
        </Panel>
        <div>
          {(['text', 'voice'] as const).map((variant) => (
            <AnswerEditor
              key={`${topic}/${variant}`}
              topic={topic}
              variant={variant}
              answer={answers.data!.answers.find((a) => a.topic === topic && a.variant === variant)}
              onSaved={answers.reload}
            />
          ))}
        </div>
      </div>
    </Page>
  );
}

function AnswerEditor(props: {
  topic: string;
  variant: 'text' | 'voice';
  answer: Answer | undefined;
  onSaved: () => void;
}) {
  const [body, setBody] = useState(props.answer?.body ?? '');
  const save = useAction(async () => {
    await put(`/api/admin/knowledge/${props.topic}/${props.variant}`, { body });
    props.onSaved();
  });
  const title = `${TOPICS[props.topic as keyof typeof TOPICS].labelRu}: ${VARIANTS[props.variant]}`;
  return (
    <Panel title={title}>
      {props.answer && (
        <p class="muted">
          Версия {props.answer.version} · {props.answer.updatedBy} · {formatDateTime(props.answer.updatedAt)}
        </p>
      )}
      <label>
        Текст ответа
        <textarea rows={6} value={body} onInput={(e) => setBody(e.currentTarget.value)} />
      </label>
      <ErrorText error={save.error} />
      <button type="button" class="primary" disabled={save.busy} onClick={() => save.run()}>
        Опубликовать новую версию
      </button>
    </Panel>
  );
}
