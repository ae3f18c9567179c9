export {
  DatabaseUnavailableError,
  isDatabaseUnavailable,
  probeDatabase,
  type RetryWhileUnavailableOptions,
  retryWhileUnavailable,
} from './availability.ts';
export { loadMigrations, MIGRATIONS_DIR, type MigrateResult, type Migration, migrate } from './migrate.ts';
export { createPool, inTransaction, type Pool, type PoolClient, type Queryable } from './pool.ts';
