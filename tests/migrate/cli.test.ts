// `opsbase migrate` as an operator runs it: real processes, the real Supabase CLI, a scratch
// cluster. The project holds the repo's foundation and ledger migrations plus probe migrations.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DB_URL } from '../../scripts/lib/config.mjs';
import { supabase } from '../../scripts/lib/db.mjs';
import { LOCK_KEY } from '../../scripts/migrate/lock.mjs';
import { cli, freshScratch, ledgerVersions, makeProject, q, SCRATCH } from './helpers';

const DB = SCRATCH.cli;
const FOUNDATION = '20261124130000';
const LEDGER = '20261124180000';
const project = makeProject([FOUNDATION, LEDGER]);
const db = ['--db-url', DB, '--workdir', project.dir];
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

beforeAll(async () => {
  await freshScratch(DB);
  project.add('20990101000000_probe_a.sql',
    "create table ops.mt_probe (id bigint primary key, note text);\ninsert into ops.mt_probe values (1, 'a');\n",
    'drop table ops.mt_probe;\n');
  project.add('20990101000100_probe_b.sql',
    "alter table ops.mt_probe add column b text;\ninsert into ops.mt_probe values (2, 'b');\n",
    'delete from ops.mt_probe where id = 2;\nalter table ops.mt_probe drop column b;\n');
}, 120_000);
afterAll(() => rmSync(project.dir, { recursive: true, force: true }));

/** Hold the migration lock in a transaction of our own, as another runner would. */
async function holdLock() {
  const c = new pg.Client({ connectionString: DB });
  await c.connect();
  await c.query('begin');
  await c.query('select pg_advisory_xact_lock($1::bigint)', [LOCK_KEY]);
  return { release: async () => { await c.query('commit'); await c.end(); } };
}

async function waitersOnLock() {
  const [r] = await q<{ n: number }>(DB,
    `select count(*)::int as n from pg_locks where locktype = 'advisory' and not granted
       and classid::bigint = ($1::bigint >> 32) and objid::bigint = ($1::bigint & 4294967295)`, [LOCK_KEY]);
  return r.n;
}

