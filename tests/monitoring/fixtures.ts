// Shared helpers for the monitoring tests: a client on the test cluster and the bloat fixtures.
import pg from 'pg';
import { TEST_DB_URL } from '../../scripts/lib/config.mjs';

export async function connect(): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: TEST_DB_URL });
  await c.connect();
  return c;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A table with a bigint primary key and a text index, 200,000 rows, then a bulk delete and
 * VACUUM ANALYZE: 'sparse' deletes every other row (half-empty pages everywhere), 'head' deletes
 * the first 60% (whole pages emptied, btree pages deleted).
 */
export async function bloatFixture(db: pg.Client, schema: string, name: string, shape: 'sparse' | 'head') {
  await db.query(`create table ${schema}.${name} (id bigint generated always as identity primary key, payload text not null)`);
  await db.query(`insert into ${schema}.${name} (payload) select md5(g::text) from generate_series(1, 200000) g`);
  await db.query(`create index ${name}_payload on ${schema}.${name} (payload)`);
  await db.query(shape === 'sparse'
    ? `delete from ${schema}.${name} where id % 2 = 0`
    : `delete from ${schema}.${name} where id <= 120000`);
  await db.query(`vacuum analyze ${schema}.${name}`);
}

/** Reference waste, in percent of size, measured by pgstattuple / pgstatindex. */
export async function referenceBloat(db: pg.Client, rel: string, kind: 'table' | 'index'): Promise<number> {
  if (kind === 'table') {
    const { rows } = await db.query(
      'select free_percent + dead_tuple_percent as pct from extensions.pgstattuple($1::regclass)', [rel]);
    return Number(rows[0].pct);
  }
  // Leaf space below the default btree fillfactor (90) plus empty and deleted pages, over all pages.
  const { rows } = await db.query(
    `select 100 * (leaf_pages * (1 - avg_leaf_density / 90) + empty_pages + deleted_pages)
       / (index_size / current_setting('block_size')::numeric) as pct
     from extensions.pgstatindex($1::regclass)`, [rel]);
  return Math.max(0, Number(rows[0].pct));
}
