// The training pipeline's eight tables (seed 002) are covered by ops.weekly_maintenance(): after
// committed churn (dead tuples, which only exist after a commit and reach the statistics
// asynchronously, hence vitest), the weekly plan queues a VACUUM (ANALYZE) for each of them, for
// generation_logs on the partition that holds the rows. With public excluded by a maintenance
// rule the same plan queues none, so the coverage comes from the rules, not from a list.
// The plans are made inside transactions that are rolled back, with the dispatcher disabled, so
// nothing is handed to pg_cron.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DB_URL } from '../../scripts/lib/config.mjs';

const CHURN = 400;
const PLAIN = ['conversation_templates', 'scenarios', 'edge_cases', 'conversations', 'conversation_turns', 'export_logs', 'batch_jobs'];

const db = new pg.Client({ connectionString: TEST_DB_URL });
let ownerId = '';
let workspaceId = '';
let partition = '';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const tables = () => [...PLAIN, partition];

async function weeklyPlan(extra: string): Promise<{ plan: { plan_id: number; queued: Record<string, number> }; actions: { table_name: string; kind: string; reason: string }[] }> {
  await db.query('begin');
  try {
    await db.query('update ops.maintenance_settings set enabled = false');
    // Work already queued for these tables would absorb the plan's entries (queued once).
    await db.query(`update ops.maintenance_actions set status = 'cancelled'
      where status = 'queued' and schema_name = 'public' and table_name = any ($1)`, [tables()]);
    if (extra) await db.query(extra);
    const plan = (await db.query('select ops.weekly_maintenance() as p')).rows[0].p;
    const actions = (await db.query(`select table_name, kind, reason from ops.maintenance_actions
      where plan_id = $1 and schema_name = 'public' and table_name = any ($2) order by table_name`, [plan.plan_id, tables()])).rows;
    return { plan, actions };
  } finally {
    await db.query('rollback');
  }
}

