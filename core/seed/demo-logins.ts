import { verifyPassword } from '../auth/password.ts';
import type { Queryable } from '../db/index.ts';
import { type DemoUser, demoUsers } from './users.ts';

/** One demo login per role is enough for the hint; checking all would cost a scrypt each. */
const HINTED = ['operator1', 'supervisor', 'admin', 'quality'];

/**
 * Demo logins whose documented password still works — what `hotline start` prints beside the
 * desktop's address, and a warning at the same time: a real site changes or disables them.
 */
export async function activeDemoLogins(db: Queryable): Promise<DemoUser[]> {
  const candidates = demoUsers().filter((user) => HINTED.includes(user.login));
  const { rows } = await db.query<{ login: string; password_hash: string }>(
    'select login, password_hash from users where active and login = any ($1)',
    [candidates.map((user) => user.login)],
  );
  const active: DemoUser[] = [];
  for (const user of candidates) {
    const row = rows.find((r) => r.login === user.login);
    if (row && (await verifyPassword(user.password, row.password_hash))) active.push(user);
  }
  return active;
}
