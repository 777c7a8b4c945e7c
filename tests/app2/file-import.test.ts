// functions/_shared/file-import.ts against the test database: 100k files full of CSV/COPY
// hazards round-trip byte for byte (content and the trigger's sha256), the seed's join(',')
// encoding of the same rows fails or corrupts, bad input is refused before anything is sent,
// conflicts, skip and replace behave, and RLS decides who may import.
import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  copyTextRecord,
  DEFAULT_MIME_TYPE,
  FileImportError,
  type FileInput,
  importFiles,
  validateFiles,
} from '../../functions/_shared/file-import.ts';
import { TEST_DB_URL } from '../../scripts/lib/config.mjs';

const N = 100_000;
const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

// Every hazard for CSV, COPY text format and UTF-8 that the brief names, and a few more.
const PIECES = [
  'a,b,c', // commas
  'say "hi" and ""twice""', // double quotes
  'a "quoted, field" and an unbalanced " quote', // quotes around a comma, and a lone one
  'col1\tcol2\t', // tabs (COPY text delimiter)
  'cr\ronly\r', // CR
  'lf\nonly\n', // LF
  'crlf\r\nwindows\r\n', // CRLF
  'C:\\Users\\N\\new\\t', // backslashes, incl. text that looks like \N, \n, \t
  '\\.', // exactly the end-of-data marker
  'before\n\\.\nafter', // the marker on a line of its own
  '\\N', // COPY's NULL spelling, as data
  '  leading and trailing  ', // spaces
  '', // empty, must not become NULL
  '👩‍👩‍👧‍👦 𝄞 😀 🏳️‍🌈', // astral emoji, ZWJ sequences
  'e\u0301 n\u0303 a\u030A Z\u0351\u0352', // combining marks
  'שלום עולם — مرحبا بالعالم', // RTL
  '中文字符 日本語 한국어', // CJK
  '\uFEFFbom \u200B zero-width \u2028 line-sep', // BOM, ZWSP, U+2028
  ',\n"\r\t\\\r\n.', // everything at once
  '\u0001\u001F\u007F control', // C0/DEL controls other than NUL
];
const P = PIECES.length;

function contentOf(i: number): string {
  if (i % 2 === 0) return PIECES[(i / 2) % P]; // every piece on its own, many times
  if (i % 10_000 === 5) return PIECES.join(`|${i}|`).repeat(400); // ~100 KB, bigger than one COPY chunk
  return `${PIECES[i % P]}${i}${PIECES[(i * 7 + 3) % P]}`;
}
function pathOf(i: number): string {
  if (i % 1000 === 1) return `odd/line\nbreak\tand\r\n,"${i}"\\.`;
  if (i % 1000 === 2) return `emoji/👩‍👩‍👧‍👦/é${i}/שלום.txt`;
  return `d${i % 100}/sub ${i % 7}/f,"${i}" é.txt`;
}
const mimeOf = (i: number) => (i % 3 === 0 ? 'text/x-"quoted",\ttype' : undefined);

const FILES: FileInput[] = Array.from({ length: N }, (_, i) => ({ path: pathOf(i), content: contentOf(i), mimeType: mimeOf(i) }));

const db = new pg.Client({ connectionString: TEST_DB_URL });
const userIds: string[] = [];
const workspaceIds: string[] = [];
let owner = '';
let member = '';
let outsider = '';

async function newUser(name: string): Promise<string> {
  const r = await db.query('insert into auth.users (email) values ($1) returning id', [`${name}-${Date.now()}@test.opsbase.local`]);
  userIds.push(r.rows[0].id);
  return r.rows[0].id;
}

async function newWorkspace(name: string, ownerId = owner): Promise<string> {
  const id = (await db.query('insert into public.workspaces (owner_id, name) values ($1, $2) returning id', [ownerId, name])).rows[0].id;
  workspaceIds.push(id);
  return id;
}

const countFiles = async (ws: string) =>
  (await db.query('select count(*)::int as n from public.files where workspace_id = $1', [ws])).rows[0].n as number;

async function connect(): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: TEST_DB_URL });
  await c.connect();
  return c;
}

/** Begins a transaction on `c` as `userId` (role authenticated + JWT claims, transaction-local). */
async function beginAs(c: pg.ClientBase, userId: string) {
  await c.query('begin');
  await c.query("select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)",
    [JSON.stringify({ sub: userId, role: 'authenticated' })]);
}

