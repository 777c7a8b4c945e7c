// The maintenance executor against real connections and the real pg_cron scheduler: VACUUM and
// REINDEX CONCURRENTLY queued by SQL functions run as top-level statements in pg_cron jobs, their
// effects show in the statistics, a concurrent writer is not blocked by the rebuild, a statement
// that fails is recorded and alerted, and locked tables are skipped. pg_cron here is 1.4 (minute
// schedules only), so the cron-driven part waits for at most a few minute boundaries.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DB_URL } from '../../scripts/lib/config.mjs';
import { waitFor as poll } from '../../scripts/lib/procs.mjs';

const S = 'maint_it';
const admin = new pg.Client({ connectionString: TEST_DB_URL });

async function connect() {
  const c = new pg.Client({ connectionString: TEST_DB_URL });
  await c.connect();
  return c;
}

/** Poll until `check` returns a truthy value; fail after `seconds`. */
const waitFor = <T>(what: string, seconds: number, check: () => Promise<T>): Promise<T> =>
  poll(check, seconds * 1000, what, 500);

async function one<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T> {
  return (await admin.query(sql, params)).rows[0] as T;
}

type Action = { id: string; status: string; error: string | null; started_at: Date | null; finished_at: Date | null;
  duration: unknown; stats_before: Record<string, unknown>; stats_after: Record<string, unknown> | null };

const action = (id: string) => one<Action>('select * from ops.maintenance_actions where id = $1', [id]);
const terminal = (s: string) => ['succeeded', 'skipped', 'failed', 'cancelled'].includes(s);

beforeAll(async () => {
  await admin.connect();
  await admin.query(`drop schema if exists ${S} cascade`);
  await admin.query(`create schema ${S}`);
  await admin.query(`update ops.maintenance_settings set max_parallel_actions = 4, window_start = null, window_end = null`);
  // autovacuum off on the fixtures: the effects must come from the executor, not from autovacuum.
  await admin.query(`create table ${S}.vac (id bigint primary key, pad text) with (autovacuum_enabled = false)`);
  await admin.query(`insert into ${S}.vac select g, repeat('x', 100) from generate_series(1, 50000) g`);
  await admin.query(`delete from ${S}.vac where id % 2 = 0`);
  await admin.query(`create table ${S}.rx (id bigint generated always as identity primary key, k bigint not null, note text)
    with (autovacuum_enabled = false)`);
  await admin.query(`insert into ${S}.rx (k) select g from generate_series(1, 200000) g`);
  await admin.query(`create index rx_k_idx on ${S}.rx (k)`);
  // Leave one entry in ten on every leaf page: the index keeps its size but is ~90% empty.
  await admin.query(`delete from ${S}.rx where k % 10 <> 0`);
  await admin.query(`vacuum ${S}.rx`);
  await admin.query(`create table ${S}.gone (id bigint primary key)`);
  await admin.query(`create table ${S}.lk (id bigint primary key)`);
  await admin.query(`create table ${S}.planned (id bigint primary key, pad text) with (autovacuum_enabled = false)`);
  await admin.query(`insert into ${S}.planned select g, 'x' from generate_series(1, 5000) g`);
  await admin.query(`analyze ${S}.planned`);
  await admin.query(`delete from ${S}.planned where id <= 4000`);
  // Statistics reach shared memory asynchronously; the planner reads them from there.
  await admin.query('select pg_stat_force_next_flush()');
  await waitFor('dead tuples to show in pg_stat_user_tables', 30, async () =>
    (await one<{ dead: number }>(`select n_dead_tup::int as dead from pg_stat_user_tables where relid = '${S}.planned'::regclass`)).dead >= 4000);
});

afterAll(async () => {
  await admin.query(`select cron.unschedule(a.cron_job_id) from ops.maintenance_actions a
    join cron.job j on j.jobid = a.cron_job_id where a.schema_name = $1`, [S]);
  await admin.query(`select ops.unschedule_job('ops:test-failing')`);
  await admin.query(`delete from ops.maintenance_actions where schema_name = $1`, [S]);
  await admin.query(`drop schema if exists ${S} cascade`);
  await admin.query(`update ops.maintenance_settings set max_parallel_actions = 2`);
  await admin.end();
});

