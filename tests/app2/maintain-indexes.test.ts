// ops.maintain_indexes against a real app table and the real pg_cron executor: public.files gets
// a bloated index (40k files with long paths, 9 in 10 deleted, VACUUM: the leaves keep their
// pages but hold a tenth of their entries). ops.maintain_indexes measures it with pgstatindex,
// queues REINDEX INDEX CONCURRENTLY for it and ANALYZE for the table's stale statistics, and the
// executor runs both as one-shot pg_cron jobs (top-level statements). The index shrinks, stays
// valid and still answers queries; the statistics are fresh. pg_cron here is 1.4 (minute
// schedules only), so this waits for a couple of minute boundaries.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DB_URL } from '../../scripts/lib/config.mjs';
import { waitFor as poll } from '../../scripts/lib/procs.mjs';

const FILES = 40_000;
const INDEX = 'files_workspace_id_path_key';
const db = new pg.Client({ connectionString: TEST_DB_URL });
let ownerId = '';
let workspaceId = '';
const actionIds: string[] = [];

/** Poll until `check` returns a truthy value; fail after `seconds`. */
const waitFor = <T>(what: string, seconds: number, check: () => Promise<T>): Promise<T> =>
  poll(check, seconds * 1000, what, 1000);

async function one<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T> {
  return (await db.query(sql, params)).rows[0] as T;
}

type Row = { schema_name: string; table_name: string; index_name: string | null; index_type: string | null;
  index_bytes: string | null; bloat_pct: string | null; idx_scan: string | null; decision: string; action_id: string | null };
type Action = { id: string; kind: string; status: string; error: string | null; command: string;
  stats_before: Record<string, unknown> | null; stats_after: Record<string, unknown> | null };

const tableStats = () => one<{ analyze_count: number; mod: number; last_analyze: Date | null }>(
  `select analyze_count::int, n_mod_since_analyze::int as mod, last_analyze from pg_stat_user_tables where relid = 'public.files'::regclass`);

beforeAll(async () => {
  await db.connect();
  // The effects must come from the executor, not from autovacuum.
  await db.query('alter table public.files set (autovacuum_enabled = false)');
  ownerId = (await db.query('insert into auth.users (email) values ($1) returning id', [`maint-idx-${Date.now()}@test.opsbase.local`])).rows[0].id;
  workspaceId = (await db.query("insert into public.workspaces (owner_id, name) values ($1, 'index-maintenance') returning id", [ownerId])).rows[0].id;
  // Paths sort in insertion order; 300-character names make the (workspace_id, path) index ~15 MB,
  // above maintenance_settings.reindex_min_index_bytes (8 MB), while the table's other btrees stay below it.
  await db.query(
    `insert into public.files (workspace_id, path)
     select $1, format('bloat/%s/%s', lpad(g::text, 6, '0'), repeat('x', 300)) from generate_series(1, $2) g`,
    [workspaceId, FILES]);
  await db.query(`delete from public.files where workspace_id = $1 and substr(path, 7, 6)::int % 10 <> 0`, [workspaceId]);
  await db.query('vacuum public.files');
  // Statistics reach shared memory asynchronously; the function reads them from there.
  await db.query('select pg_stat_force_next_flush()');
  await waitFor('the changes to show in pg_stat_user_tables', 30, async () => (await tableStats()).mod >= FILES);
}, 120_000);

afterAll(async () => {
  await db.query(`select cron.unschedule(a.cron_job_id) from ops.maintenance_actions a
    join cron.job j on j.jobid = a.cron_job_id where a.id = any($1::bigint[])`, [actionIds]);
  await db.query(`update ops.maintenance_actions set status = 'cancelled', finished_at = now()
    where id = any($1::bigint[]) and status in ('queued', 'dispatched', 'running')`, [actionIds]);
  if (workspaceId) await db.query('delete from public.workspaces where id = $1', [workspaceId]);
  if (ownerId) await db.query('delete from auth.users where id = $1', [ownerId]);
  await db.query('alter table public.files reset (autovacuum_enabled)');
  await db.end();
});

