// Monitoring benches measure ops.* functions, so they run in a database where the migrations are
// applied (pg_cron, created by the foundation migration, only installs in the cluster's cron
// database: a scratch database cannot hold them). Fixtures go into a bench_mon_* schema that is
// dropped afterwards, in batches that stay under max_locks_per_transaction.
import pg from 'pg';

export async function opsClient(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query(`select to_regprocedure('ops.capture_monitoring_snapshot()') is not null as ok`);
  if (!rows[0].ok) {
    await client.end();
    throw new Error(`ops monitoring is not installed in ${new URL(url).pathname.slice(1)}: push the migrations first `
      + '(npm start), or point SUPABASE_DB_URL at the test cluster after `npm test`');
  }
  return client;
}

/** Drop a bench schema: its tables in batches first, so no transaction locks thousands of relations. */
export async function dropBenchSchema(client, schema) {
  if (!/^bench_mon_[a-z0-9_]+$/.test(schema)) throw new Error(`refusing to drop schema ${schema}`);
  for (;;) {
    const { rows } = await client.query(
      `select format('%I.%I', schemaname, tablename) as t from pg_tables where schemaname = $1 limit 200`, [schema]);
    if (rows.length === 0) break;
    await client.query(`drop table ${rows.map((r) => r.t).join(', ')} cascade`);
  }
  await client.query(`drop schema if exists ${schema} cascade`);
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
