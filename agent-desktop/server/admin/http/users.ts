import { recordAudit } from '../../../../core/audit/index.ts';
import { hashPassword } from '../../../../core/auth/password.ts';
import { loadQueues, saveSkills } from '../../acd/index.ts';
import type { DesktopContext } from '../../context.ts';
import type { AuthedRequest, RouteSpec } from '../../http/routes.ts';
import { findUser, insertUser, listUsers, setPassword, unlockUser, updateUser } from '../db/users.ts';
import { describeIssues, skillsSchema, userCreateSchema, userIdSchema, userPatchSchema } from '../schemas.ts';
import { temporaryPassword } from '../services/temporary-password.ts';

const ADMIN = ['admin'] as const;

function audit(context: DesktopContext, req: AuthedRequest, action: string, subjectId: number, details = {}) {
  return recordAudit(context.pool, {
    userId: req.session!.userId,
    action,
    subjectType: 'user',
    subjectId,
    ip: req.ip ?? null,
    details,
  });
}

/** Users and roles: create, edit, deactivate, unlock, reset password, skills — all audited. */
export function userRoutes(context: DesktopContext): RouteSpec[] {
  return [
    {
      method: 'get',
      path: '/api/admin/users',
      access: ADMIN,
      summary: 'users with roles, phone, chat capacity, lock and queue skills',
      async handler(_req, res) {
        res.json({ users: await listUsers(context.pool) });
      },
    },
    {
      method: 'post',
      path: '/api/admin/users',
      access: ADMIN,
      summary: 'create a user; the temporary password is shown once',
      async handler(req, res) {
        const body = userCreateSchema.safeParse(req.body);
        if (!body.success) return void res.status(400).json({ error: describeIssues(body.error) });
        const password = temporaryPassword();
        const id = await insertUser(
          context.pool,
          { ...body.data, sipEndpoint: body.data.sipEndpoint ?? null },
          await hashPassword(password),
        );
        if (!id) return void res.status(409).json({ error: `Логин «${body.data.login}» уже занят` });
        await audit(context, req, 'user.create', id, { roles: body.data.roles });
        res.status(201).json({ user: await findUser(context.pool, id), temporaryPassword: password });
      },
    },
    {
      method: 'patch',
      path: '/api/admin/users/:id',
      access: ADMIN,
      summary: 'change name, roles, phone, chat capacity, or deactivate',
      async handler(req, res) {
        const id = userIdSchema.safeParse(req.params.id);
        const body = userPatchSchema.safeParse(req.body);
        if (!id.success) return void res.status(404).json({ error: 'Пользователь не найден' });
        if (!body.success) return void res.status(400).json({ error: describeIssues(body.error) });
        const self = id.data === req.session!.userId;
        // An admin cannot lock themselves out of administration by mistake.
        if (self && (body.data.active === false || (body.data.roles && !body.data.roles.includes('admin')))) {
          return void res
            .status(409)
            .json({ error: 'Нельзя снять с себя роль администратора или отключить свою учётную запись' });
        }
        if (!(await updateUser(context.pool, id.data, body.data))) {
          return void res.status(404).json({ error: 'Пользователь не найден' });
        }
        // New roles or a deactivation must not wait for the old sessions to expire.
        if (body.data.roles || body.data.active === false) await context.sessions.destroyAllOf(id.data);
        await audit(context, req, 'user.update', id.data, { fields: Object.keys(body.data) });
        res.json({ user: await findUser(context.pool, id.data) });
      },
    },
    {
      method: 'post',
      path: '/api/admin/users/:id/reset-password',
      access: ADMIN,
      summary: 'set a new temporary password and end the user’s sessions',
      async handler(req, res) {
        const id = userIdSchema.safeParse(req.params.id);
        const password = temporaryPassword();
        if (!id.success || !(await setPassword(context.pool, id.data, await hashPassword(password)))) {
          return void res.status(404).json({ error: 'Пользователь не найден' });
        }
        await context.sessions.destroyAllOf(id.data);
        await audit(context, req, 'user.reset_password', id.data);
        res.json({ temporaryPassword: password });
      },
    },
    {
      method: 'post',
      path: '/api/admin/users/:id/unlock',
      access: ADMIN,
      summary: 'lift a lockout after failed logins',
      async handler(req, res) {
        const id = userIdSchema.safeParse(req.params.id);
        if (!id.success || !(await unlockUser(context.pool, id.data))) {
          return void res.status(404).json({ error: 'Пользователь не найден' });
        }
        await audit(context, req, 'user.unlock', id.data);
        res.status(204).end();
      },
    },
    {
      method: 'put',
      path: '/api/admin/users/:id/skills',
      access: ADMIN,
      summary: 'the operator’s queues and skill levels (used at their next sign-in to the queues)',
      async handler(req, res) {
        const id = userIdSchema.safeParse(req.params.id);
        if (!id.success || !(await findUser(context.pool, id.data))) {
          return void res.status(404).json({ error: 'Пользователь не найден' });
        }
        const body = skillsSchema.safeParse(req.body);
        if (!body.success) return void res.status(400).json({ error: describeIssues(body.error) });
        const known = new Set((await loadQueues(context.pool)).map((q) => q.name));
        const unknown = body.data.filter((skill) => !known.has(skill.queue)).map((skill) => skill.queue);
        if (unknown.length)
          return void res.status(400).json({ error: `Нет таких очередей: ${unknown.join(', ')}` });
        await saveSkills(context.pool, String(id.data), body.data);
        await audit(context, req, 'user.skills', id.data, { skills: body.data });
        res.json({ user: await findUser(context.pool, id.data) });
      },
    },
  ];
}