describe('opsbase migrate (processes against a scratch cluster)', () => {
  it('up applies every pending migration with supabase db push and records SHA-256 checksums', async () => {
    const r = await cli(['migrate', 'up', ...db]);
    expect(r.stderr).toContain('[4/4] applying 20990101000100_probe_b');
    expect(r.code).toBe(0);
    expect(await ledgerVersions(DB)).toEqual([FOUNDATION, LEDGER, '20990101000000', '20990101000100']);
    const rows = await q<{ version: string; checksum: string; applied_by: string; recorded_via: string }>(DB,
      'select version, checksum, applied_by, recorded_via from ops.migration_ledger order by version');
    expect(rows.map((x) => x.checksum)).toEqual([
      sha(project.migration(`${FOUNDATION}_ops_foundation.sql`)),
      sha(project.migration(`${LEDGER}_ops_migration_ledger.sql`)),
      sha(project.migration('20990101000000_probe_a.sql')),
      sha(project.migration('20990101000100_probe_b.sql')),
    ]);
    expect(new Set(rows.map((x) => `${x.applied_by}/${x.recorded_via}`))).toEqual(new Set(['vitest/up']));
    const again = await cli(['migrate', 'up', ...db]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('is up to date');
  });

  it('a migration that fails halfway leaves no partial change and no ledger row', async () => {
    project.add('20990101000200_half.sql',
      "create table ops.mt_half (id bigint);\ninsert into ops.mt_half values (1);\nselect 1 / 0;\ncreate table ops.mt_half2 (id bigint);\n",
      'drop table ops.mt_half2;\ndrop table ops.mt_half;\n');
    try {
      const r = await cli(['migrate', 'up', ...db, '--json']);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/20990101000200_half\.sql failed.*\n.*division by zero/);
      const [rels] = await q(DB, "select to_regclass('ops.mt_half') as a, to_regclass('ops.mt_half2') as b");
      expect(rels).toEqual({ a: null, b: null });
      expect(await ledgerVersions(DB)).not.toContain('20990101000200');
      expect(await q(DB, "select 1 from ops.migration_ledger where version = '20990101000200'")).toEqual([]);
      const status = JSON.parse((await cli(['migrate', 'status', ...db, '--json'])).stdout);
      expect(status.migrations.find((m: { version: string }) => m.version === '20990101000200').status).toBe('pending');
    } finally {
      rmSync(project.migration('20990101000200_half.sql'));
      rmSync(project.rollback('20990101000200_half.sql'));
    }
  });

  it('a file edited after it was applied is drift for status and verify; verify exits 1 and up refuses', async () => {
    const file = project.migration('20990101000000_probe_a.sql');
    const original = readFileSync(file, 'utf8');
    expect((await cli(['migrate', 'verify', ...db])).code).toBe(0);
    writeFileSync(file, original.replace("'a'", "'edited'"));
    try {
      const status = await cli(['migrate', 'status', ...db, '--json']);
      expect(status.code).toBe(0);
      const entry = JSON.parse(status.stdout).migrations.find((m: { version: string }) => m.version === '20990101000000');
      expect(entry.drift).toEqual(['edited']);
      const verify = await cli(['migrate', 'verify', ...db]);
      expect(verify.code).toBe(1);
      expect(verify.stdout).toMatch(/FAIL edited: 20990101000000_probe_a\.sql was edited after it was applied/);
      const up = await cli(['migrate', 'up', ...db]);
      expect(up.code).toBe(1);
      expect(up.stderr).toContain('refusing to migrate');
    } finally {
      writeFileSync(file, original);
    }
    expect((await cli(['migrate', 'verify', ...db])).code).toBe(0);
  });

  it('two concurrent `migrate up` runs: one applies, the other waits and then finds nothing to do', async () => {
    project.add('20990101000300_probe_c.sql', "insert into ops.mt_probe (id, note) values (3, 'c');\n",
      'delete from ops.mt_probe where id = 3;\n');
    // Both runners start while the lock is held, so both must queue on it.
    const lock = await holdLock();
    const runs = [cli(['migrate', 'up', ...db, '--json']), cli(['migrate', 'up', ...db, '--json'])];
    while ((await waitersOnLock()) < 2) await new Promise((r) => setTimeout(r, 50));
    await lock.release();
    const [a, b] = await Promise.all(runs);
    expect([a.code, b.code]).toEqual([0, 0]);
    for (const r of [a, b]) expect(r.stderr).toContain('waiting for the migration lock');
    const applied = [a, b].map((r) => JSON.parse(r.stdout).applied.map((x: { version: string }) => x.version));
    expect(applied.sort((x, y) => x.length - y.length)).toEqual([[], ['20990101000300']]);
    expect(await q(DB, 'select id from ops.mt_probe where id = 3')).toEqual([{ id: '3' }]);
    expect((await ledgerVersions(DB)).filter((v) => v === '20990101000300')).toHaveLength(1);
  });

  it('--no-wait refuses at once (exit 3) while another runner holds the lock', async () => {
    project.add('20990101000400_probe_d.sql', "insert into ops.mt_probe (id, note) values (4, 'd');\n",
      'delete from ops.mt_probe where id = 4;\n');
    const lock = await holdLock();
    try {
      const r = await cli(['migrate', 'up', ...db, '--no-wait']);
      expect(r.code).toBe(3);
      expect(r.stderr).toContain('another migration runner holds the lock');
      expect(await ledgerVersions(DB)).not.toContain('20990101000400');
    } finally {
      await lock.release();
      rmSync(project.migration('20990101000400_probe_d.sql'));
      rmSync(project.rollback('20990101000400_probe_d.sql'));
    }
  });

  it('down --steps 2 runs the rollbacks newest first and updates both ledgers; up re-applies', async () => {
    const r = await cli(['migrate', 'down', '--steps', '2', ...db]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/\[1\/2\] rolling back 20990101000300_probe_c[\s\S]*\[2\/2\] rolling back 20990101000100_probe_b/);
    expect(await ledgerVersions(DB)).toEqual([FOUNDATION, LEDGER, '20990101000000']);
    expect(await q(DB, 'select id from ops.mt_probe order by id')).toEqual([{ id: '1' }]);
    const side = await q<{ version: string; rolled_back: boolean; rolled_back_by: string }>(DB,
      "select version, rolled_back_at is not null as rolled_back, rolled_back_by from ops.migration_ledger where version in ('20990101000100', '20990101000300') order by version");
    expect(side).toEqual([
      { version: '20990101000100', rolled_back: true, rolled_back_by: 'vitest' },
      { version: '20990101000300', rolled_back: true, rolled_back_by: 'vitest' },
    ]);
    expect((await cli(['migrate', 'up', ...db])).code).toBe(0);
    expect(await q(DB, "select count(*)::int as n from ops.migration_ledger where rolled_back_at is not null")).toEqual([{ n: 0 }]);
  });

  it('a rollback that fails undoes the whole down: both ledgers and the schema are unchanged', async () => {
    const rb = project.rollback('20990101000100_probe_b.sql');
    const original = readFileSync(rb, 'utf8');
    writeFileSync(rb, `${original}select 1 / 0;\n`);
    const before = await ledgerVersions(DB);
    try {
      const r = await cli(['migrate', 'down', '--steps', '2', ...db]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/20990101000100_probe_b\.down\.sql failed( at line \d+)?: division by zero/);
      expect(await ledgerVersions(DB)).toEqual(before);
      // Step 1 (probe_c) had succeeded inside the same transaction: it is undone too.
      expect(await q(DB, 'select id from ops.mt_probe order by id')).toEqual([{ id: '1' }, { id: '2' }, { id: '3' }]);
      expect(await q(DB, 'select count(*)::int as n from ops.migration_ledger where rolled_back_at is not null')).toEqual([{ n: 0 }]);
    } finally {
      writeFileSync(rb, original);
    }
  });

  it('bad input gives a clear error (exit 2) and changes nothing', async () => {
    const before = await ledgerVersions(DB);
    const files = () => readdirSync(path.join(project.dir, 'supabase/migrations')).concat(readdirSync(path.join(project.dir, 'supabase/rollbacks')));
    const filesBefore = files();

    const empty = await cli(['migrate', 'create', '', '--workdir', project.dir]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('create needs a description');
    expect((await cli(['migrate', 'create', '--workdir', project.dir])).code).toBe(2);
    expect((await cli(['migrate', 'create', '!!!', '--workdir', project.dir])).code).toBe(2);
    expect(files()).toEqual(filesBefore);

    const past = await cli(['migrate', 'down', '--steps', '99', ...db]);
    expect(past.code).toBe(2);
    expect(past.stderr).toContain('--steps 99 goes past the first migration: only 5 migration(s) are applied');
    expect((await cli(['migrate', 'down', '--steps', '0', ...db])).code).toBe(2);
    expect((await cli(['migrate', 'down', '--stesp', '1', ...db])).stderr).toContain('unknown option --stesp');

    const rb = project.rollback('20990101000300_probe_c.sql');
    const saved = readFileSync(rb);
    rmSync(rb);
    try {
      const missing = await cli(['migrate', 'down', ...db]);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('missing rollback file supabase/rollbacks/20990101000300_*.down.sql');
    } finally {
      writeFileSync(rb, saved);
    }
    expect(await ledgerVersions(DB)).toEqual(before);
    expect(await q(DB, 'select id from ops.mt_probe where id = 3')).toEqual([{ id: '3' }]);
  });

  it('a version pushed by plain `supabase db push` is adopted (checksum recorded) by the next up', async () => {
    project.add('20990101000500_probe_e.sql', "insert into ops.mt_probe (id, note) values (5, 'e');\n", 'delete from ops.mt_probe where id = 5;\n');
    await supabase(['db', 'push', '--yes', '--workdir', project.dir], DB);
    expect(await q(DB, "select 1 from ops.migration_ledger where version = '20990101000500'")).toEqual([]);
    expect((await cli(['migrate', 'verify', ...db])).code).toBe(0); // checked against the CLI's stored statements
    const r = await cli(['migrate', 'up', ...db]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('recorded checksums of 1 migration(s) pushed without opsbase');
    expect(await q(DB, "select checksum, recorded_via from ops.migration_ledger where version = '20990101000500'"))
      .toEqual([{ checksum: sha(project.migration('20990101000500_probe_e.sql')), recorded_via: 'adopt' }]);
  });

  it('an applied version missing from disk, and an out-of-order pending file, fail verify', async () => {
    const file = project.migration('20990101000500_probe_e.sql');
    const saved = readFileSync(file);
    rmSync(file);
    project.add('20990101000450_late.sql', 'select 1;\n', 'select 1;\n');
    try {
      const r = await cli(['migrate', 'verify', ...db, '--json']);
      expect(r.code).toBe(1);
      const kinds = JSON.parse(r.stdout).failures.map((f: { kind: string; version: string }) => `${f.kind}:${f.version}`);
      expect(kinds.sort()).toEqual(['missing-file:20990101000500', 'out-of-order:20990101000450']);
    } finally {
      writeFileSync(file, saved);
      rmSync(project.migration('20990101000450_late.sql'));
      rmSync(project.rollback('20990101000450_late.sql'));
    }
  });

  it('create writes a timestamped migration and rollback with both timeouts, which lint clean', async () => {
    const r = await cli(['migrate', 'create', 'Add widget flags', '--workdir', project.dir, '--json']);
    expect(r.code).toBe(0);
    const [created] = JSON.parse(r.stdout).created;
    expect(created.migration).toMatch(/^supabase\/migrations\/\d{14}_add_widget_flags\.sql$/);
    const up = readFileSync(path.join(project.dir, created.migration), 'utf8');
    expect(up).toMatch(/set lock_timeout = '5s';\nset statement_timeout = '60s';/);
    expect(existsSync(path.join(project.dir, created.rollback))).toBe(true);
    const lint = await cli(['migrate', 'lint', path.join(project.dir, created.migration), '--workdir', project.dir]);
    expect(lint.stdout).toContain('0 error(s)');
    expect(lint.code).toBe(0);
    rmSync(path.join(project.dir, created.migration));
    rmSync(path.join(project.dir, created.rollback));
  });

  it('the test database, pushed by npm test with plain supabase db push, verifies against the repository', async () => {
    const r = await cli(['migrate', 'verify', '--db-url', TEST_DB_URL]);
    expect(r.stdout).toMatch(/^verified: /m);
    expect(r.code).toBe(0);
  });
});