describe('ops.maintain_indexes on public.files', () => {
  it('reports, queues REINDEX CONCURRENTLY and ANALYZE, and the executor shrinks the index', async () => {
    const before = await one<{ bytes: number }>(`select pg_relation_size('public.${INDEX}')::int as bytes`);
    const statsBefore = await tableStats();
    expect(before.bytes).toBeGreaterThan(8 * 1024 * 1024);

    const report: Row[] = (await db.query(`select * from ops.maintain_indexes(array['public.files']::regclass[])`)).rows;
    const byIndex = new Map(report.filter((r) => r.index_name).map((r) => [r.index_name!, r]));

    // Every index of the table is reported, with its size and scans.
    const indexes = (await db.query(`select indexrelid::regclass::text as name from pg_index where indrelid = 'public.files'::regclass`)).rows
      .map((r) => r.name.replace(/^public\./, ''));
    expect([...byIndex.keys()].sort()).toEqual(indexes.sort());
    for (const r of byIndex.values()) {
      expect(Number(r.index_bytes)).toBeGreaterThan(0);
      expect(r.idx_scan).not.toBeNull();
    }

    const target = byIndex.get(INDEX)!;
    expect(target.decision).toMatch(/^reindex queued: \d+\.\d% of \d+ bytes wasted, threshold 30%$/);
    expect(Number(target.bloat_pct)).toBeGreaterThan(80);
    expect(target.action_id).not.toBeNull();
    // Every decision follows the rule: a btree is rebuilt when it wastes at least the threshold
    // (30%) and is at least maintenance_settings.reindex_min_index_bytes (8 MB); the table's other
    // btrees are far smaller here (unless earlier tests left big ones behind).
    for (const r of byIndex.values()) {
      const due = r.index_type === 'btree' && Number(r.bloat_pct) >= 30 && Number(r.index_bytes) >= 8 * 1024 * 1024;
      if (r.index_type === 'gin') expect(r.decision).toBe('skipped: gin index: pgstatindex measures btree only');
      else if (due) expect(r.decision, `${r.index_name}`).toMatch(/^reindex queued: /);
      else expect(r.decision, `${r.index_name}`).toMatch(/^(below threshold|skipped: .* below the 8388608-byte minimum)/);
      expect(r.action_id === null, `${r.index_name}: ${r.decision}`).toBe(!due);
    }
    const table = report.find((r) => r.index_name === null)!;
    expect(table.decision).toMatch(/^analyze queued: (never analyzed, about \d+ rows|\d+ rows changed since the last analyze, above \d+)$/);
    expect(table.action_id).not.toBeNull();
    for (const r of report) if (r.action_id) actionIds.push(r.action_id);

    // The executor: pg_cron runs each statement at a minute boundary; the dispatcher records the
    // outcome and hands over the next one (one statement per table at a time).
    const done = await waitFor('REINDEX and ANALYZE to finish', 90 * actionIds.length + 60, async () => {
      await db.query('select ops.maintenance_dispatch()');
      const rows: Action[] = (await db.query('select * from ops.maintenance_actions where id = any($1::bigint[]) order by id', [actionIds])).rows;
      return rows.every((r) => ['succeeded', 'skipped', 'failed', 'cancelled'].includes(r.status)) ? rows : null;
    });
    const reindex = done.find((a) => a.id === target.action_id)!;
    const analyze = done.find((a) => a.kind === 'analyze')!;
    expect(reindex.command).toBe(`REINDEX INDEX CONCURRENTLY public.${INDEX}`);
    expect(analyze.command).toBe('ANALYZE (SKIP_LOCKED) public.files');
    for (const a of done) expect(a.status, JSON.stringify(a)).toBe('succeeded');

    const after = await one<{ bytes: number; valid: boolean }>(`select pg_relation_size('public.${INDEX}')::int as bytes,
      indisvalid as valid from pg_index where indexrelid = 'public.${INDEX}'::regclass`);
    expect(after.valid).toBe(true);
    expect(after.bytes).toBeLessThan(before.bytes / 5);
    expect(Number(reindex.stats_after?.index_bytes)).toBe(after.bytes);
    console.log(`${INDEX}: ${before.bytes} bytes before, ${after.bytes} after REINDEX CONCURRENTLY (${target.bloat_pct}% wasted)`);

    // The rebuilt index still answers the unique lookups it exists for.
    await db.query('begin');
    await db.query('set local enable_seqscan = off');
    const { n } = await one<{ n: number }>(`select count(*)::int as n from public.files where workspace_id = $1 and path like 'bloat/%'`, [workspaceId]);
    const plan = (await db.query(`explain (costs off) select id from public.files where workspace_id = $1 and path = $2`,
      [workspaceId, `bloat/000010/${'x'.repeat(300)}`])).rows.map((r) => r['QUERY PLAN']).join('\n');
    await db.query('commit');
    expect(n).toBe(FILES / 10);
    expect(plan).toContain(INDEX);

    await db.query('select pg_stat_force_next_flush()');
    const statsAfter = await waitFor('the ANALYZE to show', 30, async () => {
      const s = await tableStats();
      return s.analyze_count > statsBefore.analyze_count ? s : null;
    });
    expect(statsAfter.mod).toBeLessThan(statsBefore.mod);

    // Run again: nothing left to do for this index.
    const again: Row[] = (await db.query(`select * from ops.maintain_indexes(array['public.files']::regclass[], p_dry_run => true)`)).rows;
    expect(again.find((r) => r.index_name === INDEX)!.decision).toMatch(/^(below threshold|skipped: .* below the 8388608-byte minimum)/);
  }, 600_000);
});
