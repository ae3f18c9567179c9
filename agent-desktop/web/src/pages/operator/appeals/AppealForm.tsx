import { useEffect, useState } from 'preact/hooks';
import { post } from '../../../api.ts';
import { SelectField } from '../../../components/fields.tsx';
import { ErrorText, Loading, useAction } from '../../../components/ui.tsx';
import { useAppealOptions } from './options.ts';
import type { AppealView, DeadlinePreview } from './types.ts';

/**
 * Registers an appeal (R-APL-1): topics, channel, kind and description; the deadline the
 * calendar gives is shown before saving, the registration number and deadline after.
 * `clientId` is accepted for the workspace's convenience: the server takes the client from the account.
 */
export function AppealForm(props: {
  clientId?: number | undefined;
  accountId?: number | undefined;
  interactionId?: string | undefined;
  channel?: string | undefined;
  onRegistered?: (appeal: AppealView) => void;
}) {
  const options = useAppealOptions();
  const [channel, setChannel] = useState(props.channel ?? 'phone');
  const [kind, setKind] = useState('simple');
  const [topics, setTopics] = useState<string[]>([]);
  const [description, setDescription] = useState('');
  const [replyChannel, setReplyChannel] = useState('');
  const [replyAddress, setReplyAddress] = useState('');
  const [preview, setPreview] = useState<DeadlinePreview | undefined>(undefined);
  const [registered, setRegistered] = useState<AppealView | undefined>(undefined);

  useEffect(() => {
    let current = true;
    post<DeadlinePreview>('/api/records/appeals/deadline', { channel, kind }).then(
      (answer) => current && setPreview(answer),
      () => current && setPreview(undefined),
    );
    return () => {
      current = false;
    };
  }, [channel, kind]);

  const register = useAction(async () => {
    const answer = await post<{ appeal: AppealView }>('/api/records/appeals', {
      channel,
      kind,
      topics,
      description,
      accountId: props.accountId ?? null,
      interactionId: props.interactionId ?? null,
      replyChannel: replyChannel || null,
      replyAddress: replyAddress.trim() || null,
    });
    setRegistered(answer.appeal);
    setTopics([]);
    setDescription('');
    props.onRegistered?.(answer.appeal);
  });

  if (!options) return <Loading />;
  return (
    <form
      class="appeal-form"
      aria-label="Регистрация обращения"
      onSubmit={(event) => {
        event.preventDefault();
        void register.run();
      }}
    >
      <h3>Регистрация обращения</h3>
      <div class="row">
        <SelectField
          label="Канал обращения"
          value={channel}
          options={options.channels}
          onValue={setChannel}
        />
        <SelectField label="Вид обращения" value={kind} options={options.kinds} onValue={setKind} />
      </div>
      <fieldset class="topics">
        <legend>Темы обращения</legend>
        {options.topics.map((topic) => (
          <label key={topic.id} class="inline">
            <input
              type="checkbox"
              checked={topics.includes(topic.id)}
              onChange={(e) =>
                setTopics(
                  e.currentTarget.checked ? [...topics, topic.id] : topics.filter((id) => id !== topic.id),
                )
              }
            />
            {topic.label}
          </label>
        ))}
      </fieldset>
      <label>
        Суть обращения
        <textarea rows={4} value={description} onInput={(e) => setDescription(e.currentTarget.value)} />
      </label>
      <div class="row">
        <SelectField
          label="Канал ответа"
          none="Тот же, что канал обращения"
          value={replyChannel}
          options={options.channels}
          onValue={setReplyChannel}
        />
        <label>
          Адрес для ответа
          <input
            value={replyAddress}
            placeholder="эл. почта, телефон или почтовый адрес"
            onInput={(e) => setReplyAddress(e.currentTarget.value)}
          />
        </label>
      </div>
      {preview && (
        <p class="deadline-preview" aria-live="polite">
          Срок ответа: <strong>{preview.deadlineText}</strong> ({preview.rule})
          {preview.interimDueText && (
            <>
              ; промежуточный ответ — до <strong>{preview.interimDueText}</strong>
            </>
          )}
        </p>
      )}
      <ErrorText error={register.error} />
      <button type="submit" class="primary" disabled={register.busy}>
        Зарегистрировать обращение
      </button>
      {registered && (
        <p class="notice registered" role="status">
          Обращение зарегистрировано: <strong>{registered.regNumber}</strong>. Срок ответа:{' '}
          <strong>{registered.deadlineText}</strong>.
        </p>
      )}
    </form>
  );
}
