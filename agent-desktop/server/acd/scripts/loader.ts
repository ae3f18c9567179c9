import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Redis } from 'ioredis';

export const COMMANDS_DIR = join(import.meta.dirname, '..', 'commands');

export interface LuaCommand {
  /** camelCase name: `end-wrap-up-2.lua` → `acdEndWrapUp`. */
  name: string;
  numberOfKeys: number;
  lua: string;
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
      return { name, numberOfKeys: Number(match[2]), lua: stitch(join(dir, file)) };
    });
}

let cached: LuaCommand[] | undefined;

/**
 * Registers the commands on a connection (ioredis `defineCommand`: EVALSHA, falling back to EVAL
 * when the script cache is empty, e.g. after a Redis restart).
 */
export function defineAcdCommands(redis: Redis): void {
  cached ??= loadCommands();
  for (const command of cached) {
    if (typeof (redis as unknown as Record<string, unknown>)[command.name] === 'function') continue;
    redis.defineCommand(command.name, { numberOfKeys: command.numberOfKeys, lua: command.lua });
  }
}

/** How the router calls a command: keys first, then arguments (all as strings). */
export type CommandCall = (...keysAndArgs: (string | number)[]) => Promise<unknown>;

export function command(redis: Redis, name: string): CommandCall {
  const fn = (redis as unknown as Record<string, CommandCall>)[name];
  if (!fn) throw new Error(`ACD command ${name} is not defined on this connection`);
  return fn.bind(redis);
}
