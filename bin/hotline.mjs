#!/usr/bin/env node
// The `hotline` command. Sources are TypeScript run through tsx, so `npx hotline …` works
// right after `npm ci` with no build step.
process.env.DOTENV_CONFIG_QUIET ??= 'true';
const { register } = await import('tsx/esm/api');
register();
await import('../core/cli/main.ts');
