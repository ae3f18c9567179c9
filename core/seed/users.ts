import { hashPassword } from '../auth/password.ts';
import type { UserRole } from '../vocabulary/index.ts';

/**
 * Demo staff with KNOWN passwords (printed once at the end of seeding and listed in the README).
 * They exist so a fresh install can be tried at once; change or deactivate them in production.
 */
export interface DemoUser {
  login: string;
  password: string;
  fullName: string;
  roles: UserRole[];
  sipEndpoint: string | null;
}

const OPERATOR_NAMES = [
  'Кызласова Анна Сергеевна',
  'Петров Илья Андреевич',
  'Сагалакова Мария Николаевна',
  'Ковалёва Ольга Викторовна',
  'Чебодаев Роман Петрович',
  'Смирнова Дарья Игоревна',
  'Новиков Денис Олегович',
  'Тюмерева Наталья Юрьевна',
];

export function demoUsers(): DemoUser[] {
  const operators = OPERATOR_NAMES.map((fullName, i) => ({
    login: `operator${i + 1}`,
    password: `operator${i + 1}-demo`,
    fullName,
    roles: ['operator'] as UserRole[],
    sipEndpoint: `PJSIP/${1001 + i}`,
  }));
  return [
    ...operators,
    {
      login: 'supervisor',
      password: 'supervisor-demo',
      fullName: 'Боргоякова Елена Васильевна',
      roles: ['supervisor', 'operator'],
      sipEndpoint: 'PJSIP/1100',
    },
    {
      login: 'admin',
      password: 'admin-demo',
      fullName: 'Морозов Алексей Дмитриевич',
      roles: ['admin'],
      sipEndpoint: null,
    },
    {
      login: 'quality',
      password: 'quality-demo',
      fullName: 'Егорова Светлана Павловна',
      roles: ['quality'],
      sipEndpoint: null,
    },
  ];
}

export async function hashDemoPasswords(users: readonly DemoUser[]): Promise<Map<string, string>> {
  // scrypt runs on the libuv thread pool, so hashing all of them at once uses every core.
  const hashes = await Promise.all(users.map((user) => hashPassword(user.password)));
  return new Map(users.map((user, i) => [user.login, hashes[i]!]));
}
