// public.agent_tasks with real connections: 8 concurrent workers drain 10k tasks through
// ops.agent_task_claim (FOR UPDATE SKIP LOCKED) and none is processed twice; a task whose
// worker dies is handed to another worker once its lease (the task's timeout) has expired, and
// the dead worker can no longer complete it.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DB_URL } from '../../scripts/lib/config.mjs';

const TASKS = 10_000;
const WORKERS = 8;
const BATCH = 25;

const db = new pg.Client({ connectionString: TEST_DB_URL });
let ownerId = '';
let workspaceId = '';

beforeAll(async () => {
  await db.connect();
  ownerId = (await db.query('insert into auth.users (email) values ($1) returning id', [`queue-${Date.now()}@test.opsbase.local`])).rows[0].id;
  workspaceId = (await db.query("insert into public.workspaces (owner_id, name) values ($1, 'queue') returning id", [ownerId])).rows[0].id;
});

afterAll(async () => {
  await db.query('delete from public.workspaces where id = $1', [workspaceId]);
  await db.query('delete from auth.users where id = $1', [ownerId]);
  await db.end();
});

describe('agent_tasks work queue', () => {
  it(`${WORKERS} concurrent workers drain ${TASKS} tasks, none processed twice`, async () => {
    await db.query(
      `insert into public.agent_tasks (workspace_id, task_type, payload, priority)
       select $1, 'load-test', jsonb_build_object('n', g), (g % 7) - 3 from generate_series(1, $2) g`,
      [workspaceId, TASKS],
    );
    const processed: string[] = [];
    const perWorker: number[] = [];
    async function worker(w: number) {
      const c = new pg.Client({ connectionString: TEST_DB_URL });
      await c.connect();
      let mine = 0;
      try {
        for (;;) {
          // Claim and completion in separate transactions, as a real worker does.
          const claimed = await c.query(
            "select id from ops.agent_task_claim($1, $2, array['load-test'])", [`worker-${w}`, BATCH]);
          if (claimed.rowCount === 0) break;
          for (const row of claimed.rows) {
            const done = await c.query('select ops.agent_task_complete($1, $2, $3) as ok', [row.id, `worker-${w}`, { by: w }]);
            expect(done.rows[0].ok).toBe(true);
            processed.push(row.id);
            mine++;
          }
        }
      } finally {
        await c.end();
      }
      perWorker[w] = mine;
    }
    await Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));

    expect(processed.length).toBe(TASKS);
    expect(new Set(processed).size).toBe(TASKS);
    // More than one worker took part (SKIP LOCKED let them run side by side).
    expect(perWorker.filter((n) => n > 0).length).toBeGreaterThan(1);
    const r = await db.query(
      `select count(*)::int as n, count(*) filter (where status = 'succeeded')::int as succeeded,
              max(attempts)::int as max_attempts, count(distinct result ->> 'by')::int as workers
       from public.agent_tasks where workspace_id = $1 and task_type = 'load-test'`, [workspaceId]);
    expect(r.rows[0]).toMatchObject({ n: TASKS, succeeded: TASKS, max_attempts: 1 });
    expect(r.rows[0].workers).toBe(perWorker.filter((n) => n > 0).length);
  }, 180_000);

  it('re-queues the task of a dead worker after its timeout', async () => {
    const id = (await db.query(
      `insert into public.agent_tasks (workspace_id, task_type, priority, timeout, max_attempts)
       values ($1, 'crashy', 1000, interval '1 second', 3) returning id`, [workspaceId])).rows[0].id;

    // Worker A claims on its own connection, then dies without completing.
    const a = new pg.Client({ connectionString: TEST_DB_URL });
    await a.connect();
    const first = await a.query("select id, attempts::int from ops.agent_task_claim('worker-a', 1, array['crashy'])");
    expect(first.rows).toEqual([{ id, attempts: 1 }]);
    await a.end();

    // Before the lease expires, nobody else gets it.
    const early = await db.query("select id from ops.agent_task_claim('worker-b', 1, array['crashy'])");
    expect(early.rowCount).toBe(0);

    // After it expires (plus the 2 s retry backoff), worker B gets the second attempt.
    let second: { id: string; attempts: number; locked_by: string }[] = [];
    for (let i = 0; i < 40 && second.length === 0; i++) {
      await new Promise((res) => setTimeout(res, 250));
      second = (await db.query("select id, attempts::int, locked_by from ops.agent_task_claim('worker-b', 1, array['crashy'])")).rows;
    }
    expect(second).toEqual([{ id, attempts: 2, locked_by: 'worker-b' }]);
    const state = await db.query('select last_error from public.agent_tasks where id = $1', [id]);
    expect(state.rows[0].last_error).toMatch(/lease of worker-a expired/);

    // A late completion from the dead worker is refused; the lease holder's is accepted.
    expect((await db.query("select ops.agent_task_complete($1, 'worker-a') as ok", [id])).rows[0].ok).toBe(false);
    expect((await db.query("select ops.agent_task_complete($1, 'worker-b') as ok", [id])).rows[0].ok).toBe(true);
    expect((await db.query('select status from public.agent_tasks where id = $1', [id])).rows[0].status).toBe('succeeded');
  }, 30_000);
});
