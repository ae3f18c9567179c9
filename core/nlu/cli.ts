import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { CliError } from '../cli/errors.ts';
import { registerKnowledgeCommands } from './knowledge/cli.ts';
import { rebuildModel } from './model/build.ts';
import { type EvalReport, evaluate, readLabelledFile } from './services/evaluate.ts';
import { Understander } from './services/understand.ts';

function percent(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

export function formatReport(report: EvalReport, withMistakes: boolean): string {
  const lines = [
    `rows: ${report.rows}`,
    `accuracy: ${report.accuracy.toFixed(4)}`,
    `macro-F1: ${report.macroF1.toFixed(4)}`,
    `abusive precision: ${report.abusive.precision.toFixed(4)}  recall: ${report.abusive.recall.toFixed(4)}  (tp ${report.abusive.truePositives}, fp ${report.abusive.falsePositives}, fn ${report.abusive.falseNegatives})`,
    '',
    `${'topic'.padEnd(22)}${'support'.padStart(8)}${'precision'.padStart(11)}${'recall'.padStart(9)}${'F1'.padStart(8)}`,
    ...report.perTopic.map(
      (m) =>
        `${m.topic.padEnd(22)}${String(m.support).padStart(8)}${percent(m.precision).padStart(11)}${percent(m.recall).padStart(9)}${m.f1.toFixed(3).padStart(8)}`,
    ),
    '',
    'confusion pairs (expected → predicted):',
    ...(report.confusions.length
      ? report.confusions.map((c) => `  ${c.expected} → ${c.predicted}: ${c.count}`)
      : ['  none']),
  ];
  if (withMistakes) {
    lines.push('', 'mistakes:');
    for (const m of report.mistakes) {
      lines.push(
        `  [${m.row.topic}${m.row.abusive ? ', abusive' : ''}] → [${m.predicted.topic}${m.predicted.abusive ? ', abusive' : ''}] ${m.row.text}`,
      );
    }
  }
  return lines.join('\n');
}

export function registerNluCommands(program: Command): void {
  const nlu = program
    .command('nlu')
    .description('understanding: topics, abusive flag, entities, knowledge answers');

  nlu
    .command('classify')
    .description('read messages (one per line, UTF-8) from stdin; write one JSON object per line')
    .action(async () => {
      const understander = new Understander();
      const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
      for await (const line of lines) {
        process.stdout.write(`${JSON.stringify(understander.understand(line))}\n`);
      }
    });

  nlu
    .command('eval')
    .argument('<file>', 'labelled TSV in the format of ../shared/nlu/dev.tsv')
    .option('--mistakes', 'list every misclassified row')
    .option('--json', 'print the report as JSON')
    .description('accuracy, macro-F1, per-topic table, confusion pairs, abusive precision/recall')
    .action((file: string, options: { mistakes?: boolean; json?: boolean }) => {
      if (!existsSync(file)) throw new CliError(`no such file: ${file}`);
      let rows: ReturnType<typeof readLabelledFile>;
      try {
        rows = readLabelledFile(file);
      } catch (error) {
        throw new CliError((error as Error).message);
      }
      const understander = new Understander();
      const report = evaluate(rows, (text) => understander.understand(text));
      if (options.json) {
        // Without --mistakes the JSON is the summary only (undefined fields are left out).
        console.log(JSON.stringify(options.mistakes ? report : { ...report, mistakes: undefined }, null, 2));
      } else {
        console.log(formatReport(report, options.mistakes ?? false));
      }
    });

  nlu
    .command('train')
    .description(
      'regenerate core/nlu/data/train.tsv from the templates and retrain core/nlu/model/model.json',
    )
    .option('--no-regenerate', 'train from the committed train.tsv without regenerating it')
    .action((options: { regenerate: boolean }) => {
      const result = rebuildModel({ regenerate: options.regenerate });
      console.log(
        `trained on ${result.examples} examples: ${result.features} features → ${result.path} (${result.millis} ms)`,
      );
    });

  registerKnowledgeCommands(nlu);
}
