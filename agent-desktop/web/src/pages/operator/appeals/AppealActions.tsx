import { useState } from 'preact/hooks';
import { post } from '../../../api.ts';
import { ErrorText, useAction } from '../../../components/ui.tsx';
import { useAppealOptions } from './options.ts';
import type { AppealView } from './types.ts';

const OPEN = new Set(['registered', 'in_progress', 'interim_answered']);

/** The later stages: interim answer (R-APL-4), answer over the client's channel (R-APL-5), no action (R-APL-6). */
export function AppealActions(props: { appeal: AppealView; onChanged: (appeal: AppealView) => void }) {
  const { appeal } = props;
  const options = useAppealOptions();
  const [answer, setAnswer] = useState('');
  const [interim, setInterim] = useState('');
  const [fullAnswerDueOn, setFullAnswerDueOn] = useState('');
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [previousRegNumber, setPreviousRegNumber] = useState('');
  const act = useAction(async (stage: string, body: unknown) => {
    const result = await post<{ appeal: AppealView }>(`/api/records/appeals/${appeal.id}/${stage}`, body);
    props.onChanged(result.appeal);
  });
  if (!OPEN.has(appeal.state)) return null;
  return (
    <div class="appeal-actions">
      <form
        aria-label="Ответ клиенту"
        onSubmit={(e) => {
          e.preventDefault();
          void act.run('answer', { text: answer });
        }}
      >
        <label>
          Ответ клиенту (канал: {appeal.replyChannelLabel}
          {appeal.replyAddress ? `, ${appeal.replyAddress}` : ''})
          <textarea rows={3} value={answer} onInput={(e) => setAnswer(e.currentTarget.value)} />
        </label>
        <button type="submit" class="ok" disabled={act.busy}>
          Записать ответ
        </button>
      </form>
      {appeal.state !== 'interim_answered' && (
        <form
          aria-label="Промежуточный ответ"
          onSubmit={(e) => {
            e.preventDefault();
            void act.run('interim', { text: interim, fullAnswerDueOn });
          }}
        >
          <label>
            Промежуточный ответ
            <textarea rows={2} value={interim} onInput={(e) => setInterim(e.currentTarget.value)} />
          </label>
          <label>
            Дата полного ответа
            <input
              type="date"
              value={fullAnswerDueOn}
              onInput={(e) => setFullAnswerDueOn(e.currentTarget.value)}
            />
          </label>
          <button type="submit" disabled={act.busy}>
            Записать промежуточный ответ
          </button>
        </form>
      )}
      {appeal.state !== 'interim_answered' && (
        <form
          aria-label="Оставить без ответа"
          onSubmit={(e) => {
            e.preventDefault();
            void act.run('no-action', {
              reason,
              ...(note.trim() ? { note } : {}),
              ...(reason === 'repeated' ? { previousRegNumber } : {}),
            });
          }}
        >
          <label>
            Причина
            <select value={reason} onChange={(e) => setReason(e.currentTarget.value)}>
              <option value="">— выберите —</option>
              {(options?.noActionReasons ?? []).map((option) => (
                <option key={option.id} value={option.id}>
                  {option.label}
                </option>
              ))}
            </select>
          </label>
          {reason === 'repeated' && (
            <label>
              Номер обращения, на которое уже дан ответ
              <input
                value={previousRegNumber}
                placeholder="ЕКЦ-2026-000001"
                onInput={(e) => setPreviousRegNumber(e.currentTarget.value)}
              />
            </label>
          )}
          <label>
            Комментарий
            <input value={note} onInput={(e) => setNote(e.currentTarget.value)} />
          </label>
          <button type="submit" class="danger" disabled={act.busy}>
            Оставить без ответа
          </button>
        </form>
      )}
      <ErrorText error={act.error} />
    </div>
  );
}
