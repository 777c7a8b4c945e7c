// The last-owner guard (20261124230800_app2_workspace_last_owner) under concurrency, with two real
// connections acting as two owners through RLS (role authenticated + JWT claims). Each
// transaction alone is fine: it leaves the other owner in place. Together they would leave the
// workspace without an owner. The guard locks the workspace row, so the second transaction waits
// for the first and is then refused (READ COMMITTED: 23514) or fails to serialise
// (REPEATABLE READ: 40001 / 40P01). Exactly one owner is left in every case.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DB_URL } from '../../scripts/lib/config.mjs';

const db = new pg.Client({ connectionString: TEST_DB_URL });
const userIds: string[] = [];
const workspaceIds: string[] = [];
const clients: pg.Client[] = [];

async function newUser(name: string): Promise<string> {
  const r = await db.query('insert into auth.users (email) values ($1) returning id', [`${name}-${Date.now()}-${userIds.length}@test.opsbase.local`]);
  userIds.push(r.rows[0].id);
  return r.rows[0].id;
}

/** A workspace created by `a`, with `b` promoted to a second owner and `extra` as plain members. */
async function twoOwners(a: string, b: string, ...extra: string[]): Promise<string> {
  const ws = (await db.query("insert into public.workspaces (owner_id, name) values ($1, 'two owners') returning id", [a])).rows[0].id;
  workspaceIds.push(ws);
  await db.query("insert into public.workspace_members (workspace_id, user_id, role) values ($1, $2, 'owner')", [ws, b]);
  for (const m of extra) await db.query("insert into public.workspace_members (workspace_id, user_id) values ($1, $2)", [ws, m]);
  return ws;
}

async function connect(): Promise<{ c: pg.Client; pid: number }> {
  const c = new pg.Client({ connectionString: TEST_DB_URL });
  await c.connect();
  clients.push(c);
  return { c, pid: (await c.query('select pg_backend_pid() as pid')).rows[0].pid };
}

/** Opens a transaction on c as user `sub` (what PostgREST does per request). */
async function beginAs(c: pg.Client, sub: string, isolation = 'read committed') {
  await c.query(`begin isolation level ${isolation}`);
  await c.query("select set_config('request.jwt.claims', $1, true), set_config('role', 'authenticated', true)",
    [JSON.stringify({ sub, role: 'authenticated' })]);
}

/** Waits until backend `pid` is blocked on a lock held by `holder`. */
async function waitUntilBlockedBy(pid: number, holder: number) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const r = await db.query('select wait_event_type, pg_blocking_pids(pid) as blockers from pg_stat_activity where pid = $1', [pid]);
    if (r.rows[0]?.wait_event_type === 'Lock' && r.rows[0].blockers.includes(holder)) return;
    if (Date.now() > deadline) throw new Error(`backend ${pid} never blocked on ${holder}: ${JSON.stringify(r.rows[0])}`);
    await new Promise((res) => setTimeout(res, 20));
  }
}

const settle = (p: Promise<unknown>) => p.then(() => null, (e: pg.DatabaseError) => e);

async function owners(ws: string): Promise<string[]> {
  const r = await db.query("select user_id from public.workspace_members where workspace_id = $1 and role = 'owner' order by user_id", [ws]);
  return r.rows.map((x) => x.user_id);
}

beforeAll(async () => {
  await db.connect();
});

afterAll(async () => {
  for (const c of clients) await c.end().catch(() => {});
  await db.query('delete from public.workspaces where id = any($1::uuid[])', [workspaceIds]);
  await db.query('delete from auth.users where id = any($1::uuid[])', [userIds]);
  await db.end();
});

