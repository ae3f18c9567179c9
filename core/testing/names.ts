/**
 * Test databases are named after the vitest run that owns them (its PID), so several test runs
 * on one machine (developers running parts of the suite in parallel) never drop each other's.
 */
export const TEST_DATABASE_PREFIX = 'hotline_test_';

export function templateDatabaseFor(runId: number): string {
  return `${TEST_DATABASE_PREFIX}${runId}_template`;
}

export function runIdOf(database: string): number | undefined {
  const match = /^hotline_test_(\d+)_/.exec(database);
  return match ? Number(match[1]) : undefined;
}

export function databaseUrlFor(baseUrl: string, database: string): string {
  const url = new URL(baseUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
