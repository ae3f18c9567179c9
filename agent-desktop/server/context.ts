import type { Redis } from 'ioredis';
import type { Pool } from '../../core/db/pool.ts';
import type { Clock } from '../../core/lifecycle/clock.ts';
import type { Logger } from '../../core/logging/logger.ts';
import type { ServiceContext } from '../../core/platform/service.ts';
import type { Acd } from './acd/index.ts';
import type { SessionStore } from './auth/sessions.ts';
import type { DesktopConfig } from './config.ts';
import type { MountedRouter } from './http/app.ts';
import type { RouteSpec } from './http/routes.ts';
import type { LiveHub } from './live/hub.ts';

/** What every area of the desktop server is built from. */
export interface DesktopContext {
  service: ServiceContext;
  config: DesktopConfig;
  pool: Pool;
  redis: Redis;
  /** REDIS_PREFIX: every key of this installation starts with it. */
  prefix: string;
  clock: Clock;
  logger: Logger;
  /** The ЕКЦ's time zone (HOTLINE_TZ), for deadlines and "today" in reports. */
  timeZone: string;
  acd: Acd;
  sessions: SessionStore;
  live: LiveHub;
}

/**
 * One area of the ЕОО (operator workspace, chats, supervision, campaigns, admin…): its HTTP routes
 * (each declaring the roles allowed — the route × role test enumerates them), routers it mounts,
 * and what it adds to the live WebSocket (snapshot parts, event sources).
 */
export interface DesktopArea {
  name: string;
  routes?(context: DesktopContext): RouteSpec[];
  mounted?(context: DesktopContext): MountedRouter[];
  live?(context: DesktopContext): void;
}
