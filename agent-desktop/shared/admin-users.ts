/**
 * A user as the administration screen lists it (GET /api/admin/users): the server's query
 * (agent-desktop/server/admin/db/users.ts) and the browser page (web/src/pages/admin/users.tsx)
 * read this one declaration. Types only.
 */
export interface AdminUser {
  id: number;
  login: string;
  fullName: string;
  roles: string[];
  sipEndpoint: string | null;
  chatCapacity: number;
  active: boolean;
  lockedUntil: string | null;
  skills: Array<{ queue: string; level: number }>;
}
