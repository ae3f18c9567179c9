import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', '.data/**', '**/dist/**', '**/*.asterisk.test.ts'],
    globalSetup: ['core/testing/global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    pool: 'forks',
    env: { DOTENV_CONFIG_QUIET: 'true', LOG_LEVEL: 'silent' },
    // expect.poll waits for something that will happen (a browser render, a live event); its
    // 1 s default failed tests on a loaded CI machine. Polls that must be quick say so.
    expect: { poll: { timeout: 10_000, interval: 50 } },
  },
});
