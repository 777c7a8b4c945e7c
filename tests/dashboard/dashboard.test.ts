// The ops dashboard in a real browser: headless Debian Chromium (playwright-core) opens the page
// through the functions gateway against the test database after real activity (queries captured
// by monitoring snapshots, alerts, a tripped circuit breaker, a held lease) and checks that the
// page shows the database's own numbers, with no console errors. Screenshots: test-results/dashboard/.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../scripts/lib/chromium.mjs';
import { ROOT } from '../../scripts/lib/config.mjs';
import { ANON_KEY, SERVICE_ROLE_KEY } from '../../scripts/lib/keys.mjs';
import { freePort, startGateway } from '../../scripts/lib/procs.mjs';

const dbUrl = process.env.SUPABASE_TEST_DB_URL ?? 'postgresql://postgres:postgres@127.0.0.1:54332/postgres';
// A free loopback port unless pinned: fixed ports next to the test cluster's are taken by the
// migration toolkit's scratch clusters (test port + 1..4).
const port = Number(process.env.DASHBOARD_GATEWAY_PORT ?? await freePort());
const functionsUrl = `http://127.0.0.1:${port}/functions/v1`;
const pageUrl = `${functionsUrl}/ops-dashboard`;
const shots = path.join(ROOT, 'test-results/dashboard');

const tag = `e2e${process.pid}`;
const schema = `dash_${tag}`;
const breaker = `${tag}-payments`;
const lockKey = `${tag}:reindex:orders`;
const QUERY_CALLS = 25;

let db: pg.Client;
let gateway: { stop: () => Promise<void>; output: () => string };
let browser: Browser;
let context: BrowserContext;
let page: Page;
const consoleErrors: string[] = [];

async function one<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T> {
  return (await db.query(sql, params)).rows[0] as T;
}

async function seed() {
  await db.query(`create schema ${schema}`);
  await db.query(`create table ${schema}.customers (id bigint primary key, name text not null)`);
  // customer_id without an index (an unindexed foreign key) and two identical indexes (a duplicate).
  await db.query(`create table ${schema}.orders (id bigint primary key, customer_id bigint not null references ${schema}.customers,
    total numeric not null, note text)`);
  await db.query(`create index orders_total_a on ${schema}.orders (total)`);
  await db.query(`create index orders_total_b on ${schema}.orders (total)`);
  await db.query(`insert into ${schema}.customers select g, 'c' || g from generate_series(1, 200) g`);
  await db.query(`insert into ${schema}.orders select g, 1 + g % 200, g % 97, md5(g::text) from generate_series(1, 20000) g`);
  await db.query(`analyze ${schema}.customers, ${schema}.orders`);

  await db.query('select ops.capture_monitoring_snapshot()');
  for (let i = 0; i < QUERY_CALLS; i++) {
    await db.query(`select count(*), sum(total) from ${schema}.orders where note like $1`, [`${i % 10}%`]);
  }
  await db.query('select ops.capture_monitoring_snapshot()');

  // After the snapshots: an evaluation resolves open alerts of its checks that it no longer finds.
  await db.query(`select ops.create_performance_alert('slow_query', 'critical', $1, '{}', $2, 2500)`,
    [`${tag}: nightly report query is slow`, `queryid:${tag}`]);
  const { id } = await one<{ id: string }>(`select ops.create_performance_alert('long_running_query', 'warning', $1, '{}', $2, 400) as id`,
    [`${tag}: export ran long`, `pid:${tag}`]);
  await db.query(`select ops.resolve_performance_alert($1, 'finished', 'e2e')`, [id]);

  await db.query(`select ops.breaker_configure($1, p_sliding_window_size => 10, p_minimum_number_of_calls => 5)`, [breaker]);
  for (let i = 0; i < 6; i++) await db.query(`select ops.breaker_record($1, false, 12)`, [breaker]);
  await db.query(`select ops.lock_acquire($1, 'worker-7', interval '10 minutes')`, [lockKey]);
}

async function cleanup() {
  await db.query(`select ops.resolve_performance_alert(a.id, 'test over', 'e2e') from ops.performance_alerts a
    where a.resolved_at is null and a.message like $1`, [`${tag}:%`]);
  await db.query(`delete from public.circuit_breaker_states where service_name = $1`, [breaker]);
  await db.query(`delete from ops.distributed_locks where lock_key = $1`, [lockKey]);
  await db.query(`drop schema if exists ${schema} cascade`);
}

