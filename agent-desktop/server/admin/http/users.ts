import { recordAudit } from '../../../../core/audit/index.ts';
import { hashPassword } from '../../../../core/auth/password.ts';
import { loadQueues, saveSkills } from '../../acd/index.ts';
import type { DesktopContext } from '../../context.ts';
import { HttpRefusal, pathParam, requestInput } from '../../http/refusal.ts';
import type { AuthedRequest, RouteSpec } from '../../http/routes.ts';
import { findUser, insertUser, listUsers, setPassword, unlockUser, updateUser } from '../db/users.ts';
import { describeIssues, skillsSchema, userCreateSchema, userIdSchema, userPatchSchema } from '../schemas.ts';
import { temporaryPassword } from '../services/temporary-password.ts';

const ADMIN = ['admin'] as const;
const USER_NOT_FOUND = 'Пользователь не найден';

/** The user id in the path; anything but a positive integer names no user (404). */
const userIdOf = (req: AuthedRequest) => pathParam(userIdSchema, req.params.id, USER_NOT_FOUND);

/** For "change it, if there is such a user": false from the change means there was none (404). */
function found(changed: boolean): void {
  if (!changed) throw new HttpRefusal(404, USER_NOT_FOUND);
}

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
        const body = requestInput(userCreateSchema, req.body, describeIssues);
        const password = temporaryPassword();
        const id = await insertUser(
          context.pool,
          { ...body, sipEndpoint: body.sipEndpoint ?? null },
          await hashPassword(password),
        );
        if (!id) return void res.status(409).json({ error: `Логин «${body.login}» уже занят` });
        await audit(context, req, 'user.create', id, { roles: body.roles });
        res.status(201).json({ user: await findUser(context.pool, id), temporaryPassword: password });
      },
    },
    {
      method: 'patch',
      path: '/api/admin/users/:id',
      access: ADMIN,
      summary: 'change name, roles, phone, chat capacity, or deactivate',
      async handler(req, res) {
        const id = userIdOf(req);
        const body = requestInput(userPatchSchema, req.body, describeIssues);
        const self = id === req.session!.userId;
        // An admin cannot lock themselves out of administration by mistake.
        if (self && (body.active === false || (body.roles && !body.roles.includes('admin')))) {
          return void res
            .status(409)
            .json({ error: 'Нельзя снять с себя роль администратора или отключить свою учётную запись' });
        }
        found(await updateUser(context.pool, id, body));
        // New roles or a deactivation must not wait for the old sessions to expire.
        if (body.roles || body.active === false) await context.sessions.destroyAllOf(id);
        await audit(context, req, 'user.update', id, { fields: Object.keys(body) });
        res.json({ user: await findUser(context.pool, id) });
      },
    },
    {
      method: 'post',
      path: '/api/admin/users/:id/reset-password',
      access: ADMIN,
      summary: 'set a new temporary password and end the user’s sessions',
      async handler(req, res) {
        const id = userIdOf(req);
        const password = temporaryPassword();
        found(await setPassword(context.pool, id, await hashPassword(password)));
        await context.sessions.destroyAllOf(id);
        await audit(context, req, 'user.reset_password', id);
        res.json({ temporaryPassword: password });
      },
    },
    {
      method: 'post',
      path: '/api/admin/users/:id/unlock',
      access: ADMIN,
      summary: 'lift a lockout after failed logins',
      async handler(req, res) {
        const id = userIdOf(req);
        found(await unlockUser(context.pool, id));
        await audit(context, req, 'user.unlock', id);
        res.status(204).end();
      },
    },
    {
      method: 'put',
      path: '/api/admin/users/:id/skills',
      access: ADMIN,
      summary: 'the operator’s queues and skill levels (used at their next sign-in to the queues)',
      async handler(req, res) {
        const id = userIdOf(req);
        found(Boolean(await findUser(context.pool, id)));
        const skills = requestInput(skillsSchema, req.body, describeIssues);
        const known = new Set((await loadQueues(context.pool)).map((q) => q.name));
        const unknown = skills.filter((skill) => !known.has(skill.queue)).map((skill) => skill.queue);
        if (unknown.length)
          return void res.status(400).json({ error: `Нет таких очередей: ${unknown.join(', ')}` });
        await saveSkills(context.pool, String(id), skills);
        await audit(context, req, 'user.skills', id, { skills });
        res.json({ user: await findUser(context.pool, id) });
      },
    },
  ];
}
