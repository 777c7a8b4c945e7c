// What the ops dashboard costs on a database with 2,000 tables and 6,000 indexes: each section's
// ops.dashboard() call, and the whole page rendered in headless Chromium through the functions
// gateway (navigation until every section has rendered), next to one plain ops.report('summary').
// The bench's tables get one committed index-usage and tier-1 bloat snapshot, so the sections read
// history of that size; those rows are deleted with the schema afterwards. Median of RUNS runs.
import { launchChromium } from '../lib/chromium.mjs';
import { freePort, startGateway } from '../lib/procs.mjs';
import { SERVICE_ROLE_KEY } from '../lib/keys.mjs';
import { REDIS_URL } from '../lib/config.mjs';
import { dropBenchSchema, median, opsClient } from './lib/ops-db.mjs';
import { withRatios } from './lib/results.mjs';

export const description = 'ops dashboard (SQL per section and the page in Chromium) on 2,000 tables vs select ops.report(\'summary\')';

const SCHEMA = 'bench_mon_dashboard';
const TABLES = Number(process.env.BENCH_TABLES ?? 2000);
const BATCH = 200;
const RUNS = 5;
const SECTIONS = ['overview', 'queries', 'indexes', 'bloat', 'jobs', 'partitions', 'alerts', 'coordination'];
const BASE = "baseline: select ops.report('summary')";
const PAGE = 'page in Chromium: load until all 8 sections rendered';

async function buildTables(client, log) {
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
  await client.query(`do $$ declare r record; begin
    for r in select tablename from pg_tables where schemaname = '${SCHEMA}' loop
      execute format('analyze ${SCHEMA}.%I', r.tablename);
    end loop; end $$`);
  log('one committed index-usage and tier-1 bloat snapshot');
  await client.query('select ops.capture_query_stats(), ops.capture_index_usage_snapshot(), ops.capture_table_bloat_snapshot(false)');
}

async function forgetBenchHistory(client) {
  for (const t of ['ops.index_usage_snapshots', 'ops.index_usage_state', 'ops.table_bloat_snapshots']) {
    await client.query(`delete from ${t} where schemaname = $1`, [SCHEMA]);
  }
}

async function timeSql(client, sql) {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await client.query(sql);
    times.push(performance.now() - t0);
  }
  return median(times);
}

/** Navigation start → body[data-loaded]: HTML, scripts, 8 API calls and their rendering. */
async function timePage(dbUrl, log) {
  const functionsUrl = `http://127.0.0.1:${await freePort()}/functions/v1`;
  const gateway = await startGateway({ dbUrl, redisUrl: REDIS_URL, functionsUrl, needs: ['ops-dashboard'] });
  let browser;
  try {
    browser = await launchChromium();
    const page = await (await browser.newContext({ viewport: { width: 1400, height: 1000 } })).newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // The token exchange is a one-off per session; time the page itself.
    await page.goto(`${functionsUrl}/ops-dashboard?token=${encodeURIComponent(SERVICE_ROLE_KEY)}`);
    await page.waitForSelector('body[data-loaded="true"]', { timeout: 30_000 });
    const times = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      await page.reload();
      await page.waitForSelector('body[data-loaded="true"]', { timeout: 30_000 });
      times.push(performance.now() - t0);
      log(`page load ${i + 1}: ${times.at(-1).toFixed(0)} ms`);
    }
    const failed = await page.$$eval('section[data-state="error"]', (els) => els.map((e) => e.id));
    if (failed.length || errors.length) throw new Error(`page rendered with errors: sections ${failed.join(', ')} ${errors.join('; ')}`);
    return median(times);
  } finally {
    await browser?.close();
    await gateway.stop();
  }
}

export async function run({ dbUrl, log }) {
  const client = await opsClient(dbUrl);
  try {
    await buildTables(client, log);
    const ms = { [BASE]: await timeSql(client, "select ops.report('summary')") };
    for (const s of SECTIONS) {
      ms[`ops.dashboard('${s}')`] = await timeSql(client, `select ops.dashboard('${s}', interval '24 hours')`);
      log(`${s}: ${ms[`ops.dashboard('${s}')`].toFixed(1)} ms`);
    }
    ms['all 8 sections, one after another'] = SECTIONS.reduce((sum, s) => sum + ms[`ops.dashboard('${s}')`], 0);
    ms[PAGE] = await timePage(dbUrl, log);
    const { rows: [counts] } = await client.query(
      `select count(*) filter (where c.relkind = 'r')::int as tables, count(*) filter (where c.relkind = 'i')::int as indexes
       from pg_class c where c.relnamespace = $1::regnamespace`, [SCHEMA]);
    const rows = withRatios(Object.entries(ms).map(([name, value]) => ({ name, value, unit: 'ms' })), BASE);
    return {
      baseline: BASE,
      rows,
      notes: [
        `${counts.tables} bench tables and ${counts.indexes} indexes in schema ${SCHEMA}, plus whatever the database already holds`,
        `median of ${RUNS} runs; the page loads with a warm session cookie and fetches its 8 sections in parallel (pool of 3 connections)`,
        `goal: page rendered under 1,000 ms: ${ms[PAGE] < 1000 ? 'met' : 'NOT met'} (${ms[PAGE].toFixed(0)} ms)`,
      ],
    };
  } finally {
    log('dropping the bench schema and its history rows');
    await forgetBenchHistory(client).catch(() => {});
    await dropBenchSchema(client, SCHEMA).catch(() => {});
    await client.end();
  }
}