/** A client whose every query is counted, to show validation sends nothing. */
function countingClient(c: pg.Client) {
  const calls: unknown[] = [];
  const orig = c.query.bind(c) as (...a: unknown[]) => unknown;
  (c as unknown as { query: unknown }).query = (...a: unknown[]) => {
    calls.push(a[0]);
    return orig(...a);
  };
  return calls;
}

/**
 * Watches the COPY stream: bytes written, how often write() returned false, the most ever
 * buffered, and any write made while a 'drain' was still owed (ignoring backpressure). Each chunk's
 * completion is deferred by a tick, as on a slow link, so write() really does return false.
 */
function watchCopy(c: pg.Client) {
  const stats = { writes: 0, full: 0, bytes: 0, maxBuffered: 0, writesBeforeDrain: 0 };
  const orig = c.query.bind(c) as (...a: unknown[]) => unknown;
  (c as unknown as { query: unknown }).query = (...a: unknown[]) => {
    const q = a[0];
    if (q instanceof Writable) {
      type Cb = (err?: Error | null) => void;
      const w = q as unknown as { _write: (c: unknown, e: string, cb: Cb) => void; _writev: (c: unknown, cb: Cb) => void };
      const write_ = w._write.bind(q);
      const writev_ = w._writev.bind(q);
      w._write = (chunk, enc, cb) => write_(chunk, enc, (err) => setImmediate(() => cb(err)));
      w._writev = (chunks, cb) => writev_(chunks, (err) => setImmediate(() => cb(err)));
      let owed = false;
      q.on('drain', () => (owed = false));
      const write = q.write.bind(q) as (chunk: string) => boolean;
      (q as unknown as { write: unknown }).write = (chunk: string) => {
        if (owed) stats.writesBeforeDrain++;
        const ok = write(chunk);
        stats.writes++;
        stats.bytes += Buffer.byteLength(chunk);
        if (!ok) (stats.full++, owed = true);
        stats.maxBuffered = Math.max(stats.maxBuffered, q.writableLength);
        return ok;
      };
    }
    return orig(...a);
  };
  return stats;
}

async function expectImportError(p: Promise<unknown>, code: string, message: RegExp) {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err, 'import should have failed').toBeInstanceOf(FileImportError);
  expect((err as FileImportError).code).toBe(code);
  expect((err as Error).message).toMatch(message);
  return err as FileImportError;
}

beforeAll(async () => {
  await db.connect();
  owner = await newUser('import-owner');
  member = await newUser('import-member');
  outsider = await newUser('import-outsider');
}, 60_000);

afterAll(async () => {
  if (workspaceIds.length) await db.query('delete from public.workspaces where id = any($1::uuid[])', [workspaceIds]);
  if (userIds.length) await db.query('delete from auth.users where id = any($1::uuid[])', [userIds]);
  await db.end();
}, 120_000);

describe('encoding', () => {
  it('is COPY text format: backslash, tab, LF and CR escaped, nothing else touched', () => {
    expect(copyTextRecord({ path: 'a/b', content: 'x\\y\tz\nw\r\n"q",é😀' })).toBe('a/b\tx\\\\y\\tz\\nw\\r\\n"q",é😀\ttext/plain\n');
    expect(copyTextRecord({ path: 'p', content: '\\.' })).toBe('p\t\\\\.\ttext/plain\n');
    expect(copyTextRecord({ path: 'p', content: '', mimeType: 'a/b' })).toBe('p\t\ta/b\n');
    // Each record is one physical line, whatever the content.
    for (const f of FILES.slice(0, 2000)) expect(copyTextRecord(f).indexOf('\n')).toBe(copyTextRecord(f).length - 1);
  });

  it('DEFAULT_MIME_TYPE is the column default of public.files.mime_type', async () => {
    const { rows } = await db.query(
      `select pg_get_expr(d.adbin, d.adrelid) as def from pg_attrdef d
       join pg_attribute a on a.attrelid = d.adrelid and a.attnum = d.adnum
       where d.adrelid = 'public.files'::regclass and a.attname = 'mime_type'`);
    expect(rows[0].def).toBe(`'${DEFAULT_MIME_TYPE}'::text`);
  });
});

