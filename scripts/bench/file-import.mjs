// Bulk file import: functions/_shared/file-import.ts (COPY into a temp staging table, then one
// INSERT … SELECT) against the obvious alternative, multi-row INSERT … VALUES batches, on the same
// 20k files full of CSV hazards, as a workspace owner under RLS, into the real public.files (its
// triggers, GIN indexes and audit trail included). Also measured: INSERT … SELECT from unnest()
// arrays (another common batching), and the COPY into staging alone, to show where the time goes.
// Each case runs in a transaction that is rolled back, so nothing is left behind; commit cost
// (one WAL flush, the same for every case) is therefore not included.
// The module is TypeScript for the edge runtime, so the cases run in Deno (a devDependency):
// the runtime the module ships in. Needs a migrated database: point SUPABASE_DB_URL at the test
// cluster after `npm test`, or at the dev cluster after `npm start`.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { DENO_BIN, ROOT } from '../lib/config.mjs';
import { run as runCommand } from '../lib/run.mjs';
import { median } from './lib/ops-db.mjs';
import { withRatios } from './lib/results.mjs';

export const description = 'COPY import (file-import.ts) vs multi-row INSERT batches of the same 20k files, rows/s';

const FILES = Number(process.env.BENCH_FILE_IMPORT_FILES ?? 20_000);
const BATCH = 1_000; // rows per INSERT statement (4 parameters each, well under the 65,535 limit)
const ROUNDS = 3;

const VALUES = `INSERT VALUES, ${BATCH} rows/statement`;
const COPY = 'COPY import (file-import.ts)';
const UNNEST = `INSERT SELECT unnest(arrays), ${BATCH} rows/statement`;
const STAGING = 'COPY into staging only';

// Runs in Deno. Prints one JSON line: { [case]: [ms per round…] }.
const worker = (moduleUrl) => `
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { finished } from 'node:stream/promises';
import { copyTextRecord, importFiles } from '${moduleUrl}';

const { dbUrl, owner, ws, files: n, batch, rounds } = JSON.parse(Deno.args[0]);
const PIECES = ['a,b,c', 'say "hi"', 'tab\\there', 'cr\\r', 'lf\\n', 'crlf\\r\\n', 'C:\\\\dir\\\\N', '\\\\.', 'x\\n\\\\.\\ny', '',
  '  pad  ', '👩‍👩‍👧‍👦 😀', 'e\\u0301', 'שלום', '中文字符', 'plain text of a typical source line;'];
const files = Array.from({ length: n }, (_, i) => ({
  path: 'bench/d' + (i % 50) + '/f,"' + i + '".txt',
  content: PIECES[i % PIECES.length] + ' ' + i + ' ' + PIECES[(i * 7 + 3) % PIECES.length].repeat(1 + (i % 5)),
}));

const cases = {
  ${JSON.stringify(VALUES)}: async (c) => {
    for (let i = 0; i < files.length; i += batch) {
      const part = files.slice(i, i + batch);
      const params = [ws];
      const tuples = part.map((f) => { params.push(f.path, f.content); return '($1, $' + (params.length - 1) + ', $' + params.length + ", 'text/plain')"; });
      await c.query('insert into public.files (workspace_id, path, content, mime_type) values ' + tuples.join(', '), params);
    }
  },
  ${JSON.stringify(COPY)}: async (c) => {
    const r = await importFiles(c, ws, files);
    if (r.inserted !== files.length) throw new Error('COPY import inserted ' + r.inserted);
  },
  ${JSON.stringify(UNNEST)}: async (c) => {
    for (let i = 0; i < files.length; i += batch) {
      const part = files.slice(i, i + batch);
      await c.query(\`insert into public.files (workspace_id, path, content, mime_type)
        select $1, p, b, 'text/plain' from unnest($2::text[], $3::text[]) as u(p, b)\`, [ws, part.map((f) => f.path), part.map((f) => f.content)]);
    }
  },
  ${JSON.stringify(STAGING)}: async (c) => {
    await c.query('create temp table bench_staging (path text, content text, mime_type text) on commit drop');
    const stream = c.query(copyFrom('copy bench_staging from stdin'));
    let chunk = '';
    for (const f of files) {
      chunk += copyTextRecord(f);
      if (chunk.length >= 65536) { if (!stream.write(chunk)) await new Promise((r) => stream.once('drain', r)); chunk = ''; }
    }
    stream.end(chunk);
    await finished(stream);
    if (stream.rowCount !== files.length) throw new Error('staged ' + stream.rowCount);
  },
};

const c = new pg.Client({ connectionString: dbUrl });
await c.connect();
const out = {};
const names = Object.keys(cases);
for (let round = 0; round < rounds; round++) {
  for (let k = 0; k < names.length; k++) {
    const name = names[(k + round) % names.length]; // rotate the order between rounds
    await c.query('begin');
    await c.query("select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)",
      [JSON.stringify({ sub: owner, role: 'authenticated' })]);
    const t0 = performance.now();
    await cases[name](c);
    const ms = performance.now() - t0;
    const { rows } = await c.query('select count(*)::int as n from public.files where workspace_id = $1', [ws]);
    await c.query('rollback');
    if (name !== ${JSON.stringify(STAGING)} && rows[0].n !== files.length) throw new Error(name + ': ' + rows[0].n + ' rows');
    (out[name] ??= []).push(ms);
    console.error('[bench] round ' + (round + 1) + '/' + rounds + ' ' + name + ': ' + Math.round(ms) + ' ms');
  }
  await c.query('vacuum public.files'); // the rolled-back rows, so later rounds start alike
}
await c.end();
console.log(JSON.stringify(out));
`;