describe('maintenance executor on pg_cron', () => {
  it('plans a vacuum for a table past its autovacuum threshold', async () => {
    const { plan } = await one<{ plan: string }>(`select ops.maintenance_plan('test', false, null, false) as plan`);
    const planned = await one<{ kind: string; reason: string; id: string }>(
      `select id, kind, reason from ops.maintenance_actions where plan_id = $1 and schema_name = $2 and table_name = 'planned'`, [plan, S]);
    expect(planned.kind).toBe('vacuum_analyze');
    expect(planned.reason).toMatch(/^4000 dead tuples, above the autovacuum threshold \d+$/);
    // Only the planner is under test here; keep the dispatcher off other tests' tables.
    await admin.query(`update ops.maintenance_actions set status = 'cancelled', finished_at = now()
      where plan_id = $1 and status = 'queued'`, [plan]);
  });

  it('skips a table another session has locked, and dispatches it once the lock is gone', async () => {
    const locker = await connect();
    try {
      await locker.query('begin');
      await locker.query(`lock table ${S}.lk in share mode`);
      const { id } = await one<{ id: string }>(`select ops.vacuum_analyze_table('${S}.lk') as id`);
      const a = await action(id);
      expect(a.status).toBe('queued');
      expect(a.error).toMatch(/locked by another session/);
      expect((await one<{ n: number }>(`select count(*)::int as n from cron.job where jobname = $1`, [`ops:maint-action:${id}`])).n).toBe(0);
      await locker.query('commit');
      await admin.query('select ops.maintenance_dispatch()');
      expect((await action(id)).status).toBe('dispatched');
      await admin.query(`select cron.unschedule(cron_job_id) from ops.maintenance_actions where id = $1`, [id]);
      await admin.query(`update ops.maintenance_actions set status = 'cancelled', finished_at = now() where id = $1`, [id]);
    } finally {
      await locker.end();
    }
  });

  it('runs VACUUM and REINDEX CONCURRENTLY top-level, without blocking a concurrent writer', async () => {
    const before = await one<{ last_vacuum: Date | null; dead: number }>(
      `select last_vacuum, n_dead_tup::int as dead from pg_stat_user_tables where relid = '${S}.vac'::regclass`);
    expect(before.dead).toBeGreaterThan(20000);
    const { bytes: indexBefore } = await one<{ bytes: number }>(`select pg_relation_size('${S}.rx_k_idx')::int as bytes`);

    // A writer whose transaction stays open: REINDEX CONCURRENTLY must wait for it before it
    // builds, which keeps the rebuild in progress long enough to write against it.
    const blocker = await connect();
    const writer = await connect();
    try {
      await blocker.query('begin');
      await blocker.query(`insert into ${S}.rx (k) values (-1)`);

      const { id: vacId } = await one<{ id: string }>(`select ops.vacuum_analyze_table('${S}.vac') as id`);
      // The primary key is as sparse; name the one index so the test waits for one rebuild only.
      const decisions = (await admin.query(`select * from ops.reindex_if_bloated('${S}.rx_k_idx', 30)`)).rows;
      const rxDecision = decisions.find((d) => d.index_name === 'rx_k_idx');
      expect(rxDecision.decision).toBe('queued');
      expect(Number(rxDecision.bloat_pct)).toBeGreaterThan(60);
      const reindexId: string = rxDecision.action_id;
      const { id: goneId } = await one<{ id: string }>(`select ops.vacuum_analyze_table('${S}.gone') as id`);
      // A statement that will fail: its table is dropped after the job was scheduled.
      await admin.query(`drop table ${S}.gone`);
      await admin.query(`select ops.schedule_job('ops:test-failing', '* * * * *', 'select 1/0', 'fails on purpose')`);
      for (const id of [vacId, reindexId, goneId]) {
        const a = await action(id);
        expect(a.status, JSON.stringify(a)).toBe('dispatched');
      }

      // pg_cron starts the rebuild at the next minute boundary; it then waits for the blocker.
      await waitFor('REINDEX CONCURRENTLY to start', 150, async () =>
        (await admin.query(`select 1 from pg_stat_progress_create_index
          where relid = '${S}.rx'::regclass and command = 'REINDEX CONCURRENTLY'`)).rowCount);

      // Writes go through while the rebuild is in progress.
      await writer.query(`set lock_timeout = '5s'`);
      await writer.query(`insert into ${S}.rx (k) select -g from generate_series(2, 101) g`);
      await writer.query(`update ${S}.rx set note = 'touched' where k between -50 and -2`);
      const during = await admin.query(`select phase from pg_stat_progress_create_index
        where relid = '${S}.rx'::regclass and command = 'REINDEX CONCURRENTLY'`);
      expect(during.rowCount).toBe(1); // still rebuilding after the writes committed

      await blocker.query('commit');

      // The dispatcher records outcomes; call it instead of waiting for its own minute.
      const done = await waitFor('all three statements to finish', 150, async () => {
        await admin.query('select ops.maintenance_dispatch()');
        const rows: Action[] = [];
        for (const id of [vacId, reindexId, goneId]) rows.push(await action(id));
        return rows.every((r) => terminal(r.status)) ? rows : null;
      });
      const [vac, reindex, gone] = done;

      expect(vac.status).toBe('succeeded');
      expect(vac.error).toBeNull();
      expect(vac.started_at).not.toBeNull();
      expect(vac.finished_at).not.toBeNull();
      expect(vac.duration).not.toBeNull();
      const after = await one<{ last_vacuum: Date | null; dead: number }>(
        `select last_vacuum, n_dead_tup::int as dead from pg_stat_user_tables where relid = '${S}.vac'::regclass`);
      expect(after.last_vacuum).not.toBeNull();
      expect(after.last_vacuum!.getTime()).toBeGreaterThan(before.last_vacuum?.getTime() ?? 0);
      expect(after.dead).toBe(0);
      expect(Number(vac.stats_after?.vacuum_count)).toBe(Number(vac.stats_before.vacuum_count) + 1);

      expect(reindex.status).toBe('succeeded');
      const idx = await one<{ bytes: number; valid: boolean }>(`select pg_relation_size('${S}.rx_k_idx')::int as bytes,
        indisvalid as valid from pg_index where indexrelid = '${S}.rx_k_idx'::regclass`);
      expect(idx.valid).toBe(true);
      expect(idx.bytes).toBeLessThan(indexBefore / 2);
      // The rebuilt index holds the rows written during the rebuild.
      await admin.query('set enable_seqscan = off');
      const { n } = await one<{ n: number }>(`select count(*)::int as n from ${S}.rx where k between -101 and -1`);
      await admin.query('reset enable_seqscan');
      expect(n).toBe(101);

      expect(gone.status).toBe('failed');
      expect(gone.error).toMatch(/does not exist/);
      const alert = await one<{ n: number }>(`select count(*)::int as n from ops.outbox where topic = 'alert'
        and dedup_key = $1 and payload ->> 'alert_type' = 'maintenance_action_failed'`, [`maintenance-action-failed:${goneId}`]);
      expect(alert.n).toBe(1);

      // The one-shot jobs are gone; the failing scheduled job raised one alert per failed run.
      const left = await one<{ n: number }>(`select count(*)::int as n from cron.job where jobname = any($1)`,
        [[vacId, reindexId, goneId].map((id) => `ops:maint-action:${id}`)]);
      expect(left.n).toBe(0);
      await waitFor('the failing job to run', 90, async () =>
        (await one<{ health: string }>(`select health from ops.jobs where job_name = 'ops:test-failing'`)).health === 'failed');
      await admin.query('select ops.check_jobs()');
      await admin.query('select ops.check_jobs()');
      const jobAlerts = await one<{ n: number; runs: number }>(`select count(*)::int as n, count(distinct payload ->> 'last_run_id')::int as runs
        from ops.outbox where topic = 'alert' and ordering_key = 'ops:test-failing' and payload ->> 'alert_type' = 'cron_job_failed'
          and payload ->> 'status' = 'firing'`);
      // It keeps failing, so its alert never resolved (not even while the next run was going).
      expect((await one<{ n: number }>(`select count(*)::int as n from ops.outbox where topic = 'alert'
        and ordering_key = 'ops:test-failing' and payload ->> 'status' = 'resolved'`)).n).toBe(0);
      expect(jobAlerts.n).toBeGreaterThanOrEqual(1);
      expect(jobAlerts.n).toBe(jobAlerts.runs);
    } finally {
      await blocker.end().catch(() => {});
      await writer.end();
    }
  }, 360_000);
});
