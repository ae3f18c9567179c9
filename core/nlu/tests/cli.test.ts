import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isTopicId } from '../../vocabulary/index.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

function hotline(args: string[], input?: string) {
  const result = spawnSync(process.execPath, ['bin/hotline.mjs', 'nlu', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    input,
    env: { ...process.env, LOG_LEVEL: 'silent' },
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe('hotline nlu classify / eval', () => {
  it('classify writes one JSON object per input line', () => {
    const lines = [
      'алло девушка сколько я должна за свет',
      'Хочу подать жалобу, соедините с оператором',
      'показания день 12345 ночь 6789 лс 1901000123',
      'да вы охуели там',
      '',
    ];
    const { code, out } = hotline(['classify'], `${lines.join('\n')}\n`);
    expect(code).toBe(0);
    const results = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(results).toHaveLength(lines.length);
    for (const r of results) {
      expect(Object.keys(r).sort()).toEqual(['abusive', 'entities', 'topic', 'topics']);
      expect(isTopicId(r.topic)).toBe(true);
      expect(r.topics[0].topic).toBe(r.topic);
    }
    expect(results[0]).toMatchObject({ topic: 'balance', abusive: false });
    expect(results[1].topics.slice(0, 2).map((t: { topic: string }) => t.topic)).toEqual([
      'complaint',
      'operator',
    ]);
    expect(results[2].entities).toEqual({
      accountNumbers: ['1901000123'],
      readings: [
        { zone: 'day', value: 12345 },
        { zone: 'night', value: 6789 },
      ],
    });
    expect(results[3].abusive).toBe(true);
    expect(results[4].topic).toBe('other');
  });

  it('eval prints accuracy, macro-F1, the per-topic table, confusions and abusive P/R', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nlu-eval-'));
    const file = join(dir, 'small.tsv');
    writeFileSync(
      file,
      [
        'topic\tabusive\tchannel\ttext\talso',
        'tariffs\t0\tchat\tкакой тариф на свет сейчас\t',
        'outage\t1\tvoice\tсуки свет когда дадите\t',
        'offices\t0\tchat\tрежим работы офиса в Абазе\t',
        'bill\t0\tchat\tсколько стоит киловатт\t',
      ].join('\n'),
    );
    const { code, out } = hotline(['eval', file]);
    expect(code).toBe(0);
    expect(out).toContain('accuracy: 0.7500');
    expect(out).toMatch(/macro-F1: 0\.\d{4}/);
    expect(out).toContain('abusive precision: 1.0000  recall: 1.0000');
    expect(out).toMatch(/tariffs\s+1\s+50\.0%\s+100\.0%/);
    expect(out).toContain('bill → tariffs: 1');
  });

  it('eval explains a bad file instead of failing with a stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nlu-eval-'));
    const file = join(dir, 'bad.tsv');
    writeFileSync(file, 'topic\tabusive\ttext\nweather\t0\tпогода\n');
    const bad = hotline(['eval', file]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('unknown topic "weather"');
    const missing = hotline(['eval', join(dir, 'nope.tsv')]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('no such file');
  });
});
