import { defineConfig } from 'vitest/config';

/** The real-Asterisk suite (`npm run test:asterisk`): only `*.asterisk.test.ts` files. */
export default defineConfig({
  test: {
    include: ['**/*.asterisk.test.ts'],
    exclude: ['node_modules/**', '.data/**'],
    globalSetup: ['core/testing/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // One Asterisk, one `hotline` application: a second file's WebSocket would take the app over
    // (ApplicationReplaced) in the middle of the first file's calls.
    fileParallelism: false,
    env: { DOTENV_CONFIG_QUIET: 'true', LOG_LEVEL: 'silent' },
  },
});