/** Text of column `col` in the one row of `section` that has a cell reading exactly `rowText`. */
async function cell(section: string, rowText: string, col: string): Promise<string> {
  const exact = new RegExp(`^\\s*${rowText.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
  const row = page.locator(`#${section} table.data > tbody > tr`).filter({ has: page.locator('td', { hasText: exact }) });
  expect(await row.count(), `${section}: a row with ${rowText}`).toBe(1);
  return (await row.locator(`td[data-col="${col}"]`).innerText()).trim();
}

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  await seed();
  gateway = await startGateway({ dbUrl, redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:54379', functionsUrl, needs: ['ops-dashboard'] });
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => consoleErrors.push(`requestfailed: ${r.url()} ${r.failure()?.errorText}`));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await gateway?.stop();
  if (db) {
    await cleanup();
    await db.end();
  }
}, 60_000);

describe('ops dashboard', () => {
  it('refuses anonymous callers with 401, in the browser too', async () => {
    expect((await fetch(pageUrl)).status).toBe(401);
    expect((await fetch(`${pageUrl}/api/overview`)).status).toBe(401);
    expect((await fetch(`${pageUrl}/api/overview`, { headers: { authorization: `Bearer ${ANON_KEY}` } })).status).toBe(401);
    expect((await fetch(`${pageUrl}?token=${ANON_KEY}`, { redirect: 'manual' })).status).toBe(401);
    const res = await fetch(`${pageUrl}/api/overview`, { headers: { authorization: `Bearer ${SERVICE_ROLE_KEY}` } });
    expect(res.status).toBe(200);
    const anon = await browser.newContext();
    try {
      const r = await (await anon.newPage()).goto(pageUrl);
      expect(r?.status()).toBe(401);
    } finally {
      await anon.close();
    }
  });

  it('opens with ?token=, keeps the key out of the address, and renders every section', async () => {
    const res = await page.goto(`${pageUrl}?token=${encodeURIComponent(SERVICE_ROLE_KEY)}`);
    expect(res?.status()).toBe(200);
    expect(page.url()).toBe(pageUrl);
    const cookie = (await context.cookies()).find((c) => c.name === 'ops_dashboard_session');
    expect(cookie?.httpOnly).toBe(true);
    await page.waitForSelector('body[data-loaded="true"]', { timeout: 20_000 });
    for (const s of ['overview', 'queries', 'indexes', 'bloat', 'jobs', 'partitions', 'alerts', 'coordination']) {
      expect(await page.getAttribute(`#${s}`, 'data-state'), s).toBe('ready');
    }
    await page.screenshot({ path: path.join(shots, 'dashboard.png'), fullPage: true });
  }, 60_000);

  it('shows health checks coloured by their open alerts, with a fix', async () => {
    const { open } = await one<{ open: number }>(
      `select count(*)::int as open from ops.performance_alerts where resolved_at is null and alert_type = 'slow_query'`);
    expect(await cell('overview', 'slow_query', 'status')).toBe('critical');
    expect(Number(await cell('overview', 'slow_query', 'open_alerts'))).toBe(open);
    expect(await cell('overview', 'slow_query', 'fix')).toMatch(/EXPLAIN/);
    const pill = page.locator('#overview tr', { hasText: 'slow_query' }).locator('.pill');
    expect(await pill.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(207, 34, 46)');
    await page.locator('#overview').screenshot({ path: path.join(shots, 'overview.png') });
  });

  it('lists the top statements with the calls monitoring captured, a sparkline cell and the query-time plot', async () => {
    // The seeded statement was captured between the two snapshots with all its calls...
    const seeded = await one<{ calls: string }>(
      `select sum(h.calls)::text as calls from ops.query_stats_history h join ops.query_texts t using (dbid, queryid)
       where t.query like $1`, [`%${schema}.orders where note like%`]);
    expect(Number(seeded.calls)).toBe(QUERY_CALLS);
    // ...and the page lists exactly the database's top 20 for the window, with the same numbers.
    const { rows: top } = await db.query(
      `select queryid::text, calls::text from ops.top_queries(now() - interval '24 hours', now(), 'total_time', 20)`);
    expect(top.length).toBeGreaterThan(0);
    expect(await page.locator('#queries table.data > tbody > tr').count()).toBe(top.length);
    for (const q of top) {
      const row = page.locator('#queries table.data > tbody > tr').filter({ has: page.locator(`code[data-queryid="${q.queryid}"]`) });
      expect(await row.locator('td[data-col="calls"]').innerText(), `calls of ${q.queryid}`).toBe(Number(q.calls).toLocaleString('en-US'));
    }
    const { n } = await one<{ n: number }>(
      `select count(*)::int as n from ops.query_stat_snapshots s where s.captured_at > now() - interval '24 hours'`);
    expect(await page.locator('#queries p.muted').first().innerText()).toContain(`${n} snapshot intervals`);
    expect(await page.locator('#queries [data-chart] canvas').count()).toBeGreaterThan(0);
    await page.locator('#queries').screenshot({ path: path.join(shots, 'queries.png') });
  });

  it('shows index hygiene findings from the catalog', async () => {
    const counts = await one<{ dup: number; fk: number }>(
      `select (select count(*)::int from ops.duplicate_indexes()) as dup, (select count(*)::int from ops.unindexed_foreign_keys()) as fk`);
    expect(await page.locator('#indexes [data-kpi="duplicates"] b').innerText()).toBe(String(counts.dup));
    expect(await page.locator('#indexes [data-kpi="fks"] b').innerText()).toBe(String(counts.fk));
    expect(await page.locator('#indexes tr', { hasText: `${schema}.orders_total_` }).count()).toBe(1);
    expect(await page.locator('#indexes tr', { hasText: `${schema}.orders.orders_customer_id_fkey` }).count()).toBe(1);
  });

  it('shows bloat with method and confidence, jobs and partitions as the database has them', async () => {
    const rel = await one<{ relation: string; method: string }>(
      `select format('%I.%I', schemaname, coalesce(indexname, tablename)) as relation, method from ops.latest_bloat(0)
       where bloat_bytes > 0 order by bloat_bytes desc limit 1`);
    if (rel) expect(await cell('bloat', rel.relation, 'method')).toBe(rel.method);
    await expect.poll(() => page.locator('#bloat [data-chart] canvas').count()).toBeGreaterThan(0);

    const { jobs } = await one<{ jobs: boolean }>(`select to_regclass('ops.jobs') is not null as jobs`);
    if (jobs) {
      const { n } = await one<{ n: number }>('select count(*)::int as n from ops.jobs');
      expect(await page.locator('#jobs table.data > tbody > tr').count()).toBe(n);
    } else {
      expect(await page.locator('#jobs [data-installed="false"]').innerText()).toContain('not installed');
    }
    const { n: parts } = await one<{ n: number }>(
      `select count(*)::int as n from pg_inherits where inhparent = 'ops.query_stats_history'::regclass`);
    expect(Number(await cell('partitions', 'ops.query_stats_history', 'partitions'))).toBe(parts);
  });

  it('shows open and resolved alerts with their timeline', async () => {
    const { open } = await one<{ open: number }>('select count(*)::int as open from ops.performance_alerts where resolved_at is null');
    expect(await page.locator('#alerts h3', { hasText: 'Open (' }).innerText()).toMatch(new RegExp(`^Open \\(${open}\\)`));
    expect(await cell('alerts', `${tag}: nightly report query is slow`, 'severity')).toBe('critical');
    expect(await cell('alerts', `pid:${tag}`, 'resolved_by')).toBe('e2e');
    await expect.poll(() => page.locator('#alerts [data-chart] canvas').count()).toBeGreaterThan(0);
  });

  it('shows the tripped breaker and the held lease', async () => {
    const b = await one<{ state: string; failure_count: number }>(
      'select state, failure_count from public.circuit_breaker_states where service_name = $1', [breaker]);
    expect(b.state).toBe('open');
    expect(await cell('coordination', breaker, 'state')).toBe(b.state);
    expect(Number(await cell('coordination', breaker, 'failures'))).toBe(b.failure_count);
    const { token } = await one<{ token: string }>('select fencing_token::text as token from ops.distributed_locks where lock_key = $1', [lockKey]);
    expect(await cell('coordination', lockKey, 'token')).toBe(token);
    await page.locator('#coordination').screenshot({ path: path.join(shots, 'coordination.png') });
  });

  it('refreshes in place: a new alert appears without a page reload', async () => {
    await page.evaluate(() => { (window as unknown as { marker: number }).marker = 42; });
    const before = Number(await page.getAttribute('body', 'data-refreshes'));
    await db.query(`select ops.create_performance_alert('blocked_query', 'warning', $1, '{}', $2, 45)`,
      [`${tag}: migration waits on a lock`, `pid:${tag}-blocked`]);
    await page.selectOption('#window', '6h');
    await page.waitForSelector(`body[data-refreshes="${before + 1}"]`);
    expect(await page.locator('#alerts tr', { hasText: `${tag}: migration waits on a lock` }).count()).toBe(1);
    expect(await cell('overview', 'blocked_query', 'status')).toBe('warning');
    expect(await page.evaluate(() => (window as unknown as { marker: number }).marker)).toBe(42);
  }, 30_000);

  it('links findings to the docs, served with working anchors', async () => {
    const href = await page.locator('#bloat a.doc-link').first().getAttribute('href');
    expect(href).toBe('docs/monitoring.md#bloat-two-tiers');
    const docs = await context.newPage();
    try {
      const res = await docs.goto(new URL(href!, `${pageUrl}/`).href);
      expect(res?.status()).toBe(200);
      expect(await docs.locator('#bloat-two-tiers').innerText()).toBe('Bloat: two tiers');
    } finally {
      await docs.close();
    }
  });

  it('logged no console errors and no failed requests', () => {
    expect(consoleErrors).toEqual([]);
  });
});
