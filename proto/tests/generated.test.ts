import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

// The committed TypeScript under proto/gen must be exactly what the .proto files generate now:
// regenerate (offline, buf + ts-proto from node_modules, after `buf lint`) into a temp folder
// and compare file by file. A failure means: run `npm run proto` and commit the result.
const protoDir = join(import.meta.dirname, '..');
const committed = join(protoDir, 'gen');
let scratch = '';

afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

describe('proto/gen', () => {
  it('is up to date with the .proto contracts', async () => {
    scratch = await mkdtemp(join(tmpdir(), 'hotline-proto-'));
    const fresh = join(scratch, 'gen');
    await promisify(execFile)('bash', [join(protoDir, 'generate.sh'), fresh], { timeout: 60_000 });

    const files = await listFiles(fresh);
    expect(files).toEqual(
      expect.arrayContaining([
        'hotline/billing/v1/billing.ts',
        'hotline/contact_center/v1/contact_center.ts',
        'hotline/speech/v1/speech.ts',
      ]),
    );
    expect(await listFiles(committed)).toEqual(files);
    for (const file of files) {
      const [expected, actual] = await Promise.all([
        readFile(join(fresh, file), 'utf8'),
        readFile(join(committed, file), 'utf8'),
      ]);
      expect(actual === expected, `${file} differs from a fresh generation: run npm run proto`).toBe(true);
    }
  });
});
