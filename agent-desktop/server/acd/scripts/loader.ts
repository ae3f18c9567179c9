import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Redis } from 'ioredis';

export const COMMANDS_DIR = join(import.meta.dirname, '..', 'commands');

export interface LuaCommand {
  /** camelCase name: `end-wrap-up-2.lua` → `acdEndWrapUp`. */
  name: string;
  numberOfKeys: number;
  /** The command's own code, without its `--- @include` lines. */
  body: string;
}

const INCLUDE = /^--- @include "([^"]+)"\s*$/;

/**
 * Stitches `--- @include "name"` lines (BullMQ style) into one script: each include is inlined
 * once, before the code that needs it, dependencies first. Paths are relative to commands/ and
 * an include's own includes are relative to commands/includes/.
 */
export function stitch(file: string, seen = new Set<string>()): string {
  const out: string[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = INCLUDE.exec(line);
    if (!match) {
      out.push(line);
      continue;
    }
    const target = match[1]!.startsWith('includes/') ? match[1]! : `includes/${match[1]}`;
    const path = join(COMMANDS_DIR, `${target}.lua`);
    if (seen.has(path)) continue;
    seen.add(path);
    out.push(stitch(path, seen));
  }
  return out.join('\n');
}

/** Reads every `commands/<name>-<keys>.lua`; the number in the file name is the key count. */
export function loadCommands(dir = COMMANDS_DIR): LuaCommand[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.lua'))
    .map((file) => {
      const match = /^([a-z-]+)-(\d+)\.lua$/.exec(file);
      if (!match) throw new Error(`ACD command file ${file} must be named <name>-<key count>.lua`);
      const name = `acd${match[1]!.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase())}`;
      const body = readFileSync(join(dir, file), 'utf8')
        .split('\n')
        .filter((line) => !INCLUDE.test(line))
        .join('\n');
      return { name, numberOfKeys: Number(match[2]), body };
    });
}

export interface AcdLibrary {
  /** `acd_<hash of the code>`: a changed command is a new library, never a half-replaced one. */
  name: string;
  code: string;
  /** Redis function name of a command (`acdAccept` → `acd_<hash>_acdAccept`). */
  functionName(command: string): string;
}

/**
 * All commands as ONE Redis Functions library (FUNCTION LOAD): the shared includes are compiled
 * and their helpers created once, when the library loads, instead of on every EVALSHA (a
 * stitched script re-ran its whole prologue per call, and each script held its own copy). Each
 * command is registered as a function `(KEYS, ARGV)` that starts with `begin(ARGV)`.
 */
export function buildLibrary(dir = COMMANDS_DIR): AcdLibrary {
  const prelude = stitch(join(dir, 'includes', 'lifecycle.lua'));
  const commands = loadCommands(dir);
  const hash = createHash('sha1')
    .update(prelude)
    .update(commands.map((c) => `${c.name}\n${c.body}`).join('\n'))
    .digest('hex')
    .slice(0, 12);
  const name = `acd_${hash}`;
  const functionName = (command: string) => `${name}_${command}`;
  const code = [
    `#!lua name=${name}`,
    prelude,
    ...commands.map(
      (c) =>
        `redis.register_function('${functionName(c.name)}', function(KEYS, ARGV)\nbegin(ARGV)\n${c.body}\nend)`,
    ),
  ].join('\n');
  return { name, code, functionName };
}

let library: AcdLibrary | undefined;

export function acdLibrary(): AcdLibrary {
  library ??= buildLibrary();
  return library;
}

/**
 * Calls a command with FCALL; when Redis does not have the library (first use, or a Redis restart
 * with empty memory) it is loaded and the call repeated.
 */
export async function callAcd(
  redis: Redis,
  name: string,
  keys: string[],
  args: (string | number)[],
): Promise<unknown> {
  const lib = acdLibrary();
  const fn = lib.functionName(name);
  try {
    return await redis.fcall(fn, keys.length, ...keys, ...args);
  } catch (error) {
    if (!String(error).includes('Function not found')) throw error;
    try {
      await redis.function('LOAD', lib.code);
    } catch (loadError) {
      // Another instance loaded it meanwhile.
      if (!String(loadError).includes('already exists')) throw loadError;
    }
    return redis.fcall(fn, keys.length, ...keys, ...args);
  }
}
