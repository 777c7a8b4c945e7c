// Live health with real sessions (a lock held by an idle transaction, a waiter), the alert
// lifecycle on it, and the pg_cron jobs' commands run as pg_cron would run them.
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, sleep } from './fixtures.ts';

const schema = `mon_live_${process.pid}`;
let db: pg.Client;

beforeAll(async () => {
  db = await connect();
  await db.query(`create schema ${schema}`);
  await db.query(`create table ${schema}.t (id int)`);
});
afterAll(async () => {
  await db.query(`update ops.monitoring_checks set warn_threshold = 300 where check_name in ('idle_in_transaction')`);
  await db.query(`update ops.monitoring_checks set warn_threshold = 30 where check_name = 'blocked_query'`);
  await db.query(`drop schema ${schema} cascade`);
  await db.end();
});

describe('live health', () => {
  it('sees the blocking chain and idle transaction, alerts on them, resolves when they end', async () => {
    const holder = await connect();
    const waiter = await connect();
    const holderPid = (await holder.query('select pg_backend_pid() as p')).rows[0].p;
    const waiterPid = (await waiter.query('select pg_backend_pid() as p')).rows[0].p;
    await holder.query('begin');
    await holder.query(`lock table ${schema}.t in access exclusive mode`);
    const waiting = waiter.query(`select count(*) from ${schema}.t`);
    await sleep(1_200);

    const chains = await db.query('select blocked_pid, root_pid, root_state from ops.blocking_chains() where blocked_pid = $1', [waiterPid]);
    expect(chains.rows).toEqual([{ blocked_pid: waiterPid, root_pid: holderPid, root_state: 'idle in transaction' }]);
    const idle = await db.query(`select pid from ops.long_running_sessions(1) where state = 'idle in transaction'`);
    expect(idle.rows.map((r) => r.pid)).toContain(holderPid);

    await db.query(`update ops.monitoring_checks set warn_threshold = 1 where check_name in ('idle_in_transaction', 'blocked_query')`);
    await db.query(`select * from ops.evaluate_performance_alerts(array['idle_in_transaction', 'blocked_query'])`);
    const open = await db.query(`select fingerprint from ops.performance_alerts where resolved_at is null
      and fingerprint in ($1, $2) order by 1`, [`blocked_query:pid:${waiterPid}`, `idle_in_transaction:pid:${holderPid}`]);
    expect(open.rows.map((r) => r.fingerprint)).toEqual([`blocked_query:pid:${waiterPid}`, `idle_in_transaction:pid:${holderPid}`]);

    await holder.query('rollback');
    await waiting;
    await Promise.all([holder.end(), waiter.end()]);
    await db.query(`select * from ops.evaluate_performance_alerts(array['idle_in_transaction', 'blocked_query'])`);
    const left = await db.query(`select count(*)::int as n from ops.performance_alerts where resolved_at is null
      and fingerprint in ($1, $2)`, [`blocked_query:pid:${waiterPid}`, `idle_in_transaction:pid:${holderPid}`]);
    expect(left.rows[0].n).toBe(0);
  });

  it('counts connections by state against the usable limit', async () => {
    const { rows: [c] } = await db.query('select * from ops.connection_saturation()');
    expect(c.usable).toBe(c.max_connections - c.reserved);
    expect(c.used).toBeGreaterThanOrEqual(1);
    expect(c.by_state.active).toBeGreaterThanOrEqual(1);
  });
});

describe('pg_cron jobs', () => {
  it('the snapshot job command captures every part and evaluates alerts', async () => {
    const { rows: [job] } = await db.query(`select command from cron.job where jobname = 'opsbase-monitoring-snapshot'`);
    const before = (await db.query('select count(*)::int as n from ops.alert_evaluations')).rows[0].n;
    const { rows: [r] } = await db.query(job.command.replace(/^select /, 'select ') + ' as result');
    expect(r.result.query_snapshot_id).toBeGreaterThan(0);
    expect(r.result.index_rows).toBeGreaterThan(0);
    expect(r.result.bloat_rows).toBeGreaterThan(0);
    expect(r.result.alerts.errors).toEqual({});
    expect((await db.query('select count(*)::int as n from ops.alert_evaluations')).rows[0].n).toBe(before + 1);
  });

  it('the retention job command drops expired partitions and premakes the next days', async () => {
    const old = (await db.query(`select to_char((now() - interval '100 days') at time zone 'UTC', 'YYYYMMDD') as d`)).rows[0].d;
    await db.query(`select ops.ensure_time_partitions('ops.index_usage_snapshots', 'day', now() - interval '100 days', 1)`);
    const { rows: [job] } = await db.query(`select command from cron.job where jobname = 'opsbase-monitoring-retention'`);
    const { rows: [r] } = await db.query(`${job.command} as result`);
    expect(r.result.partitions_dropped).toContain(`ops.index_usage_snapshots_p${old}`);
    expect((await db.query(`select to_regclass($1) as r`, [`ops.index_usage_snapshots_p${old}`])).rows[0].r).toBeNull();
  });
});
