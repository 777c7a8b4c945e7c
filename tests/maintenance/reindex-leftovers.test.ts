// A REINDEX INDEX CONCURRENTLY that really fails, run by pg_cron through the executor, leaves an
// invalid <index>_ccnew behind; the failure queues its DROP INDEX CONCURRENTLY, which pg_cron runs
// too (20261124231300_ops_maintenance_reindex_leftovers). The rebuild is made to fail by an
// expression index whose function raises once a flag row exists. Waits for two minute boundaries.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DB_URL } from '../../scripts/lib/config.mjs';
import { waitFor as poll } from '../../scripts/lib/procs.mjs';

const S = 'maint_leftover_it';
const db = new pg.Client({ connectionString: TEST_DB_URL });
const one = async <T>(sql: string, params: unknown[] = []) => (await db.query(sql, params)).rows[0] as T;
type Action = { id: string; kind: string; status: string; error: string | null; command: string };

beforeAll(async () => {
  await db.connect();
  await db.query(`drop schema if exists ${S} cascade`);
  await db.query(`create schema ${S}`);
  await db.query(`update ops.maintenance_settings set window_start = null, window_end = null`);
  await db.query(`create table ${S}.flag (on_ boolean)`);
  // Declared immutable so it can back an index; it fails the rebuild once the flag is set.
  await db.query(`create function ${S}.k2(k bigint) returns bigint language plpgsql immutable as $$
    begin
      if exists (select from ${S}.flag) then raise exception 'rebuild refused by the test'; end if;
      return k * 2;
    end $$`);
  await db.query(`create table ${S}.t (id bigint primary key, k bigint not null)`);
  await db.query(`insert into ${S}.t select g, g from generate_series(1, 5000) g`);
  await db.query(`create index t_k2_idx on ${S}.t (${S}.k2(k))`);
  await db.query(`insert into ${S}.flag values (true)`);
});

afterAll(async () => {
  await db.query(`select cron.unschedule(a.cron_job_id) from ops.maintenance_actions a
    join cron.job j on j.jobid = a.cron_job_id where a.schema_name = $1`, [S]);
  await db.query(`delete from ops.maintenance_actions where schema_name = $1`, [S]);
  await db.query(`drop schema if exists ${S} cascade`);
  await db.end();
});

describe('leftovers of a failed REINDEX CONCURRENTLY', () => {
  it('are dropped by the executor after the failure, and the original index stays valid', async () => {
    const { id } = await one<{ id: string }>(`select ops.maintenance_enqueue('reindex', '${S}.t'::regclass, '${S}.t_k2_idx'::regclass,
      'test', null, false, 'test') as id`);
    await db.query('select ops.maintenance_dispatch()');

    const failed = await poll(async () => {
      await db.query('select ops.maintenance_dispatch()');
      const a = await one<Action>('select * from ops.maintenance_actions where id = $1', [id]);
      return ['failed', 'succeeded'].includes(a.status) ? a : null;
    }, 150_000, 'the REINDEX to run and fail', 2000);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/rebuild refused by the test/);

    const drop = await one<Action>(`select * from ops.maintenance_actions where schema_name = $1 and kind = 'drop_invalid_index'`, [S]);
    expect(drop.command).toBe(`DROP INDEX CONCURRENTLY IF EXISTS ${S}.t_k2_idx_ccnew`);

    const done = await poll(async () => {
      await db.query('select ops.maintenance_dispatch()');
      const a = await one<Action>('select * from ops.maintenance_actions where id = $1', [drop.id]);
      return ['failed', 'succeeded', 'cancelled', 'skipped'].includes(a.status) ? a : null;
    }, 150_000, 'the DROP INDEX CONCURRENTLY to run', 2000);
    expect(done.status, done.error ?? '').toBe('succeeded');

    const { rows } = await db.query(`select c.relname, i.indisvalid from pg_index i join pg_class c on c.oid = i.indexrelid
      where i.indrelid = '${S}.t'::regclass order by 1`);
    expect(rows).toEqual([{ relname: 't_k2_idx', indisvalid: true }, { relname: 't_pkey', indisvalid: true }]);
  }, 330_000);
});