beforeAll(async () => {
  await db.connect();
  ownerId = (await db.query('insert into auth.users (email) values ($1) returning id', [`training-maint-${Date.now()}@test.opsbase.local`])).rows[0].id;
  workspaceId = (await db.query("insert into public.workspaces (owner_id, name) values ($1, 'training maintenance') returning id", [ownerId])).rows[0].id;
  partition = (await db.query(`select p.partition_name from ops.partitions('public.generation_logs') p
    where not p.is_default and now() >= p.lower_bound and now() < p.upper_bound`)).rows[0].partition_name;
  // The effect must come from the plan, not from autovacuum cleaning up first.
  for (const t of tables()) await db.query(`alter table public.${t} set (autovacuum_enabled = false)`);

  const ws = workspaceId;
  await db.query('begin');
  const keepScenario = (await db.query("insert into public.scenarios (workspace_id, name) values ($1, 'keeper') returning id", [ws])).rows[0].id;
  const keepConversation = (await db.query("insert into public.conversations (workspace_id, title) values ($1, 'keeper') returning id", [ws])).rows[0].id;
  await db.query(`insert into public.conversation_templates (workspace_id, name, template_text) select $1, 'churn ' || g, 'x' from generate_series(1, $2) g`, [ws, CHURN]);
  await db.query(`insert into public.scenarios (workspace_id, name) select $1, 'churn ' || g from generate_series(1, $2) g`, [ws, CHURN]);
  await db.query(`insert into public.edge_cases (workspace_id, scenario_id, title, description, edge_case_type, expected_behavior)
    select $1, $2, 'churn ' || g, 'd', 'other', 'e' from generate_series(1, $3) g`, [ws, keepScenario, CHURN]);
  await db.query(`insert into public.conversations (workspace_id, title) select $1, 'churn ' || g from generate_series(1, $2) g`, [ws, CHURN]);
  await db.query(`insert into public.conversation_turns (conversation_id, workspace_id, turn_number, role, content)
    select $1, $2, g, 'user', 'churn' from generate_series(1, $3) g`, [keepConversation, ws, CHURN]);
  await db.query(`insert into public.generation_logs (workspace_id, model, status) select $1, 'churn', 'success' from generate_series(1, $2)`, [ws, CHURN]);
  await db.query(`insert into public.export_logs (workspace_id, format, status, error_message, started_at)
    select $1, 'csv', 'failed', 'churn', now() from generate_series(1, $2)`, [ws, CHURN]);
  await db.query(`insert into public.batch_jobs (workspace_id, name) select $1, 'churn ' || g from generate_series(1, $2) g`, [ws, CHURN]);
  await db.query('commit');
  // Delete the churn (the table owner may delete generation_logs; API roles may not).
  await db.query('begin');
  await db.query("delete from public.conversation_templates where workspace_id = $1 and name like 'churn %'", [ws]);
  await db.query("delete from public.edge_cases where workspace_id = $1", [ws]);
  await db.query("delete from public.scenarios where workspace_id = $1 and name like 'churn %'", [ws]);
  await db.query('delete from public.conversation_turns where conversation_id = $1', [keepConversation]);
  await db.query("delete from public.conversations where workspace_id = $1 and title like 'churn %'", [ws]);
  await db.query('delete from public.generation_logs where workspace_id = $1', [ws]);
  await db.query('delete from public.export_logs where workspace_id = $1', [ws]);
  await db.query('delete from public.batch_jobs where workspace_id = $1', [ws]);
  await db.query('commit');

  // Statistics reach shared memory asynchronously; the planner reads them from there.
  await db.query('select pg_stat_force_next_flush()');
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { rows } = await db.query(`select count(*)::int as n from pg_stat_user_tables
      where schemaname = 'public' and relname = any ($1) and n_dead_tup >= $2`, [tables(), CHURN]);
    if (rows[0].n === tables().length) break;
    if (Date.now() > deadline) throw new Error(`dead tuples did not show in pg_stat_user_tables for all of ${tables().join(', ')}`);
    await sleep(500);
  }
}, 120_000);

afterAll(async () => {
  for (const t of tables()) await db.query(`alter table public.${t} reset (autovacuum_enabled)`);
  await db.query('delete from public.workspaces where id = $1', [workspaceId]);
  await db.query('delete from auth.users where id = $1', [ownerId]);
  await db.end();
});

describe('weekly maintenance covers the training tables', () => {
  it('no maintenance rule excludes them', async () => {
    const { rows } = await db.query(`select c.relname, ops.maintenance_exclusion(c.oid) as why from pg_class c
      where c.relnamespace = 'public'::regnamespace and c.relname = any ($1)`, [[...tables(), 'generation_logs']]);
    expect(rows).toHaveLength(tables().length + 1);
    expect(rows.filter((r) => r.why !== null)).toEqual([]);
  });

  it('the weekly plan queues a VACUUM (ANALYZE) for each of the eight after churn', async () => {
    const { plan, actions } = await weeklyPlan('');
    // Bloated indexes of the same tables may add REINDEX actions; the vacuums are what churn causes.
    const vacuums = actions.filter((a) => a.kind === 'vacuum_analyze');
    expect(vacuums.map((a) => a.table_name).sort()).toEqual(tables().sort());
    for (const a of vacuums) expect(a.reason, a.table_name).toMatch(/^\d+ dead tuples, above the autovacuum threshold \d+$/);
    expect(actions.filter((a) => a.kind !== 'vacuum_analyze' && a.kind !== 'reindex')).toEqual([]);
    expect(plan.queued.vacuum_analyze).toBeGreaterThanOrEqual(tables().length);
  }, 120_000);

  it('with public excluded by a rule, the same plan queues none of them', async () => {
    const { actions } = await weeklyPlan("insert into ops.maintenance_rules (schema_name, included, note) values ('public', false, 'test')");
    expect(actions).toEqual([]);
  }, 120_000);
});