export async function run({ dbUrl, tmpDir, log }) {
  const admin = new pg.Client({ connectionString: dbUrl });
  await admin.connect();
  let owner = null;
  let ws = null;
  try {
    const { rows } = await admin.query(`select to_regclass('public.files') is not null as ok`);
    if (!rows[0].ok) {
      throw new Error(`public.files does not exist in ${new URL(dbUrl).pathname.slice(1)}: push the migrations first `
        + '(npm start), or point SUPABASE_DB_URL at the test cluster after `npm test`');
    }
    owner = (await admin.query('insert into auth.users (email) values ($1) returning id', [`bench-import-${Date.now()}@bench.opsbase.local`])).rows[0].id;
    ws = (await admin.query("insert into public.workspaces (owner_id, name) values ($1, 'bench file import') returning id", [owner])).rows[0].id;

    const script = join(tmpDir, 'file-import-bench.js');
    await writeFile(script, worker(pathToFileURL(join(ROOT, 'functions/_shared/file-import.ts')).href));
    log(`${FILES} files, ${ROUNDS} rounds of 4 cases, in Deno`);
    const args = JSON.stringify({ dbUrl, owner, ws, files: FILES, batch: BATCH, rounds: ROUNDS });
    const r = await runCommand(DENO_BIN, ['run', '--allow-all', '--no-prompt', '--config', join(ROOT, 'deno.json'), script, args],
      { capture: true, quiet: true, env: { NO_COLOR: '1' } });
    process.stderr.write(r.stderr.split('\n').filter((l) => l.startsWith('[bench]')).map((l) => `${l}\n`).join(''));
    if (r.code !== 0) throw new Error(`deno bench worker exited ${r.code}\n${r.stderr}`);
    const ms = JSON.parse(r.stdout.trim().split('\n').at(-1));

    const rows_ = [VALUES, COPY, UNNEST, STAGING].map((name) => ({ name, value: FILES / (median(ms[name]) / 1000), unit: 'rows/s' }));
    return {
      baseline: VALUES,
      rows: withRatios(rows_, VALUES),
      notes: [
        `${FILES} files per case, median of ${ROUNDS} rounds; each case in a rolled-back transaction as the workspace owner (RLS on)`,
        `ms per round: ${Object.entries(ms).map(([k, v]) => `${k}: ${v.map((x) => Math.round(x)).join('/')}`).join('; ')}`,
      ],
    };
  } finally {
    if (ws) await admin.query('delete from public.workspaces where id = $1', [ws]).catch(() => {});
    if (owner) await admin.query('delete from auth.users where id = $1', [owner]).catch(() => {});
    await admin.end();
  }
}
