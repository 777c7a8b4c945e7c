// public.get_file_tree on a 10k-file workspace with depth 12, read through RLS as a member:
// every file and every implicit directory exactly once, parents before children, directories
// and files told apart, counts matching the tree built independently here.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DB_URL } from '../../scripts/lib/config.mjs';

const FILES = 10_000;
const MAX_DEPTH = 12;

const db = new pg.Client({ connectionString: TEST_DB_URL });
const userIds: string[] = [];
let workspaceId = '';

// File i sits at depth 1 + (i mod 12); its directory segments branch 3 ways per level (with
// names that stress ordering: 'd-1' sorts between 'd' and 'd/…' in plain byte order).
const branch = ['d', 'd-1', 'e'];
function pathOf(i: number): string {
  const depth = 1 + (i % MAX_DEPTH);
  const segs: string[] = [];
  let n = Math.floor(i / MAX_DEPTH);
  for (let level = 0; level < depth - 1; level++) {
    segs.push(branch[n % 3]);
    n = Math.floor(n / 3) + level;
  }
  segs.push(`f${i}.txt`);
  return segs.join('/');
}

const paths = Array.from({ length: FILES }, (_, i) => pathOf(i));
const expectedDirs = new Set<string>();
for (const p of paths) {
  const segs = p.split('/');
  for (let k = 1; k < segs.length; k++) expectedDirs.add(segs.slice(0, k).join('/'));
}

async function newUser(name: string): Promise<string> {
  const r = await db.query('insert into auth.users (email) values ($1) returning id', [`${name}-${Date.now()}@test.opsbase.local`]);
  userIds.push(r.rows[0].id);
  return r.rows[0].id;
}

/** Runs get_file_tree as `userId` (role authenticated, JWT claims), so RLS applies. */
async function treeAs(userId: string) {
  await db.query('begin');
  try {
    await db.query("select set_config('request.jwt.claims', $1, true), set_config('role', 'authenticated', true)",
      [JSON.stringify({ sub: userId, role: 'authenticated' })]);
    const r = await db.query('select * from public.get_file_tree($1)', [workspaceId]);
    return r.rows as { path: string; name: string; parent_path: string | null; depth: number; is_dir: boolean; file_id: string | null }[];
  } finally {
    await db.query('rollback');
  }
}

let owner = '';
let member = '';
let outsider = '';

beforeAll(async () => {
  await db.connect();
  owner = await newUser('tree-owner');
  member = await newUser('tree-member');
  outsider = await newUser('tree-outsider');
  workspaceId = (await db.query("insert into public.workspaces (owner_id, name) values ($1, 'tree') returning id", [owner])).rows[0].id;
  await db.query("insert into public.workspace_members (workspace_id, user_id, role) values ($1, $2, 'member')", [workspaceId, member]);
  await db.query(
    `insert into public.files (workspace_id, path, content)
     select $1, p, 'content of ' || p from unnest($2::text[]) as p`,
    [workspaceId, paths],
  );
}, 120_000);

afterAll(async () => {
  await db.query('delete from public.workspaces where id = $1', [workspaceId]);
  await db.query('delete from auth.users where id = any($1::uuid[])', [userIds]);
  await db.end();
});

describe('get_file_tree on 10k files, depth 12', () => {
  it('the fixture really is 10k files reaching depth 12', async () => {
    const r = await db.query('select count(*)::int as n, max(depth)::int as d from public.files where workspace_id = $1', [workspaceId]);
    expect(r.rows[0]).toEqual({ n: FILES, d: MAX_DEPTH });
  });

  it('returns every file and directory exactly once, with the right counts', async () => {
    const rows = await treeAs(member);
    const files = rows.filter((r) => !r.is_dir);
    const dirs = rows.filter((r) => r.is_dir);
    expect(files.length).toBe(FILES);
    expect(dirs.length).toBe(expectedDirs.size);
    expect(new Set(rows.map((r) => r.path)).size).toBe(rows.length);
    expect(new Set(files.map((r) => r.path))).toEqual(new Set(paths));
    expect(new Set(dirs.map((r) => r.path))).toEqual(expectedDirs);
    expect(files.every((r) => r.file_id !== null)).toBe(true);
    expect(dirs.every((r) => r.file_id === null)).toBe(true);
    expect(Math.max(...rows.map((r) => r.depth))).toBe(MAX_DEPTH);
  });

  it('lists every parent before its children, with consistent parent_path, depth and name', async () => {
    const rows = await treeAs(member);
    const seen = new Set<string>();
    const bad: string[] = [];
    for (const r of rows) {
      const segs = r.path.split('/');
      const parent = segs.length > 1 ? segs.slice(0, -1).join('/') : null;
      if (r.parent_path !== parent) bad.push(`${r.path}: parent_path ${r.parent_path}`);
      if (r.depth !== segs.length) bad.push(`${r.path}: depth ${r.depth}`);
      if (r.name !== segs[segs.length - 1]) bad.push(`${r.path}: name ${r.name}`);
      if (parent !== null && !seen.has(parent)) bad.push(`${r.path} before its parent ${parent}`);
      seen.add(r.path);
    }
    expect(bad.slice(0, 10)).toEqual([]);
  });

  it('keeps each subtree contiguous (depth-first)', async () => {
    const rows = await treeAs(member);
    // Once we leave a directory's subtree, no later row may be inside it again.
    const closed = new Set<string>();
    const stack: string[] = [];
    const bad: string[] = [];
    for (const r of rows) {
      while (stack.length && !r.path.startsWith(`${stack[stack.length - 1]}/`)) closed.add(stack.pop()!);
      const segs = r.path.split('/');
      for (let k = 1; k < segs.length; k++) {
        const anc = segs.slice(0, k).join('/');
        if (closed.has(anc)) bad.push(`${r.path} after ${anc} was closed`);
      }
      if (r.is_dir) stack.push(r.path);
    }
    expect(bad.slice(0, 10)).toEqual([]);
  });

  it('the owner sees the same tree; an outsider sees nothing', async () => {
    expect((await treeAs(owner)).length).toBe(FILES + expectedDirs.size);
    expect(await treeAs(outsider)).toEqual([]);
  });
});