describe(`importing ${N.toLocaleString('en')} files`, () => {
  let ws = '';
  let seconds = 0;
  let copyStats: ReturnType<typeof watchCopy>;

  beforeAll(async () => {
    ws = await newWorkspace('import-100k');
    // Runs as the workspace owner, with role and claims set for the session: RLS applies.
    const c = await connect();
    try {
      await c.query('set role authenticated');
      await c.query("select set_config('request.jwt.claims', $1, false)", [JSON.stringify({ sub: owner, role: 'authenticated' })]);
      copyStats = watchCopy(c);
      const t0 = performance.now();
      const result = await importFiles(c, ws, FILES);
      seconds = (performance.now() - t0) / 1000;
      expect(result).toEqual({ inserted: N, skipped: 0, replaced: 0 });
    } finally {
      await c.end();
    }
    console.log(`[file-import] ${N} files, ${(copyStats.bytes / 1e6).toFixed(1)} MB of COPY text, imported in ${seconds.toFixed(1)} s `
      + `(${Math.round(N / seconds)} files/s); ${copyStats.writes} writes, ${copyStats.full} hit backpressure, `
      + `at most ${(copyStats.maxBuffered / 1024).toFixed(0)} KiB buffered, ${copyStats.writesBeforeDrain} writes before drain`);
  }, 180_000);

  it('round-trips every content, path and mime type byte for byte', async () => {
    const { rows } = await db.query('select path, content, mime_type, size_bytes::int as size from public.files where workspace_id = $1', [ws]);
    expect(rows.length).toBe(N);
    const byPath = new Map(rows.map((r) => [r.path as string, r]));
    const bad: string[] = [];
    FILES.forEach((f, i) => {
      const r = byPath.get(f.path);
      if (!r) return bad.push(`files[${i}] missing`);
      if (r.content !== f.content) bad.push(`files[${i}] content ${JSON.stringify(r.content).slice(0, 80)}`);
      if (r.mime_type !== (f.mimeType ?? DEFAULT_MIME_TYPE)) bad.push(`files[${i}] mime_type ${r.mime_type}`);
      if (r.size !== Buffer.byteLength(f.content, 'utf8')) bad.push(`files[${i}] size_bytes ${r.size}`);
    });
    expect(bad.slice(0, 10)).toEqual([]);
    // Empty content arrived as '' (NULL would have failed NOT NULL anyway), '\.' as itself.
    expect(byPath.get(pathOf(2 * PIECES.indexOf('')))!.content).toBe('');
    expect(byPath.get(pathOf(2 * PIECES.indexOf('\\.')))!.content).toBe('\\.');
  }, 120_000);

  it('content_hash (sha256 of the stored bytes, by trigger) equals sha256 computed in Node', async () => {
    // The hash is computed by the server from the bytes it stored, so this compares bytes, not
    // strings decoded by the driver.
    const { rows } = await db.query('select path, content_hash from public.files where workspace_id = $1', [ws]);
    const hashes = new Map(rows.map((r) => [r.path as string, r.content_hash as string]));
    const bad = FILES.filter((f) => hashes.get(f.path) !== sha256(f.content)).map((f) => f.path);
    expect(rows.length).toBe(N);
    expect(bad.slice(0, 10)).toEqual([]);
  }, 120_000);

  it('streamed with backpressure: never more than a few chunks buffered', () => {
    expect(copyStats.bytes).toBeGreaterThan(9_000_000);
    expect(copyStats.full).toBeGreaterThan(copyStats.writes / 2);
    expect(copyStats.writesBeforeDrain).toBe(0);
    // A chunk is 64 Ki characters (at most 192 KiB of UTF-8); the ~100 KB files are records of
    // up to ~300 KB. Ignoring write() === false would buffer all ~10 MB.
    expect(copyStats.maxBuffered).toBeLessThan(1024 * 1024);
  });
});

