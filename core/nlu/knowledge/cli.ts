import type { Command } from 'commander';
import { loadConfig } from '../../config/load.ts';
import { createPool } from '../../db/index.ts';
import { KnowledgeService } from './service.ts';

export function registerKnowledgeCommands(nlu: Command): void {
  const knowledge = nlu.command('knowledge').description('knowledge answers (per topic, voice and text)');
  knowledge
    .command('seed')
    .description('load core/nlu/knowledge/answers/*.md into the database (new versions only where changed)')
    .action(async () => {
      const config = loadConfig();
      const pool = createPool(config.DATABASE_URL, { max: 1, applicationName: 'hotline-knowledge-seed' });
      try {
        const result = await new KnowledgeService(pool).seed();
        console.log(`knowledge answers: ${result.added} added, ${result.unchanged} unchanged`);
      } finally {
        await pool.end();
      }
    });
}
