import { useState } from 'preact/hooks';
import { get, post } from '../../api.ts';
import { formatDateTime } from '../../components/format.ts';
import {
  Badge,
  Empty,
  ErrorText,
  Loading,
  Page,
  Panel,
  useAction,
  useResource,
} from '../../components/ui.tsx';
import { channelName, topicNames } from './labels.ts';

interface ControlledAppeal {
  id: number;
  regNumber: string;
  channel: string;
  topics: string[];
  state: string;
  dueAt: string;
  deadlineAt: string;
  assignedTo: { id: number; fullName: string } | null;
  department: string | null;
}

interface Operator {
  id: number;
  fullName: string;
}

const WINDOWS = [4, 8, 24, 48, 72];

/** R-APL-3 "overdue and near-due are visible": the lists, and handing an appeal to someone else. */
export function AppealsControlPage() {
  const [hours, setHours] = useState(24);
  const [notice, setNotice] = useState<string | undefined>(undefined);
  const overdue = useResource(() => get<{ items: ControlledAppeal[] }>('/api/supervision/appeals/overdue'));
  const nearDue = useResource(
    () => get<{ items: ControlledAppeal[] }>(`/api/supervision/appeals/near-due?hours=${hours}`),
    [hours],
  );
  const operators = useResource(() => get<{ items: Operator[] }>('/api/supervision/operators'));
  const reassigned = (text: string) => {
    setNotice(text);
    void overdue.reload();
    void nearDue.reload();
  };
  return (
    <Page title="Контроль сроков обращений">
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      <Panel title="Просроченные">
        <AppealTable
          resource={overdue}
          operators={operators.data?.items ?? []}
          onReassigned={reassigned}
          tone="bad"
          empty="Просроченных обращений нет."
        />
      </Panel>
      <Panel title="Срок скоро истекает">
        <form class="row period" onSubmit={(e) => e.preventDefault()}>
          <label>
            Срок истекает в ближайшие
            <select value={hours} onChange={(e) => setHours(Number(e.currentTarget.value))}>
              {WINDOWS.map((h) => (
                <option key={h} value={h}>
                  {h} ч
                </option>
              ))}
            </select>
          </label>
        </form>
        <AppealTable
          resource={nearDue}
          operators={operators.data?.items ?? []}
          onReassigned={reassigned}
          tone="warn"
          empty="В этом окне сроки не истекают."
        />
      </Panel>
    </Page>
  );
}

function AppealTable(props: {
  resource: { data?: { items: ControlledAppeal[] }; error: unknown; loading: boolean };
  operators: Operator[];
  onReassigned: (text: string) => void;
  tone: 'bad' | 'warn';
  empty: string;
}) {
  const [open, setOpen] = useState<number | null>(null);
  const { data, error } = props.resource;
  if (error) return <ErrorText error={error} />;
  if (!data) return <Loading />;
  if (data.items.length === 0) return <Empty>{props.empty}</Empty>;
  return (
    <table>
      <thead>
        <tr>
          <th>Номер</th>
          <th>Темы</th>
          <th>Канал</th>
          <th>Срок</th>
          <th>Исполнитель</th>
          <th>Подразделение</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {data.items.map((appeal) => [
          <tr key={appeal.id}>
            <td>{appeal.regNumber}</td>
            <td>{topicNames(appeal.topics)}</td>
            <td>{channelName(appeal.channel)}</td>
            <td>
              <Badge tone={props.tone}>{formatDateTime(appeal.dueAt)}</Badge>
            </td>
            <td>{appeal.assignedTo?.fullName ?? '—'}</td>
            <td>{appeal.department ?? '—'}</td>
            <td>
              <button type="button" onClick={() => setOpen(open === appeal.id ? null : appeal.id)}>
                Передать
              </button>
            </td>
          </tr>,
          open === appeal.id && (
            <tr key={`${appeal.id}-form`}>
              <td colSpan={7}>
                <ReassignForm
                  appeal={appeal}
                  operators={props.operators}
                  onDone={(text) => {
                    setOpen(null);
                    props.onReassigned(text);
                  }}
                />
              </td>
            </tr>
          ),
        ])}
      </tbody>
    </table>
  );
}

function ReassignForm(props: {
  appeal: ControlledAppeal;
  operators: Operator[];
  onDone: (text: string) => void;
}) {
  const [userId, setUserId] = useState('');
  const [department, setDepartment] = useState('');
  const [reason, setReason] = useState('');
  const action = useAction(async () => {
    await post(`/api/supervision/appeals/${props.appeal.id}/reassign`, {
      ...(userId ? { userId: Number(userId) } : {}),
      ...(department.trim() ? { department: department.trim() } : {}),
      reason,
    });
    props.onDone(`Обращение ${props.appeal.regNumber} передано.`);
  });
  return (
    <form
      class="reassign"
      onSubmit={(e) => {
        e.preventDefault();
        void action.run();
      }}
    >
      <label>
        Оператор
        <select value={userId} onChange={(e) => setUserId(e.currentTarget.value)}>
          <option value="">— не менять —</option>
          {props.operators.map((op) => (
            <option key={op.id} value={op.id}>
              {op.fullName}
            </option>
          ))}
        </select>
      </label>
      <label>
        Подразделение
        <input value={department} maxLength={120} onInput={(e) => setDepartment(e.currentTarget.value)} />
      </label>
      <label>
        Причина передачи
        <input value={reason} required maxLength={500} onInput={(e) => setReason(e.currentTarget.value)} />
      </label>
      <button type="submit" class="primary" disabled={action.busy}>
        Передать обращение
      </button>
      <ErrorText error={action.error} />
    </form>
  );
}