// Seed 003's bulkInsertFiles, as written: fields joined with ',' and no quoting at all.
const seedLine = (ws: string, f: FileInput) =>
  [ws, f.path, f.path.replace(/^.*\//, ''), f.content, f.mimeType ?? DEFAULT_MIME_TYPE, Buffer.byteLength(f.content)].join(',') + '\n';
const seedLineFixedColumns = (ws: string, f: FileInput) => [ws, f.path, f.content, f.mimeType ?? DEFAULT_MIME_TYPE].join(',') + '\n';

async function copyRaw(c: pg.ClientBase, sql: string, text: string): Promise<void> {
  const stream = c.query(copyFrom(sql));
  await new Promise<void>((resolve, reject) => {
    stream.on('error', reject);
    stream.on('finish', resolve);
    stream.end(text);
  });
}

describe("seed 003's join(',') encoding of the same rows", () => {
  let ws = '';
  beforeAll(async () => {
    ws = await newWorkspace('import-seed');
  });

  it("the seed's COPY fails outright: name and size_bytes are generated columns", async () => {
    await db.query('begin');
    try {
      const err = await copyRaw(db,
        'copy public.files (workspace_id, path, name, content, mime_type, size_bytes) from stdin with (format csv, header false)',
        FILES.slice(0, 1000).map((f) => seedLine(ws, f)).join('')).then(() => null, (e) => e);
      expect(err?.message).toMatch(/generated column/);
    } finally {
      await db.query('rollback');
    }
  });

  it('with the column list fixed, the whole batch still fails, while ours imports it', async () => {
    await db.query('begin');
    try {
      const err = await copyRaw(db, 'copy public.files (workspace_id, path, content, mime_type) from stdin with (format csv)',
        FILES.slice(0, 20_000).map((f) => seedLineFixedColumns(ws, f)).join('')).then(() => null, (e) => e);
      expect(err).toBeInstanceOf(Error);
    } finally {
      await db.query('rollback');
    }
    expect(await countFiles(ws)).toBe(0);
  });

  it('row by row: most hazards error, some are silently corrupted; our encoding keeps every one', async () => {
    const outcome: Record<string, string> = {};
    const ours: Record<string, string> = {};
    for (const [k, content] of PIECES.entries()) {
      const f = { path: `piece/${k}`, content };
      for (const [enc, out] of [['seed', outcome], ['ours', ours]] as const) {
        await db.query('begin');
        try {
          const r = enc === 'seed'
            ? await copyRaw(db, 'copy public.files (workspace_id, path, content, mime_type) from stdin with (format csv)', seedLineFixedColumns(ws, f))
              .then(() => null, (e: Error) => e)
            : await importFiles(db, ws, [f]).then(() => null, (e: Error) => e);
          if (r) {
            out[content] = 'error';
          } else {
            const { rows } = await db.query('select path, content from public.files where workspace_id = $1', [ws]);
            out[content] = rows.length === 1 && rows[0].path === f.path && rows[0].content === content ? 'ok' : 'corrupted';
          }
        } finally {
          await db.query('rollback');
        }
      }
    }
    expect(Object.values(ours).every((o) => o === 'ok'), JSON.stringify(ours)).toBe(true);
    // The seed's encoding, hazard by hazard:
    expect(outcome['a,b,c']).toBe('error'); // extra columns
    expect(outcome['lf\nonly\n']).toBe('error'); // the row is cut in two
    expect(outcome['crlf\r\nwindows\r\n']).toBe('error');
    expect(outcome['']).toBe('error'); // unquoted empty field = NULL
    expect(outcome['before\n\\.\nafter']).toBe('error'); // \. ends the data mid-file
    expect(outcome['a "quoted, field" and an unbalanced " quote']).toBe('error');
    expect(outcome['\u0001\u001F\u007F control']).toBe('ok');
    // Accepted, but not what was sent: quotes in an unquoted field are eaten by the CSV parser.
    expect(outcome['say "hi" and ""twice""']).toBe('corrupted');
    expect(PIECES.filter((p) => outcome[p] !== 'ok').length).toBeGreaterThan(P / 3);
  });
});

describe('bad input is refused before anything is sent', () => {
  let ws = '';
  beforeAll(async () => {
    ws = await newWorkspace('import-bad');
  });

  async function refused(files: FileInput[], code: string, message: RegExp) {
    const c = await connect();
    try {
      const calls = countingClient(c);
      const err = await expectImportError(importFiles(c, ws, files), code, message);
      expect(calls).toEqual([]); // not even BEGIN
      return err;
    } finally {
      await c.end();
    }
    // (nothing to count in the table either: the client never spoke to the server)
  }

  it('a NUL in row 50,000 of 100,000: clear error naming the file, zero rows', async () => {
    const files = FILES.map((f) => ({ ...f }));
    files[50_000] = { ...files[50_000], content: 'fine until\u0000here' };
    const err = await refused(files, 'nul_character', /^files\[50000\] \(path "d0\/sub 6\/f,\\"50000\\" é\.txt"\): content contains U\+0000 \(NUL\) at UTF-16 offset 10/);
    expect(err.index).toBe(50_000);
    expect(err.path).toBe(files[50_000].path);
    expect(await countFiles(ws)).toBe(0);
  }, 60_000);

  it('a NUL in a path', async () => {
    await refused([{ path: 'ok', content: '' }, { path: 'a\u0000b', content: '' }], 'nul_character', /^files\[1\] .*path contains U\+0000/);
  });

  it('a lone surrogate, high or low, in content or path', async () => {
    const e1 = await refused([{ path: 'a', content: 'x' }, { path: 'b', content: 'ab\uD83D' }], 'lone_surrogate',
      /^files\[1\] \(path "b"\): content contains a lone UTF-16 surrogate U\+D83D at offset 2/);
    expect(e1.index).toBe(1);
    await refused([{ path: 'x\uDE00y', content: '' }], 'lone_surrogate', /^files\[0\] .*path contains a lone UTF-16 surrogate U\+DE00 at offset 1/);
    // A proper pair is fine (and is imported by the 100k test).
    expect(() => validateFiles([{ path: '😀', content: '😀' }])).not.toThrow();
  });

  it('bad paths, by the same rule as the table CHECK', async () => {
    const bad = ['', '/abs', 'trailing/', 'a//b', '/', 'x'.repeat(4097), '😀'.repeat(4097)];
    const good = ['a', 'a/b/c', ' a /b ', 'line\nbreak/x', '.', '../x', '😀'.repeat(4096), 'x'.repeat(4096)];
    for (const path of bad) {
      await refused([{ path: 'fine', content: '' }, { path, content: '' }], 'invalid_path', /^files\[1\] /);
    }
    for (const path of good) expect(() => validateFiles([{ path, content: '' }]), path).not.toThrow();
    // The database agrees, path by path (char_length counts code points, like the validator).
    for (const [path, ok] of [...bad.map((p) => [p, false] as const), ...good.map((p) => [p, true] as const)]) {
      await db.query('begin');
      try {
        const r = await db.query('insert into public.files (workspace_id, path) values ($1, $2)', [ws, path]).then(() => 'ok', (e) => e.code);
        expect(r, JSON.stringify(path.slice(0, 20))).toBe(ok ? 'ok' : '23514');
      } finally {
        await db.query('rollback');
      }
    }
  });

  it('a duplicate path inside one batch', async () => {
    const err = await refused([{ path: 'a', content: '1' }, { path: 'b', content: '2' }, { path: 'a', content: '3' }], 'duplicate_path',
      /^files\[2\] \(path "a"\): duplicate path, also files\[0\]/);
    expect(err.index).toBe(2);
  });

  it('bad arguments', async () => {
    await refused([{ path: 'a', content: 1 as unknown as string }], 'invalid_content', /content is not a string/);
    await refused([{ path: 'a', content: '', mimeType: 'm'.repeat(256) }], 'invalid_mime_type', /longer than 255/);
    await expectImportError(importFiles(db, 'not-a-uuid', []), 'invalid_argument', /not a uuid/);
    await expectImportError(importFiles(db, ws, [], { onConflict: 'merge' as never }), 'invalid_argument', /onConflict/);
  });
});

describe('a failure in the middle of the COPY', () => {
  it('a statement cancelled after 5 of ~110 chunks: the server error surfaces, nothing is written, the client is reusable', async () => {
    const ws = await newWorkspace('import-cancel');
    const c = await connect();
    try {
      const pid = (await c.query('select pg_backend_pid() as pid')).rows[0].pid;
      const stats = watchCopy(c);
      let cancel: Promise<unknown> | null = null;
      const orig = c.query.bind(c) as (...a: unknown[]) => unknown;
      (c as unknown as { query: unknown }).query = (...a: unknown[]) => {
        const q = a[0];
        if (q instanceof Writable) {
          q.on('drain', () => {
            if (stats.writes === 5 && !cancel) cancel = db.query('select pg_cancel_backend($1)', [pid]);
          });
        }
        return orig(...a);
      };
      const err = await importFiles(c, ws, FILES).then(() => null, (e: unknown) => e);
      await cancel;
      expect(cancel).not.toBeNull();
      expect((err as { code?: string })?.code, String(err)).toBe('57014'); // query_canceled, untranslated
      expect(stats.writes).toBeLessThan(20); // stopped soon after, not after sending everything
      expect(c.getTransactionStatus()).toBe('I');
      expect(await importFiles(c, ws, FILES.slice(0, 10))).toEqual({ inserted: 10, skipped: 0, replaced: 0 });
    } finally {
      await c.end();
    }
    expect(await countFiles(ws)).toBe(10);
  }, 60_000);
});

describe('conflicts', () => {
  let ws = '';
  const existing = Array.from({ length: 3 }, (_, i) => ({ path: `exists/${i}.txt`, content: `old ${i}` }));
  const batch = Array.from({ length: 10 }, (_, i) => ({ path: `exists/${i}.txt`, content: `new ${i}\n"quoted", \\ 😀` }));

  beforeAll(async () => {
    ws = await newWorkspace('import-conflicts');
  });

  async function seedExisting() {
    await db.query('delete from public.files where workspace_id = $1', [ws]);
    await importFiles(db, ws, existing);
    return (await db.query('select path, id, created_at, content_hash from public.files where workspace_id = $1', [ws])).rows;
  }

  it("'error' (the default): one conflict in the last row of 20k rolls back everything", async () => {
    await seedExisting();
    const files = [...Array.from({ length: 20_000 }, (_, i) => ({ path: `fresh/${i}`, content: PIECES[i % P] })), existing[1]];
    const err = await expectImportError(importFiles(db, ws, files), 'conflict',
      /a file already exists at that path in workspace .*\(workspace_id, path\)=\(.*, exists\/1\.txt\) already exists.*nothing was imported/s);
    expect(err.sqlstate).toBe('23505');
    expect(await countFiles(ws)).toBe(3);
    // The staging table went with the transaction, and the connection is usable again.
    expect((await db.query("select to_regclass('pg_temp.opsbase_file_import') as t")).rows[0].t).toBeNull();
    expect(await importFiles(db, ws, files.slice(0, 5))).toEqual({ inserted: 5, skipped: 0, replaced: 0 });
  }, 60_000);

  it("'skip' leaves existing files alone and imports the rest", async () => {
    const before = await seedExisting();
    expect(await importFiles(db, ws, batch, { onConflict: 'skip' })).toEqual({ inserted: 7, skipped: 3, replaced: 0 });
    const { rows } = await db.query('select path, content, content_hash from public.files where workspace_id = $1 order by path', [ws]);
    expect(rows.length).toBe(10);
    for (const r of rows) {
      const i = Number(r.path.match(/(\d+)\.txt$/)[1]);
      const expected = i < 3 ? existing[i].content : batch[i].content;
      expect(r.content).toBe(expected);
      expect(r.content_hash).toBe(sha256(expected));
    }
    expect(before.map((r) => r.content_hash).sort()).toEqual(existing.map((f) => sha256(f.content)).sort());
  });

  it("'replace' overwrites content and mime type in place (same id and created_at, new hash)", async () => {
    const before = await seedExisting();
    const withMime = batch.map((f) => ({ ...f, mimeType: 'text/markdown' }));
    expect(await importFiles(db, ws, withMime, { onConflict: 'replace' })).toEqual({ inserted: 7, skipped: 0, replaced: 3 });
    const { rows } = await db.query(
      'select path, id, created_at, updated_at, content, content_hash, mime_type from public.files where workspace_id = $1', [ws]);
    expect(rows.length).toBe(10);
    for (const r of rows) {
      const i = Number(r.path.match(/(\d+)\.txt$/)[1]);
      expect(r.content).toBe(batch[i].content);
      expect(r.content_hash).toBe(sha256(batch[i].content));
      expect(r.mime_type).toBe('text/markdown');
      const old = before.find((b) => b.path === r.path);
      if (old) {
        expect(r.id).toBe(old.id);
        expect(r.created_at).toEqual(old.created_at);
        expect(r.updated_at.getTime()).toBeGreaterThan(old.created_at.getTime());
      }
    }
  });
});

describe('RLS: the import runs with the caller’s role and claims', () => {
  let ws = '';
  const files = Array.from({ length: 2_000 }, (_, i) => ({ path: `rls/${i}`, content: PIECES[i % P] }));

  beforeAll(async () => {
    ws = await newWorkspace('import-rls');
    await db.query("insert into public.workspace_members (workspace_id, user_id, role) values ($1, $2, 'member')", [ws, member]);
  });

  for (const who of ['outsider', 'member'] as const) {
    it(`${who === 'outsider' ? 'an outsider' : 'a plain member'} gets a clear RLS error and nothing is written`, async () => {
      const c = await connect();
      try {
        await beginAs(c, who === 'outsider' ? outsider : member);
        const err = await expectImportError(importFiles(c, ws, files), 'permission_denied',
          /not allowed to write files of workspace .*: new row violates row-level security policy for table "files"; nothing was imported/);
        expect(err.sqlstate).toBe('42501');
        // The import was a savepoint of the caller's transaction, which is still usable.
        expect((await c.query('select current_user as u')).rows[0].u).toBe('authenticated');
        await c.query('commit');
      } finally {
        await c.end();
      }
      expect(await countFiles(ws)).toBe(0);
    });
  }

  it("an outsider cannot 'replace' an owner's files either", async () => {
    await importFiles(db, ws, files.slice(0, 3));
    const c = await connect();
    try {
      await beginAs(c, outsider);
      await expectImportError(importFiles(c, ws, files.slice(0, 3).map((f) => ({ ...f, content: 'pwned' })), { onConflict: 'replace' }),
        'permission_denied', /row-level security/);
      await c.query('commit');
    } finally {
      await c.end();
    }
    const { rows } = await db.query('select content from public.files where workspace_id = $1 order by path', [ws]);
    expect(rows.map((r) => r.content)).toEqual(files.slice(0, 3).map((f) => f.content)); // rls/0, rls/1, rls/2
    await db.query('delete from public.files where workspace_id = $1', [ws]);
  });

  it('the owner succeeds; the rows are theirs, and only the caller’s COMMIT makes them durable', async () => {
    const c = await connect();
    try {
      await beginAs(c, owner);
      expect(await importFiles(c, ws, files)).toEqual({ inserted: files.length, skipped: 0, replaced: 0 });
      await c.query('rollback'); // the caller changes its mind: the import goes with its transaction
      expect(await countFiles(ws)).toBe(0);

      await beginAs(c, owner);
      expect(await importFiles(c, ws, files)).toEqual({ inserted: files.length, skipped: 0, replaced: 0 });
      // A second import in the same transaction works (the staging table was dropped).
      expect(await importFiles(c, ws, [{ path: 'rls/second', content: 'x' }])).toEqual({ inserted: 1, skipped: 0, replaced: 0 });
      await c.query('commit');
      // 'skip' and 'replace' under RLS too ('replace' reads back through the SELECT policy).
      await beginAs(c, owner);
      const again = files.slice(0, 10).map((f) => ({ ...f, content: `${f.content}!` }));
      expect(await importFiles(c, ws, again, { onConflict: 'skip' })).toEqual({ inserted: 0, skipped: 10, replaced: 0 });
      expect(await importFiles(c, ws, again, { onConflict: 'replace' })).toEqual({ inserted: 0, skipped: 0, replaced: 10 });
      await c.query('commit');
    } finally {
      await c.end();
    }
    const { rows } = await db.query(
      'select count(*)::int as n, count(*) filter (where created_by = $2)::int as mine from public.files where workspace_id = $1', [ws, owner]);
    expect(rows[0]).toEqual({ n: files.length + 1, mine: files.length + 1 });
    const replaced = await db.query("select content from public.files where workspace_id = $1 and path = 'rls/0'", [ws]);
    expect(replaced.rows[0].content).toBe(`${files[0].content}!`);
  });

  it('a pg Pool works too (its own login role: for trusted server-side code)', async () => {
    const pool = new pg.Pool({ connectionString: TEST_DB_URL, max: 1 });
    try {
      expect(await importFiles(pool, ws, [{ path: 'pool/a', content: 'a' }])).toEqual({ inserted: 1, skipped: 0, replaced: 0 });
    } finally {
      await pool.end();
    }
    expect((await db.query('select created_by from public.files where workspace_id = $1 and path = $2', [ws, 'pool/a'])).rows[0].created_by).toBeNull();
  });
});
