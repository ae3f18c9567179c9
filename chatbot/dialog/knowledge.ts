import { isDatabaseUnavailable } from '../../core/db/availability.ts';
import type { Pool } from '../../core/db/pool.ts';
import { readSeedAnswers } from '../../core/nlu/knowledge/files.ts';
import { KnowledgeService } from '../../core/nlu/knowledge/service.ts';
import type { KnowledgeLookup } from '../../core/selfservice/index.ts';

const CACHE_MS = 60_000;

/**
 * Knowledge answers from PostgreSQL (edited from the desktop), cached for a minute so a busy chat
 * does not ask the database per message; the repository's seed text stands in for a topic the
 * database has no answer for yet. While PostgreSQL is down the last answer read (however old),
 * else the seed text, is given: a reference question needs no database to be answered.
 */
export function knowledgeLookup(pool: Pool, now: () => number = Date.now): KnowledgeLookup {
  const service = new KnowledgeService(pool);
  const seeds = new Map(readSeedAnswers().map((a) => [`${a.topic}:${a.variant}`, a.body]));
  const cache = new Map<string, { body: string | undefined; until: number }>();
  return async (topic, variant) => {
    const key = `${topic}:${variant}`;
    const hit = cache.get(key);
    if (hit && hit.until > now()) return hit.body;
    let body: string | undefined;
    try {
      body = (await service.getActive(topic, variant))?.body ?? seeds.get(key);
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      return hit ? hit.body : seeds.get(key);
    }
    cache.set(key, { body, until: now() + CACHE_MS });
    return body;
  };
}
