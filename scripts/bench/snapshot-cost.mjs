// What one monitoring snapshot costs on a database with 2,000 tables and 6,000 indexes, next to
// a bare read of the statistics it starts from. Each capture runs in a transaction that is rolled
// back, so the bench leaves no history behind; median of RUNS runs.
import { dropBenchSchema, median, opsClient } from './lib/ops-db.mjs';
import { withRatios } from './lib/results.mjs';

export const description = 'full monitoring snapshot on 2,000 tables / 6,000 indexes vs select count(*) from pg_stat_user_indexes';

const SCHEMA = 'bench_mon_snapshot';
const TABLES = Number(process.env.BENCH_TABLES ?? 2000);
const BATCH = 200;
const RUNS = 5;

const BASE = 'baseline: select count(*) from pg_stat_user_indexes';
const CASES = {
  [BASE]: 'select count(*) from pg_stat_user_indexes',
  'capture_query_stats()': 'select ops.capture_query_stats()',
  'capture_index_usage_snapshot()': 'select ops.capture_index_usage_snapshot()',
  'capture_table_bloat_snapshot(false): tier 1 only': 'select ops.capture_table_bloat_snapshot(false)',
  'evaluate_performance_alerts(): all checks': 'select * from ops.evaluate_performance_alerts()',
  'full snapshot: capture_monitoring_snapshot()': 'select ops.capture_monitoring_snapshot()',
};

export async function run({ dbUrl, log }) {
  const client = await opsClient(dbUrl);
  try {
    await dropBenchSchema(client, SCHEMA);
    await client.query(`create schema ${SCHEMA}`);
    log(`creating ${TABLES} tables with 3 indexes each, in batches of ${BATCH}`);
    for (let start = 1; start <= TABLES; start += BATCH) {
      await client.query(`do $$ begin
        for i in ${start}..${Math.min(TABLES, start + BATCH - 1)} loop
          execute format('create table ${SCHEMA}.t%s (id bigint primary key, a int, b text, c timestamptz default now())', i);
          execute format('create index t%s_a on ${SCHEMA}.t%s (a)', i, i);
          execute format('create index t%s_b on ${SCHEMA}.t%s (b, a)', i, i);
          execute format('insert into ${SCHEMA}.t%s (id, a, b) select g, g %% 7, md5(g::text) from generate_series(1, 20) g', i);
        end loop; end $$`);
    }
    log('analyze');
    await client.query(`do $$ declare r record; begin
      for r in select tablename from pg_tables where schemaname = '${SCHEMA}' loop
        execute format('analyze ${SCHEMA}.%I', r.tablename);
      end loop; end $$`);
    const { rows: [counts] } = await client.query(
      `select count(*) filter (where c.relkind = 'r')::int as tables, count(*) filter (where c.relkind = 'i')::int as indexes
       from pg_class c where c.relnamespace = $1::regnamespace`, [SCHEMA]);

    const ms = {};
    for (const [name, sql] of Object.entries(CASES)) {
      const times = [];
      for (let i = 0; i < RUNS; i++) {
        await client.query('begin');
        const t0 = performance.now();
        await client.query(sql);
        times.push(performance.now() - t0);
        await client.query('rollback');
      }
      ms[name] = median(times);
      log(`${name}: ${ms[name].toFixed(1)} ms`);
    }
    const rows = withRatios(Object.entries(ms).map(([name, value]) => ({ name, value, unit: 'ms' })), BASE);
    const full = ms['full snapshot: capture_monitoring_snapshot()'];
    return {
      baseline: BASE,
      rows,
      notes: [
        `${counts.tables} bench tables and ${counts.indexes} indexes in schema ${SCHEMA}, plus whatever the database already holds`,
        `median of ${RUNS} runs, each in a rolled-back transaction; tier 2 bloat confirmation inside the full snapshot is bounded by bloat_confirm_budget_ms`,
        `goal: full snapshot under 1,000 ms: ${full < 1000 ? 'met' : 'NOT met'} (${full.toFixed(0)} ms)`,
      ],
    };
  } finally {
    log('dropping the bench schema');
    await dropBenchSchema(client, SCHEMA).catch(() => {});
    await client.end();
  }
}
