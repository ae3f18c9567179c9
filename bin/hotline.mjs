#!/usr/bin/env node
// The `hotline` command. Sources are TypeScript run through tsx, so `npx hotline …` works
// right after `npm ci` with no build step.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

process.env.DOTENV_CONFIG_QUIET ??= 'true';
// `npm start` / `npm test` note the addresses of the local PostgreSQL and Redis they provisioned,
// so `npx hotline simulate call …` in a second terminal finds them. Set variables always win.
const localEnv = fileURLToPath(new URL('../.data/local.env', import.meta.url));
if (!process.env.DATABASE_URL && !process.env.REDIS_URL && existsSync(localEnv))
  process.loadEnvFile(localEnv);
const { register } = await import('tsx/esm/api');
register();
await import('../core/cli/main.ts');
