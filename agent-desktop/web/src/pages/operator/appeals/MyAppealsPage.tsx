import { get } from '../../../api.ts';
import { formatDateTime } from '../../../components/format.ts';
import { Badge, Empty, ErrorText, Loading, Page, Panel, useResource } from '../../../components/ui.tsx';
import { navigate, useRoute } from '../../../router.ts';
import { AppealActions } from './AppealActions.tsx';
import { DeliveryList, DeliverySummary, useDeliveryPolling } from './DeliveryList.tsx';
import type { AppealView } from './types.ts';

export const MY_APPEALS_PATH = '/my-appeals';

interface AppealStage {
  id: number;
  at: string;
  stateLabel: string;
  note: string | null;
}

const DUE_BADGE = {
  overdue: { tone: 'bad', text: 'просрочено' },
  near_due: { tone: 'warn', text: 'срок истекает' },
  on_time: { tone: 'ok', text: 'в срок' },
  done: { tone: 'info', text: 'завершено' },
} as const;

export function DueBadge(props: { status: AppealView['dueStatus'] }) {
  const badge = DUE_BADGE[props.status];
  return <Badge tone={badge.tone}>{badge.text}</Badge>;
}

/** "Обращения": the appeals assigned to me, overdue and near-due first; one opens with its actions. */
export function MyAppealsPage() {
  const path = useRoute();
  const selected = Number(path.slice(MY_APPEALS_PATH.length + 1)) || undefined;
  const list = useResource(() => get<{ appeals: AppealView[] }>('/api/records/appeals/mine'), []);
  return (
    <Page title="Мои обращения">
      <div class="grid two">
        <Panel title="Назначенные мне">
          {list.error ? <ErrorText error={list.error} /> : null}
          {!list.data && !list.error && <Loading />}
          {list.data && list.data.appeals.length === 0 && <Empty>Обращений нет</Empty>}
          {list.data && list.data.appeals.length > 0 && (
            <table aria-label="Мои обращения">
              <thead>
                <tr>
                  <th>Номер</th>
                  <th>Темы</th>
                  <th>Срок</th>
                  <th>Состояние</th>
                  <th>Ответ клиенту</th>
                </tr>
              </thead>
              <tbody>
                {list.data.appeals.map((appeal) => (
                  <tr key={appeal.id} class={appeal.id === selected ? 'selected' : ''}>
                    <td>
                      <a href={`#${MY_APPEALS_PATH}/${appeal.id}`}>{appeal.regNumber}</a>
                    </td>
                    <td>{appeal.topicLabels.join(', ')}</td>
                    <td>
                      {appeal.dueText} <DueBadge status={appeal.dueStatus} />
                    </td>
                    <td>{appeal.stateLabel}</td>
                    <td>
                      <DeliverySummary deliveries={appeal.deliveries} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Panel>
        {selected ? (
          <AppealDetail id={selected} onChanged={() => void list.reload()} />
        ) : (
          <Panel>
            <p class="muted">Выберите обращение в списке.</p>
          </Panel>
        )}
      </div>
    </Page>
  );
}

function AppealDetail(props: { id: number; onChanged: () => void }) {
  const detail = useResource(
    () => get<{ appeal: AppealView; history: AppealStage[] }>(`/api/records/appeals/${props.id}`),
    [props.id],
  );
  useDeliveryPolling(detail.data?.appeal.deliveries, () => {
    void detail.reload();
    props.onChanged();
  });
  if (detail.error) return <ErrorText error={detail.error} />;
  if (!detail.data) return <Loading />;
  const appeal = detail.data.appeal;
  return (
    <Panel title={`Обращение ${appeal.regNumber}`}>
      <dl class="facts">
        <dt>Состояние</dt>
        <dd>
          {appeal.stateLabel} <DueBadge status={appeal.dueStatus} />
        </dd>
        <dt>Канал</dt>
        <dd>{appeal.channelLabel}</dd>
        <dt>Вид</dt>
        <dd>{appeal.kindLabel}</dd>
        <dt>Темы</dt>
        <dd>{appeal.topicLabels.join(', ')}</dd>
        <dt>Зарегистрировано</dt>
        <dd>{appeal.registeredText}</dd>
        <dt>Срок ответа</dt>
        <dd>{appeal.deadlineText}</dd>
        {appeal.interimDueText && (
          <>
            <dt>Промежуточный ответ до</dt>
            <dd>{appeal.interimDueText}</dd>
          </>
        )}
        <dt>Суть</dt>
        <dd>{appeal.description}</dd>
        {appeal.interimAnswer && (
          <>
            <dt>Промежуточный ответ</dt>
            <dd>{appeal.interimAnswer}</dd>
          </>
        )}
        {appeal.answer && (
          <>
            <dt>Ответ</dt>
            <dd>{appeal.answer}</dd>
          </>
        )}
        {appeal.noActionReason && (
          <>
            <dt>Без ответа</dt>
            <dd>
              {appeal.noActionReason}
              {appeal.noActionNote ? ` — ${appeal.noActionNote}` : ''}
            </dd>
          </>
        )}
      </dl>
      <h3>Этапы</h3>
      <ol class="appeal-stages">
        {detail.data.history.map((stage) => (
          <li key={stage.id}>
            {formatDateTime(stage.at)} — {stage.stateLabel}
            {stage.note ? `: ${stage.note}` : ''}
          </li>
        ))}
      </ol>
      <DeliveryList
        appealId={appeal.id}
        deliveries={appeal.deliveries}
        onChanged={() => {
          void detail.reload();
          props.onChanged();
        }}
      />
      <AppealActions
        appeal={appeal}
        onChanged={(changed) => {
          detail.setData({ appeal: changed, history: detail.data?.history ?? [] });
          void detail.reload();
          props.onChanged();
        }}
      />
      <button type="button" class="link" onClick={() => navigate(MY_APPEALS_PATH)}>
        Закрыть
      </button>
    </Panel>
  );
}
