// History-based findings with real statistics, which only move after commits: unused indexes and
// slow queries from pg_stat_statements deltas.
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, sleep } from './fixtures.ts';

const schema = `mon_hist_${process.pid}`;
let db: pg.Client;

beforeAll(async () => {
  db = await connect();
  await db.query(`create schema ${schema}`);
});
afterAll(async () => {
  await db.query(`drop schema ${schema} cascade`);
  await db.end();
});

/** Run statements on their own connection and close it: closing flushes its statistics. */
async function onOtherSession(...sql: string[]) {
  const c = await connect();
  for (const s of sql) await c.query(s);
  await c.end();
  await sleep(300);
}

describe('unused indexes from history', () => {
  it('reports a never-scanned index only once history exists, with its real first-seen date', async () => {
    await db.query(`create table ${schema}.t (id int primary key, a int, b int)`);
    await db.query(`insert into ${schema}.t select g, g % 100, g from generate_series(1, 1000) g`);
    await db.query(`create index t_a on ${schema}.t (a)`);
    await db.query(`create index t_b on ${schema}.t (b)`);
    const unused = async () => (await db.query(
      `select indexname, first_seen_at from ops.detect_unused_indexes(0, 0) where schemaname = $1 order by 1`, [schema])).rows;

    expect(await unused()).toEqual([]); // no history
    const first = (await db.query('select clock_timestamp() as t')).rows[0].t as Date;
    await db.query('select ops.capture_index_usage_snapshot()');
    expect(await unused()).toEqual([]); // one snapshot is no history

    // t_b gets scanned between the snapshots; t_a never does.
    await onOtherSession('set enable_seqscan = off', `select * from ${schema}.t where b = 5`);
    await db.query('select ops.capture_index_usage_snapshot()');
    const rows = await unused();
    expect(rows.map((r) => r.indexname)).toEqual(['t_a']);
    const seen = rows[0].first_seen_at as Date;
    // First seen = the first snapshot, taken just after `first`.
    expect(seen.getTime()).toBeGreaterThanOrEqual(first.getTime());
    expect(seen.getTime() - first.getTime()).toBeLessThan(5_000);
    const { rows: [state] } = await db.query(
      `select last_scan_seen_at is not null as scanned from ops.index_usage_state where schemaname = $1 and indexname = 't_b'`, [schema]);
    expect(state.scanned).toBe(true);
  });
});

describe('slow queries from pg_stat_statements history', () => {
  it('shows a pg_sleep query with its exact call count in the interval', async () => {
    await db.query(`create table ${schema}.one_row (x int)`);
    await db.query(`insert into ${schema}.one_row values (1)`);
    await db.query('select ops.capture_query_stats()');
    await onOtherSession(...Array(3).fill(`select pg_sleep(0.12) from ${schema}.one_row`));
    await db.query('select ops.capture_query_stats()');
    const { rows } = await db.query(
      `select execution_count, avg_duration_ms, incomplete from ops.get_slow_queries(1, 100)
       where query_text like $1 and toplevel`, [`select pg_sleep($1) from ${schema}.one_row%`]);
    expect(rows).toHaveLength(1);
    expect(Number(rows[0].execution_count)).toBe(3);
    expect(Number(rows[0].avg_duration_ms)).toBeGreaterThanOrEqual(120);

    // Nothing new ran: the next interval adds no calls to it.
    await db.query('select ops.capture_query_stats()');
    const again = await db.query(
      `select execution_count from ops.get_slow_queries(1, 100) where query_text like $1 and toplevel`,
      [`select pg_sleep($1) from ${schema}.one_row%`]);
    expect(Number(again.rows[0].execution_count)).toBe(3);
  });
});
