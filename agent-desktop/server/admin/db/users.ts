import type { Queryable } from '../../../../core/db/index.ts';
import type { AdminUser } from '../../../shared/admin-users.ts';

export async function listUsers(db: Queryable): Promise<AdminUser[]> {
  const { rows } = await db.query<AdminUser>(
    `select u.id::int as id, u.login, u.full_name as "fullName", u.roles, u.sip_endpoint as "sipEndpoint",
            u.chat_capacity as "chatCapacity", u.active, u.locked_until as "lockedUntil",
            coalesce(json_agg(json_build_object('queue', s.queue, 'level', s.level) order by s.queue)
                     filter (where s.queue is not null), '[]') as skills
     from users u left join acd_agent_skills s on s.user_id = u.id
     group by u.id order by u.active desc, u.login`,
  );
  return rows;
}

export async function findUser(db: Queryable, id: number): Promise<AdminUser | undefined> {
  return (await listUsers(db)).find((user) => user.id === id);
}

export async function insertUser(
  db: Queryable,
  user: {
    login: string;
    fullName: string;
    roles: string[];
    sipEndpoint: string | null;
    chatCapacity: number;
  },
  passwordHash: string,
): Promise<number | undefined> {
  const { rows } = await db.query<{ id: number }>(
    `insert into users (login, full_name, password_hash, roles, sip_endpoint, chat_capacity)
     values ($1, $2, $3, $4, $5, $6) on conflict (login) do nothing returning id::int`,
    [user.login, user.fullName, passwordHash, user.roles, user.sipEndpoint, user.chatCapacity],
  );
  return rows[0]?.id;
}

const COLUMNS = {
  fullName: 'full_name',
  roles: 'roles',
  sipEndpoint: 'sip_endpoint',
  chatCapacity: 'chat_capacity',
  active: 'active',
} as const;

export async function updateUser(
  db: Queryable,
  id: number,
  patch: Partial<Record<keyof typeof COLUMNS, unknown>>,
): Promise<boolean> {
  const entries = Object.entries(patch).filter(([, value]) => value !== undefined) as [
    keyof typeof COLUMNS,
    unknown,
  ][];
  const sets = entries.map(([key], i) => `${COLUMNS[key]} = $${i + 2}`);
  const { rowCount } = await db.query(`update users set ${sets.join(', ')} where id = $1`, [
    id,
    ...entries.map(([, value]) => value),
  ]);
  return rowCount === 1;
}

export async function setPassword(db: Queryable, id: number, passwordHash: string): Promise<boolean> {
  const { rowCount } = await db.query(
    'update users set password_hash = $2, failed_logins = 0, locked_until = null where id = $1',
    [id, passwordHash],
  );
  return rowCount === 1;
}

export async function unlockUser(db: Queryable, id: number): Promise<boolean> {
  const { rowCount } = await db.query(
    'update users set failed_logins = 0, locked_until = null where id = $1',
    [id],
  );
  return rowCount === 1;
}