describe('last owner guard under concurrency', () => {
  it('READ COMMITTED: two owners demoting each other, the second waits and is refused', async () => {
    const [a, b] = [await newUser('rc-a'), await newUser('rc-b')];
    const ws = await twoOwners(a, b);
    const t1 = await connect();
    const t2 = await connect();
    await beginAs(t1.c, a);
    await beginAs(t2.c, b);

    const first = await t1.c.query("update public.workspace_members set role = 'member' where workspace_id = $1 and user_id = $2", [ws, b]);
    expect(first.rowCount).toBe(1);
    const second = settle(t2.c.query("update public.workspace_members set role = 'member' where workspace_id = $1 and user_id = $2", [ws, a]));
    await waitUntilBlockedBy(t2.pid, t1.pid);
    await t1.c.query('commit');

    const err = (await second) as pg.DatabaseError;
    expect(err?.code).toBe('23514');
    expect(err.message).toBe('cannot remove or demote the last owner of a workspace');
    expect(err.hint).toBe('Promote another member to owner first, or delete the workspace.');
    await t2.c.query('rollback');
    expect(await owners(ws)).toEqual([a]);
  });

  it('READ COMMITTED: two owners leaving at once, exactly one of them gets out', async () => {
    const [a, b] = [await newUser('leave-a'), await newUser('leave-b')];
    const ws = await twoOwners(a, b);
    const t1 = await connect();
    const t2 = await connect();
    await beginAs(t1.c, a);
    await beginAs(t2.c, b);

    expect((await t1.c.query('delete from public.workspace_members where workspace_id = $1 and user_id = $2', [ws, a])).rowCount).toBe(1);
    const second = settle(t2.c.query('delete from public.workspace_members where workspace_id = $1 and user_id = $2', [ws, b]));
    await waitUntilBlockedBy(t2.pid, t1.pid);
    await t1.c.query('commit');

    expect(((await second) as pg.DatabaseError)?.code).toBe('23514');
    await t2.c.query('rollback');
    expect(await owners(ws)).toEqual([b]);
    // owner_id followed the owner who stayed.
    expect((await db.query('select owner_id from public.workspaces where id = $1', [ws])).rows[0].owner_id).toBe(b);
  });

  it('REPEATABLE READ: the stale snapshot cannot let both through (serialization failure)', async () => {
    const [a, b] = [await newUser('rr-a'), await newUser('rr-b')];
    const ws = await twoOwners(a, b);
    const t1 = await connect();
    const t2 = await connect();
    await beginAs(t1.c, a, 'repeatable read');
    await beginAs(t2.c, b, 'repeatable read'); // t2's snapshot: both are owners

    await t1.c.query("update public.workspace_members set role = 'member' where workspace_id = $1 and user_id = $2", [ws, b]);
    const second = settle(t2.c.query("update public.workspace_members set role = 'member' where workspace_id = $1 and user_id = $2", [ws, a]));
    await waitUntilBlockedBy(t2.pid, t1.pid);
    await t1.c.query('commit');

    const err = (await second) as pg.DatabaseError;
    expect(['40001', '40P01']).toContain(err?.code);
    await t2.c.query('rollback');
    expect(await owners(ws)).toEqual([a]);
  });

  it('deleting a user races the other owner leaving: the workspace keeps an owner', async () => {
    const [a, b, m] = [await newUser('del-a'), await newUser('del-b'), await newUser('del-m')];
    const ws = await twoOwners(a, b, m);
    const t1 = await connect();
    const t2 = await connect();
    await t1.c.query('begin');
    await beginAs(t2.c, b);

    // t1 (the auth service) deletes a: b is another owner, so owner_id moves to b and a goes.
    await t1.c.query('delete from auth.users where id = $1', [a]);
    const leave = settle(t2.c.query('delete from public.workspace_members where workspace_id = $1 and user_id = $2', [ws, b]));
    await waitUntilBlockedBy(t2.pid, t1.pid);
    await t1.c.query('commit');

    expect(((await leave) as pg.DatabaseError)?.code).toBe('23514');
    await t2.c.query('rollback');
    userIds.splice(userIds.indexOf(a), 1);
    expect(await owners(ws)).toEqual([b]);
    const w = await db.query('select owner_id from public.workspaces where id = $1', [ws]);
    expect(w.rows).toEqual([{ owner_id: b }]);
  });
});
