import type { PoolClient } from '../db/pool.ts';

/**
 * Loads faster the way pg_restore does: drop the tables' foreign keys, indexes and primary/unique
 * keys, load, then re-create them from their own definitions (read from the catalog, so later
 * migrations are honoured). One sort per index and one validation join per foreign key beat
 * millions of per-row index insertions and checks. Must run inside the caller's transaction: if
 * anything fails, the rollback brings everything back. Keys that a foreign key depends on, and
 * check constraints, stay in place.
 */
export async function withDeferredConstraints<T>(
  client: PoolClient,
  tables: readonly string[],
  load: () => Promise<T>,
): Promise<T> {
  // Foreign keys first (their tables' keys are re-created before them), then free primary/unique keys.
  const { rows: constraints } = await client.query<{ tableName: string; name: string; definition: string }>(
    `select c.conrelid::regclass::text as "tableName", quote_ident(c.conname) as name,
            pg_get_constraintdef(c.oid) as definition
       from pg_constraint c
      where c.conrelid = any($1::regclass[])
        and (c.contype = 'f'
             or (c.contype in ('p', 'u')
                 and not exists (select 1 from pg_constraint f where f.contype = 'f' and f.conindid = c.conindid)))
      order by c.contype = 'f' desc, c.conrelid, c.conname`,
    [tables],
  );
  const { rows: indexes } = await client.query<{ name: string; definition: string }>(
    `select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as definition
       from pg_index i
      where i.indrelid = any($1::regclass[])
        and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)
      order by i.indexrelid`,
    [tables],
  );
  for (const c of constraints) await client.query(`alter table ${c.tableName} drop constraint ${c.name}`);
  for (const index of indexes) await client.query(`drop index ${index.name}`);
  const result = await load();
  for (const c of constraints.toReversed()) {
    await client.query(`alter table ${c.tableName} add constraint ${c.name} ${c.definition}`);
  }
  for (const index of indexes) await client.query(index.definition);
  return result;
}
