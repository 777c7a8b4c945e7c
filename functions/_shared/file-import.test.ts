// file-import.ts in the edge runtime (Deno, npm:pg + npm:pg-copy-streams from node_modules): a
// small batch of hazardous files round-trips byte for byte under RLS, one COPY write per file
// (chunkChars 8), and validation refuses a NUL. The 100k-file proof is tests/app2/file-import.test.ts.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import pg from 'pg';
import { FileImportError, importFiles } from './file-import.ts';

const dbUrl = Deno.env.get('SUPABASE_DB_URL') ?? 'postgresql://postgres:postgres@127.0.0.1:54332/postgres';
const opts = { sanitizeOps: false, sanitizeResources: false };
const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

const CONTENTS = ['a,b', '"q"', 'tab\there', 'cr\r', 'lf\n', 'crlf\r\n', 'back\\slash', '\\.', 'x\n\\.\ny', '', ' pad ', '😀👩‍👩‍👧', 'e\u0301', 'שלום', '中文'];

Deno.test('importFiles round-trips hazardous content in Deno, as the workspace owner', opts, async () => {
  const db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  const owner = (await db.query('insert into auth.users (email) values ($1) returning id', [`deno-import-${crypto.randomUUID()}@test.opsbase.local`])).rows[0].id;
  const ws = (await db.query("insert into public.workspaces (owner_id, name) values ($1, 'deno-import') returning id", [owner])).rows[0].id;
  try {
    const files = CONTENTS.map((content, i) => ({ path: `deno/${i}, "x"`, content }));
    await db.query('begin');
    await db.query("select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)",
      [JSON.stringify({ sub: owner, role: 'authenticated' })]);
    assert.deepEqual(await importFiles(db, ws, files, { chunkChars: 8 }), { inserted: files.length, skipped: 0, replaced: 0 });
    await db.query('commit');

    const { rows } = await db.query('select path, content, content_hash from public.files where workspace_id = $1', [ws]);
    const byPath = new Map(rows.map((r) => [r.path, r]));
    assert.equal(rows.length, files.length);
    for (const f of files) {
      assert.equal(byPath.get(f.path)?.content, f.content);
      assert.equal(byPath.get(f.path)?.content_hash, sha256(f.content));
    }

    await assert.rejects(importFiles(db, ws, [{ path: 'deno/nul', content: 'a\u0000b' }]),
      (e) => e instanceof FileImportError && e.code === 'nul_character' && e.index === 0);
  } finally {
    await db.query('rollback').catch(() => {});
    await db.query('delete from public.workspaces where id = $1', [ws]);
    await db.query('delete from auth.users where id = $1', [owner]);
    await db.end();
  }
});
