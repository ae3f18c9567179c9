/**
 * Builds core/nlu/data/train.tsv from the templates, deterministically (fixed seed).
 * Run: npx tsx core/nlu/data/generate.ts   (also part of `hotline nlu train --regenerate`).
 * The templates are our own phrasing; no evaluation set is read here.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isTopicId, type TopicId } from '../../vocabulary/index.ts';
import { type Random, seededRandom } from '../model/random.ts';
import { chatStyle, voiceStyle } from './styles.ts';
import { expandTemplate, parseSlots, parseTemplates } from './templates.ts';

export const DATA_DIR = dirname(fileURLToPath(import.meta.url));
export const TRAIN_FILE = join(DATA_DIR, 'train.tsv');
const SEED = 20261127;
/** Expansions per topic, spread over its templates (so topics are balanced); deduplicated afterwards. */
const EXAMPLES_PER_TOPIC = 1200;

export interface TrainingExample {
  topic: TopicId;
  channel: 'voice' | 'chat';
  text: string;
}

function digits(random: Random, length: number): string {
  let out = String(1 + random.int(9));
  while (out.length < length) out += String(random.int(10));
  return out;
}

function generatedSlot(name: string, random: Random): string | undefined {
  switch (name) {
    case 'ls':
      return random.pick(['190', '72', '19', '']) + digits(random, 7);
    case 'amount': {
      const value = random.pick([300, 800, 1500, 2600, 4800, 12000, 31000]) + random.int(900);
      const shown = random.chance(0.3) ? value.toLocaleString('ru-RU') : String(value);
      return `${shown}${random.pick([' руб', ' р', ' рублей', ' ₽', 'р', '', ' руб.'])}`;
    }
    case 'reading':
      return random.chance(0.2) ? `0${digits(random, 4)}` : digits(random, 3 + random.int(4));
    case 'date': {
      const day = 1 + random.int(28);
      const month = 1 + random.int(12);
      return random.pick([
        `${String(day).padStart(2, '0')}.${String(month).padStart(2, '0')}`,
        `${String(day).padStart(2, '0')}.${String(month).padStart(2, '0')}.2025`,
        `${day}-го`,
        `${day} числа`,
      ]);
    }
    case 'contract_no':
      return `${String(1 + random.int(20)).padStart(2, '0')}-${digits(random, 4)}`;
    case 'inn':
      return `19${digits(random, 8)}`;
    case 'num':
      return String(random.pick([2, 3, 4, 5, 10, 12, 15, 20, 30, 45]) + random.int(3));
    case 'phone':
      return `+7 9${digits(random, 2)} ${digits(random, 3)}-${digits(random, 2)}-${digits(random, 2)}`;
    case 'hours':
      return `${8 + random.int(10)}:00`;
    default:
      return undefined;
  }
}

export function generateExamples(): TrainingExample[] {
  const random = seededRandom(SEED);
  const slots = parseSlots(readFileSync(join(DATA_DIR, 'slots.txt'), 'utf8'));
  const fill = (name: string): string => {
    const generated = generatedSlot(name, random);
    if (generated !== undefined) return generated;
    const variants = slots.get(name);
    if (!variants) throw new Error(`unknown slot {${name}}`);
    return random.pick(variants);
  };
  const files = readdirSync(join(DATA_DIR, 'templates'))
    .filter((f) => f.endsWith('.txt'))
    .sort();
  const examples: TrainingExample[] = [];
  const seen = new Set<string>();
  for (const file of files) {
    const topic = basename(file, '.txt');
    if (!isTopicId(topic)) throw new Error(`template file for unknown topic: ${file}`);
    const templates = parseTemplates(readFileSync(join(DATA_DIR, 'templates', file), 'utf8'));
    for (const template of templates) {
      const variants = Math.ceil(EXAMPLES_PER_TOPIC / templates.length);
      for (let i = 0; i < variants; i++) {
        const core = expandTemplate(template, random, fill);
        const channel = random.chance(0.45) ? 'voice' : 'chat';
        const text =
          channel === 'voice'
            ? voiceStyle(core, random)
            : chatStyle(core, random, {
                company: fill('company'),
                contractNo: fill('contract_no'),
                inn: fill('inn'),
                ls: fill('ls'),
              });
        const key = `${topic}\t${text}`;
        if (!text || seen.has(key)) continue;
        seen.add(key);
        examples.push({ topic, channel, text });
      }
    }
  }
  return examples;
}

export function writeTrainingFile(examples: readonly TrainingExample[], path = TRAIN_FILE): void {
  const lines = examples.map((e) => `${e.topic}\t${e.channel}\t${e.text.replace(/[\t\n]/g, ' ')}`);
  writeFileSync(path, `topic\tchannel\ttext\n${lines.join('\n')}\n`);
}

export function readTrainingFile(path = TRAIN_FILE): TrainingExample[] {
  const rows = readFileSync(path, 'utf8').split('\n').slice(1).filter(Boolean);
  return rows.map((row, index) => {
    const [topic = '', channel = '', text = ''] = row.split('\t');
    if (!isTopicId(topic)) throw new Error(`${path}:${index + 2}: unknown topic "${topic}"`);
    return { topic, channel: channel === 'voice' ? 'voice' : 'chat', text };
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const examples = generateExamples();
  writeTrainingFile(examples);
  console.log(`wrote ${examples.length} examples to ${TRAIN_FILE}`);
}
