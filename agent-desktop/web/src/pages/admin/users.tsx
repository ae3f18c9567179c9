import { useState } from 'preact/hooks';
import { USER_ROLES } from '../../../../../core/vocabulary/index.ts';
import type { AdminUser } from '../../../../shared/admin-users.ts';
import { get, patch, post, put } from '../../api.ts';
import { TextField } from '../../components/fields.tsx';
import { useQueueLabel } from '../../components/queues.ts';
import { Badge, ErrorText, Loading, Page, Panel, useAction, useResource } from '../../components/ui.tsx';
import { useSession } from '../../session.ts';
import { ROLE_LABELS } from './labels.ts';

interface Queue {
  name: string;
  media: string;
}

export function UsersPage() {
  const users = useResource(() => get<{ users: AdminUser[] }>('/api/admin/users'));
  const queues = useResource(() => get<{ queues: Queue[] }>('/api/admin/queues'));
  const [selected, setSelected] = useState<number | undefined>(undefined);
  const [password, setPassword] = useState<{ login: string; value: string } | undefined>(undefined);
  const current = users.data?.users.find((u) => u.id === selected);
  return (
    <Page title="Пользователи и роли">
      {password && (
        <p class="notice" role="status">
          Временный пароль для «{password.login}»: <code>{password.value}</code> — передайте его сотруднику;
          он показывается один раз.
        </p>
      )}
      <div class="grid two">
        <Panel title="Сотрудники">
          <ErrorText error={users.error} />
          {!users.data && <Loading />}
          {users.data && (
            <table>
              <thead>
                <tr>
                  <th>Логин</th>
                  <th>ФИО</th>
                  <th>Роли</th>
                  <th>Телефон</th>
                  <th>Состояние</th>
                </tr>
              </thead>
              <tbody>
                {users.data.users.map((user) => (
                  <tr key={user.id} class={user.id === selected ? 'selected' : ''}>
                    <td>
                      <button type="button" class="link" onClick={() => setSelected(user.id)}>
                        {user.login}
                      </button>
                    </td>
                    <td>{user.fullName}</td>
                    <td>{user.roles.map((r) => ROLE_LABELS[r] ?? r).join(', ')}</td>
                    <td>{user.sipEndpoint ?? '—'}</td>
                    <td>
                      {!user.active ? (
                        <Badge tone="bad">отключён</Badge>
                      ) : user.lockedUntil && new Date(user.lockedUntil) > new Date() ? (
                        <Badge tone="warn">заблокирован</Badge>
                      ) : (
                        <Badge tone="ok">активен</Badge>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Panel>
        <div>
          {current ? (
            <UserEditor
              key={current.id}
              user={current}
              queues={queues.data?.queues ?? []}
              onSaved={users.reload}
              onPassword={(value) => setPassword({ login: current.login, value })}
            />
          ) : (
            <NewUser
              onCreated={(login, value) => {
                setPassword({ login, value });
                void users.reload();
              }}
            />
          )}
        </div>
      </div>
    </Page>
  );
}

function RoleChecks(props: { roles: string[]; onChange: (roles: string[]) => void }) {
  return (
    <fieldset>
      <legend>Роли</legend>
      {USER_ROLES.map((role) => (
        <label class="inline" key={role}>
          <input
            type="checkbox"
            checked={props.roles.includes(role)}
            onChange={(e) =>
              props.onChange(
                e.currentTarget.checked ? [...props.roles, role] : props.roles.filter((r) => r !== role),
              )
            }
          />
          {ROLE_LABELS[role]}
        </label>
      ))}
    </fieldset>
  );
}

function NewUser(props: { onCreated: (login: string, password: string) => void }) {
  const [login, setLogin] = useState('');
  const [fullName, setFullName] = useState('');
  const [roles, setRoles] = useState<string[]>(['operator']);
  const [sip, setSip] = useState('');
  const create = useAction(async () => {
    const result = await post<{ temporaryPassword: string }>('/api/admin/users', {
      login,
      fullName,
      roles,
      ...(sip ? { sipEndpoint: sip } : {}),
    });
    props.onCreated(login, result.temporaryPassword);
    setLogin('');
    setFullName('');
    setSip('');
  });
  return (
    <Panel title="Новый сотрудник">
      <TextField label="Логин" value={login} onValue={setLogin} />
      <TextField label="ФИО" value={fullName} onValue={setFullName} />
      <TextField label="Телефон оператора (SIP)" value={sip} onValue={setSip} placeholder="PJSIP/1001" />
      <RoleChecks roles={roles} onChange={setRoles} />
      <ErrorText error={create.error} />
      <button type="button" class="primary" disabled={create.busy} onClick={() => create.run()}>
        Создать
      </button>
    </Panel>
  );
}

function UserEditor(props: {
  user: AdminUser;
  queues: Queue[];
  onSaved: () => void;
  onPassword: (password: string) => void;
}) {
  const me = useSession();
  const queueLabel = useQueueLabel();
  const [fullName, setFullName] = useState(props.user.fullName);
  const [roles, setRoles] = useState(props.user.roles);
  const [sip, setSip] = useState(props.user.sipEndpoint ?? '');
  const [capacity, setCapacity] = useState(String(props.user.chatCapacity));
  const [skills, setSkills] = useState(new Map(props.user.skills.map((s) => [s.queue, s.level])));
  const save = useAction(async () => {
    await patch(`/api/admin/users/${props.user.id}`, {
      fullName,
      roles,
      sipEndpoint: sip || null,
      chatCapacity: Number(capacity),
    });
    await put(
      `/api/admin/users/${props.user.id}/skills`,
      [...skills].map(([queue, level]) => ({ queue, level })),
    );
    props.onSaved();
  });
  const command = useAction(async (what: 'reset' | 'unlock' | 'deactivate' | 'activate') => {
    if (what === 'reset') {
      props.onPassword(
        (await post<{ temporaryPassword: string }>(`/api/admin/users/${props.user.id}/reset-password`))
          .temporaryPassword,
      );
    } else if (what === 'unlock') {
      await post(`/api/admin/users/${props.user.id}/unlock`);
    } else {
      await patch(`/api/admin/users/${props.user.id}`, { active: what === 'activate' });
    }
    props.onSaved();
  });
  const self = me.user.id === props.user.id;
  return (
    <Panel title={`Сотрудник ${props.user.login}`}>
      <TextField label="ФИО" value={fullName} onValue={setFullName} />
      <TextField label="Телефон оператора (SIP)" value={sip} onValue={setSip} />
      <TextField
        label="Одновременных чатов"
        type="number"
        min="0"
        max="20"
        value={capacity}
        onValue={setCapacity}
      />
      <RoleChecks roles={roles} onChange={setRoles} />
      <fieldset>
        <legend>Очереди и уровень навыка (1–10)</legend>
        {props.queues.map((queue) => (
          <label class="inline" key={queue.name}>
            <input
              type="checkbox"
              checked={skills.has(queue.name)}
              onChange={(e) => {
                const next = new Map(skills);
                if (e.currentTarget.checked) next.set(queue.name, 5);
                else next.delete(queue.name);
                setSkills(next);
              }}
            />
            {queueLabel(queue.name)}
            {skills.has(queue.name) && (
              <input
                type="number"
                min="1"
                max="10"
                aria-label={`Уровень в очереди «${queueLabel(queue.name)}»`}
                value={skills.get(queue.name)}
                onInput={(e) => setSkills(new Map(skills).set(queue.name, Number(e.currentTarget.value)))}
              />
            )}
          </label>
        ))}
      </fieldset>
      <ErrorText error={save.error ?? command.error} />
      <div class="row">
        <button type="button" class="primary" disabled={save.busy} onClick={() => save.run()}>
          Сохранить
        </button>
        <button type="button" onClick={() => command.run('reset')}>
          Сбросить пароль
        </button>
        <button type="button" onClick={() => command.run('unlock')}>
          Разблокировать
        </button>
        {!self &&
          (props.user.active ? (
            <button type="button" class="danger" onClick={() => command.run('deactivate')}>
              Отключить
            </button>
          ) : (
            <button type="button" onClick={() => command.run('activate')}>
              Включить
            </button>
          ))}
      </div>
    </Panel>
  );
}
