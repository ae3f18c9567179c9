import { pipeline } from 'node:stream/promises';
import express, { type Request, type Response, type Router } from 'express';
import type { Pool } from '../../core/db/pool.ts';
import type { Logger } from '../../core/logging/logger.ts';
import { findRecording, searchRecordings } from '../db/repository.ts';
import { CONTENT_TYPES, recordingIdSchema, searchSchema } from '../schemas/recording.ts';
import { type AccessRules, decideAccess, mayReachRecordings, type Principal } from '../services/access.ts';
import type { RecordingAudit } from '../services/audit-port.ts';
import { ObjectMissingError, type RecordingStorage } from '../storage/storage.ts';
import { parseRange } from './range.ts';

export interface RecordingsHttpDeps {
  pool: Pool;
  storage: RecordingStorage;
  rules: AccessRules;
  audit: RecordingAudit;
  logger: Logger;
  /** The desktop's session layer says who is asking; undefined → 401. */
  principalOf(request: Request): Principal | undefined;
}

const MAX_REASON = 500;

/**
 * GET /recordings?…            search (paginated)
 * GET /recordings/:id          metadata
 * GET /recordings/:id/audio    stream with Range support (play in the browser)
 * GET /recordings/:id/download the whole file as an attachment
 * Only ids reach storage: the key is taken from the database row, never from the request.
 */
export function recordingsRouter(deps: RecordingsHttpDeps): Router {
  const router = express.Router();

  router.get('/recordings', async (req, res) => {
    const principal = authenticate(deps, req, res);
    if (!principal) return;
    const decision = decideAccess(deps.rules, principal, 'search');
    if (!decision.allowed) return void res.status(403).json({ error: decision.reason });
    const parsed = searchSchema.safeParse(req.query);
    if (!parsed.success)
      return void res.status(400).json({ error: parsed.error.issues.map((i) => i.message) });
    const page = await searchRecordings(
      deps.pool,
      parsed.data,
      decision.ownCallsOnly ? principal.userId : undefined,
    );
    await deps.audit({
      userId: principal.userId,
      actor: 'user',
      action: 'recording.search',
      ip: req.ip ?? null,
      details: { filters: Object.keys(req.query), results: page.items.length },
    });
    res.json({ ...page, items: page.items.map(publicView) });
  });

  router.get('/recordings/:id', async (req, res) => {
    const found = await authorizeRecording(deps, req, res, 'search');
    if (found) res.json(publicView(found.recording));
  });

  for (const [suffix, action] of [
    ['audio', 'play'],
    ['download', 'download'],
  ] as const) {
    router.get(`/recordings/:id/${suffix}`, async (req, res) => {
      const found = await authorizeRecording(deps, req, res, action);
      if (!found) return;
      const { recording, principal } = found;
      const reason = typeof req.query.reason === 'string' ? req.query.reason.slice(0, MAX_REASON) : null;
      if (deps.rules.requireReason && !reason) {
        return void res.status(400).json({ error: 'укажите причину прослушивания (reason)' });
      }
      const size = await deps.storage.size(recording.storage_key);
      if (size === undefined) {
        deps.logger.error({ recordingId: recording.id }, 'recording audio is missing from storage');
        return void res.status(410).json({ error: 'audio of this recording is missing from storage' });
      }
      const range = action === 'play' ? parseRange(req.headers.range, size) : ({ kind: 'full' } as const);
      if (range.kind === 'unsatisfiable') {
        res.setHeader('Content-Range', `bytes */${size}`);
        return void res.status(416).end();
      }
      await deps.audit({
        userId: principal.userId,
        actor: 'user',
        action: action === 'play' ? 'recording.play' : 'recording.download',
        recordingId: recording.id,
        ip: req.ip ?? null,
        reason,
        details: range.kind === 'partial' ? { range: `${range.range.start}-${range.range.end}` } : {},
      });
      res.setHeader('Accept-Ranges', 'bytes');
      res.setHeader('Content-Type', CONTENT_TYPES[recording.format]);
      res.setHeader('Cache-Control', 'private, no-store');
      if (action === 'download') {
        res.setHeader('Content-Disposition', `attachment; filename="${recording.id}.${recording.format}"`);
      }
      try {
        if (range.kind === 'partial') {
          res.status(206);
          res.setHeader('Content-Range', `bytes ${range.range.start}-${range.range.end}/${size}`);
          res.setHeader('Content-Length', String(range.range.end - range.range.start + 1));
          await pipeline(await deps.storage.read(recording.storage_key, range.range), res);
        } else {
          res.setHeader('Content-Length', String(size));
          await pipeline(await deps.storage.read(recording.storage_key), res);
        }
      } catch (error) {
        if (error instanceof ObjectMissingError && !res.headersSent) {
          return void res.status(410).json({ error: 'audio of this recording is missing from storage' });
        }
        if (!res.headersSent) throw error;
        res.destroy();
      }
    });
  }
  return router;
}

function authenticate(deps: RecordingsHttpDeps, req: Request, res: Response): Principal | undefined {
  const principal = deps.principalOf(req);
  if (!principal) res.status(401).json({ error: 'authentication required' });
  return principal;
}

async function authorizeRecording(
  deps: RecordingsHttpDeps,
  req: Request,
  res: Response,
  action: 'search' | 'play' | 'download',
) {
  const principal = authenticate(deps, req, res);
  if (!principal) return undefined;
  if (!mayReachRecordings(deps.rules, principal)) {
    return void res.status(403).json({ error: 'this role has no access to call recordings' });
  }
  const id = recordingIdSchema.safeParse(req.params.id);
  if (!id.success) return void res.status(400).json({ error: 'invalid recording id' });
  const recording = await findRecording(deps.pool, id.data);
  if (!recording || recording.purged_at) return void res.status(404).json({ error: 'recording not found' });
  const decision = decideAccess(deps.rules, principal, action, recording);
  if (!decision.allowed) return void res.status(403).json({ error: decision.reason });
  return { recording, principal };
}

/** What the desktop sees: no storage keys. */
function publicView(row: Awaited<ReturnType<typeof findRecording>> & object) {
  const { storage_key: _key, ...rest } = row;
  return rest;
}
