// The legacy chat migration at 200k rows with real commits: committed batches survive a run that
// is killed mid-flight, the resumed run continues from the checkpoint without duplicates, the
// integrity check passes, and a full re-run from scratch inserts nothing.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DB_URL } from '../../scripts/lib/config.mjs';

const ROWS = 200_000;
const BATCH = 5_000;

type Progress = {
  batch_number: number;
  records_migrated: number;
  total_migrated: string;
  last_legacy_id: string;
  progress_pct: string;
  done: boolean;
};

const db = new pg.Client({ connectionString: TEST_DB_URL });
const userIds: string[] = [];

async function migratedCount(): Promise<{ rows: number; distinct: number }> {
  const r = await db.query(
    'select count(*)::int as rows, count(distinct legacy_id)::int as "distinct" from public.chat_messages_v2 where legacy_id is not null',
  );
  return r.rows[0];
}

async function checkpoint(): Promise<{ last_legacy_id: string; rows_inserted: string; completed: boolean }> {
  const r = await db.query(
    'select last_legacy_id, rows_inserted, completed_at is not null as completed from ops.chat_message_migration',
  );
  return r.rows[0];
}

/** Calls migrate_with_progress (one transaction per call) until it reports done. */
async function migrateToEnd(maxBatchesPerCall: number): Promise<Progress[]> {
  const all: Progress[] = [];
  for (;;) {
    const r = await db.query<Progress>('select * from ops.migrate_with_progress($1, $2)', [BATCH, maxBatchesPerCall]);
    all.push(...r.rows);
    if (r.rows.length === 0 || r.rows[r.rows.length - 1].done) return all;
  }
}

beforeAll(async () => {
  await db.connect();
  // The test database is rebuilt for every run; this file owns the legacy table and checkpoint.
  await db.query('delete from public.chat_messages_v2 where legacy_id is not null');
  await db.query('delete from public.chat_messages');
  await db.query('select ops.reset_chat_migration()');
  for (const name of ['migration-a', 'migration-b']) {
    const r = await db.query("insert into auth.users (email) values ($1) returning id", [`${name}-${Date.now()}@test.opsbase.local`]);
    userIds.push(r.rows[0].id);
  }
  await db.query(
    `insert into public.chat_messages (user_id, conversation_id, role, content, token_count, created_at)
     select ($1::uuid[])[1 + g % 2], md5('conversation' || (g % 500))::uuid,
            case when g % 2 = 0 then 'user' else 'assistant' end, 'legacy message ' || g, g % 300,
            timestamptz '2024-01-01' + g * interval '7 seconds'
     from generate_series(1, $2::int) g`,
    [userIds, ROWS],
  );
}, 120_000);

afterAll(async () => {
  await db.query('delete from public.chat_messages_v2 where legacy_id is not null');
  await db.query('delete from auth.users where id = any($1::uuid[])', [userIds]);
  await db.query('select ops.reset_chat_migration()');
  await db.end();
});

describe('ops.migrate_with_progress on 200k legacy rows', () => {
  it('keeps committed batches when a run is killed, then resumes without duplicates', async () => {
    // Three committed calls of two batches each.
    for (let i = 0; i < 3; i++) {
      await db.query('select * from ops.migrate_with_progress($1, 2)', [BATCH]);
    }
    expect(await migratedCount()).toEqual({ rows: 30_000, distinct: 30_000 });
    const before = await checkpoint();
    expect(Number(before.rows_inserted)).toBe(30_000);

    // A run that would migrate everything left in one transaction, killed mid-flight.
    const victim = new pg.Client({ connectionString: TEST_DB_URL });
    victim.on('error', () => {}); // the termination also surfaces as a client error event
    await victim.connect();
    const pid = (await victim.query('select pg_backend_pid() as pid')).rows[0].pid;
    const run = victim.query('select * from ops.migrate_with_progress($1)', [BATCH]).then(
      () => 'finished',
      (err: Error) => `failed: ${err.message}`,
    );
    // Wait until it has been working for a while, then terminate its backend.
    for (let i = 0; i < 100; i++) {
      const a = await db.query("select now() - query_start > interval '500 ms' as busy from pg_stat_activity where pid = $1 and state = 'active'", [pid]);
      if (a.rows[0]?.busy) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const killed = await db.query('select pg_terminate_backend($1) as ok', [pid]);
    expect(killed.rows[0].ok).toBe(true);
    expect(await run).toMatch(/^failed: /); // it was still running when killed
    await victim.end().catch(() => {});

    // The killed run's batches rolled back as a whole; the checkpoint still matches the data.
    expect(await checkpoint()).toEqual(before);
    expect(await migratedCount()).toEqual({ rows: 30_000, distinct: 30_000 });

    // Resume: continues from the checkpoint, reporting progress per batch.
    const progress = await migrateToEnd(8);
    expect(progress.reduce((s, p) => s + p.records_migrated, 0)).toBe(ROWS - 30_000);
    expect(progress[0].batch_number).toBe(7); // batches 1-6 were committed before the kill
    const ids = progress.map((p) => Number(p.last_legacy_id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b)); // keyset position only moves forward
    const pcts = progress.map((p) => Number(p.progress_pct));
    expect(pcts).toEqual([...pcts].sort((a, b) => a - b));
    expect(pcts[pcts.length - 1]).toBe(100);
    expect(Number(progress[progress.length - 1].total_migrated)).toBe(ROWS);

    expect(await migratedCount()).toEqual({ rows: ROWS, distinct: ROWS });
    const cp = await checkpoint();
    expect(cp.completed).toBe(true);
    expect(Number(cp.rows_inserted)).toBe(ROWS);
  }, 180_000);

  it('passes the integrity check', async () => {
    const r = await db.query('select check_name, legacy_value, migrated_value, passed from ops.check_chat_migration_integrity()');
    expect(r.rows.filter((c) => !c.passed)).toEqual([]);
    expect(r.rows.find((c) => c.check_name === 'row_count')).toMatchObject({ legacy_value: String(ROWS), migrated_value: String(ROWS) });
  }, 120_000);

  it('is idempotent: a full re-run from scratch inserts nothing', async () => {
    await db.query('select ops.reset_chat_migration()');
    const progress = await migrateToEnd(20);
    expect(progress.reduce((s, p) => s + p.records_migrated, 0)).toBe(0);
    expect(await migratedCount()).toEqual({ rows: ROWS, distinct: ROWS });
  }, 180_000);
});
