import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isTopicId, type TopicId } from '../../vocabulary/index.ts';

export const ANSWERS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'answers');

export const KNOWLEDGE_VARIANTS = ['text', 'voice'] as const;
export type KnowledgeVariant = (typeof KNOWLEDGE_VARIANTS)[number];

export interface SeedAnswer {
  topic: TopicId;
  variant: KnowledgeVariant;
  body: string;
}

/**
 * Reads the seed answers: one Markdown file per topic (answers/<topic>.md) with a "## text"
 * section for the chatbot and a "## voice" section for the IVR (no symbols a synthesiser stumbles on).
 */
export function parseAnswerFile(topic: TopicId, content: string): SeedAnswer[] {
  const answers: SeedAnswer[] = [];
  const sections = content.split(/^## /m).slice(1);
  for (const section of sections) {
    const newline = section.indexOf('\n');
    const variant = section.slice(0, newline).trim();
    const body = section.slice(newline + 1).trim();
    if (variant !== 'text' && variant !== 'voice')
      throw new Error(`${topic}.md: unknown section "## ${variant}"`);
    if (!body) throw new Error(`${topic}.md: section "## ${variant}" is empty`);
    answers.push({ topic, variant, body });
  }
  if (answers.length === 0) throw new Error(`${topic}.md: no "## text" or "## voice" section`);
  return answers;
}

export function readSeedAnswers(dir = ANSWERS_DIR): SeedAnswer[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .sort()
    .flatMap((file) => {
      const topic = basename(file, '.md');
      if (!isTopicId(topic)) throw new Error(`knowledge answer file for unknown topic: ${file}`);
      return parseAnswerFile(topic, readFileSync(join(dir, file), 'utf8'));
    });
}
