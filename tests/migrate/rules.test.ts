// Pure parts of the toolkit: drift rules, lint rules and ignores, the SQL lexer, generators.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectPaths, sha256 } from '../../scripts/migrate/files.mjs';
import { lint } from '../../scripts/migrate/lint.mjs';
import { PATTERNS } from '../../scripts/migrate/patterns.mjs';
import { diffSnapshots, parseDump } from '../../scripts/migrate/schema-snapshot.mjs';
import { splitStatements } from '../../scripts/migrate/sql.mjs';
import { computeState } from '../../scripts/migrate/state.mjs';
import { slugify } from '../../scripts/migrate/create.mjs';

const file = (version: string, sql: string, rollback = true) => ({
  version, name: `m${version}`, file: `${version}_m${version}.sql`, path: `/x/${version}.sql`, sql,
  checksum: sha256(sql), rollback: rollback ? `/x/${version}.down.sql` : null, rollbackFile: `${version}_m${version}.down.sql`,
});
const row = (version: string, statements: string[]) => ({ version, name: `m${version}`, statements });
const meta = (version: string, sql: string, extra = {}) => ({ version, name: `m${version}`, checksum: sha256(sql), rolled_back_at: null, ...extra });

describe('computeState (drift)', () => {
  const a = 'create table a (id bigint);\n';
  const b = 'create table b (id bigint);\n';

  it('applied with matching checksums, and pending: no problems', () => {
    const s = computeState([file('1', a), file('2', b)], [row('1', ['create table a (id bigint)'])], [meta('1', a)]);
    expect(s.problems).toEqual([]);
    expect(s.entries.map((e) => e.status)).toEqual(['applied', 'pending']);
  });

  it('edited after apply: by checksum, and without a checksum by the statements Supabase stored', () => {
    const edited = computeState([file('1', `${a}-- changed\nselect 1;`)], [row('1', ['create table a (id bigint)'])], [meta('1', a)]);
    expect(edited.problems.map((p) => p.kind)).toEqual(['edited']);
    const noMeta = computeState([file('1', 'create table a (id bigint, x int);')], [row('1', ['create table a (id bigint)'])], null);
    expect(noMeta.problems.map((p) => p.kind)).toEqual(['edited']);
    const whitespaceOnly = computeState([file('1', 'create table a (id bigint)  ;\n\n')], [row('1', ['create table a (id bigint)'])], null);
    expect(whitespaceOnly.problems).toEqual([]);
  });

  it('a recorded file gone from disk, an unknown applied version, out of order, renamed, no rollback', () => {
    const s = computeState(
      [{ ...file('3', b), name: 'renamed' }, file('2', a, false)],
      [row('1', ['x']), row('3', ['create table b (id bigint)']), row('4', ['y'])],
      [meta('1', 'x'), meta('3', b)],
    );
    expect(s.problems.map((p) => `${p.kind}:${p.version}`).sort()).toEqual(
      ['missing-file:1', 'missing-rollback:2', 'out-of-order:2', 'renamed:3', 'unknown-version:4']);
  });

  it('a rolled-back version is pending again; a side row Supabase no longer has is reported', () => {
    const s = computeState([file('1', a), file('2', b)], [], [meta('1', a, { rolled_back_at: new Date() }), meta('2', b)]);
    expect(s.pending.map((e) => e.version)).toEqual(['1', '2']);
    expect(s.problems.map((p) => `${p.kind}:${p.version}`)).toEqual(['side-ledger-stale:2']);
  });
});

describe('lexer', () => {
  it('splits on semicolons outside strings, dollar quotes, identifiers and comments', () => {
    const s = splitStatements("select ';';\ncreate function f() returns int language sql as $b$ select 1; $b$;\n-- a; b\nselect \"x;y\" /* c; /* nested; */ */ from t;");
    expect(s.map((x) => x.code)).toEqual(["select ''", 'create function f() returns int language sql as $$$$', 'select "x;y" from t']);
    expect(s.map((x) => x.line)).toEqual([1, 2, 4]);
  });
});

describe('lint rules', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'opsbase-lint-'));
  const paths = projectPaths(dir);
  mkdirSync(paths.migrations, { recursive: true });
  mkdirSync(paths.rollbacks, { recursive: true });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const put = (name: string, up: string, down: string | null = "set lock_timeout = '5s';\nselect 1;\n") => {
    writeFileSync(path.join(paths.migrations, name), up);
    if (down !== null) writeFileSync(path.join(paths.rollbacks, name.replace('.sql', '.down.sql')), down);
  };
  const T = "set lock_timeout = '5s';\nset statement_timeout = '60s';\n";

  it('flags each dangerous pattern once, with the rule and line', async () => {
    put('20990101000000_bad.sql', [
      'create table public.t (id bigint primary key, c text);',
      'alter table public.t enable row level security;',
      'drop table public.old;',
      'truncate public.t;',
      'delete from public.t;',
      'delete from public.t where true;',
      'delete from public.t where id = 1;',
      'create index concurrently t_c_idx on public.t (c);',
      'alter table public.existing add column u uuid default gen_random_uuid();',
      'alter table public.existing alter column c set not null;',
      'grant select on public.t to anon;',
      'commit;',
      "create function public.f() returns void language sql as $$ delete from public.t $$;",
    ].join('\n'), null);
    const r = await lint(paths).finally(() => rmSync(path.join(paths.migrations, '20990101000000_bad.sql')));
    const got = r.findings.filter((f) => f.source === 'opsbase').map((f) => `${f.line}:${f.rule}`);
    expect(got.sort((x, y) => parseInt(x) - parseInt(y) || x.localeCompare(y))).toEqual(['1:missing-lock-timeout', '1:missing-rollback', '1:missing-statement-timeout', '2:rls-without-policy',
      '3:drop-table', '4:truncate', '5:unbounded-delete', '6:unbounded-delete', '8:concurrently-in-transaction',
      '9:volatile-default', '10:not-null-without-check', '11:grant-to-anon', '12:transaction-control']);
    expect(r.findings.some((f) => f.source === 'squawk' && f.rule === 'ban-drop-table')).toBe(true);
  });

  it('honours reasoned per-file ignores (also for squawk rules) and rejects unreasoned ones', async () => {
    put('20990101000100_ok.sql', `${T}-- opsbase-lint-ignore drop-table, ban-drop-table: replaced by public.t2 in 20990101000000\ndrop table public.old;\n`);
    put('20990101000200_lazy.sql', `${T}-- opsbase-lint-ignore truncate\ntruncate public.t;\n`);
    const r = await lint(paths);
    expect(r.ignored.map((f) => `${f.file}:${f.rule}`).sort()).toEqual([
      'supabase/migrations/20990101000100_ok.sql:ban-drop-table', 'supabase/migrations/20990101000100_ok.sql:drop-table']);
    const rules = (name: string) => r.findings.filter((f) => f.file.endsWith(name)).map((f) => f.rule);
    expect(rules('20990101000100_ok.sql')).toEqual([]);
    expect(rules('20990101000200_lazy.sql')).toEqual(expect.arrayContaining(['invalid-ignore', 'truncate']));
  });

  it('accepts the safe versions: NOT VALID + VALIDATE before SET NOT NULL, policies, new tables', async () => {
    for (const f of ['20990101000100_ok.sql', '20990101000200_lazy.sql']) rmSync(path.join(paths.migrations, f));
    put('20990101000300_safe.sql', `${T}create table public.n (id bigint primary key, c text not null default 'x');
alter table public.n enable row level security;
create policy n_read on public.n for select to authenticated using (true);
alter table public.n alter column c set not null;
delete from public.n where c = 'x';
`);
    const r = await lint(paths);
    expect(r.findings.filter((f) => f.source === 'opsbase')).toEqual([]);
  });
});

describe('patterns', () => {
  it('split changes that need separate transactions into separate migrations', () => {
    const check = PATTERNS['add-check'].generate({ pattern: 'add-check', table: 'app.orders', name: 'orders_total_positive', check: 'total >= 0' });
    expect(check.map((p) => p.up)).toEqual([
      'alter table app.orders add constraint orders_total_positive check (total >= 0) not valid;\n',
      'alter table app.orders validate constraint orders_total_positive;\n',
    ]);
    const idx = PATTERNS['index-concurrently'].generate({ pattern: 'index-concurrently', table: 'orders', name: 'orders_user_idx', columns: 'user_id, created_at' });
    expect(idx[0].up).toContain("cron.schedule('opsbase-build-orders_user_idx', '* * * * *', 'create index concurrently if not exists orders_user_idx on public.orders (user_id, created_at)')");
    expect(idx[1].up).toContain('indisvalid');
    expect(() => PATTERNS['add-column'].generate({ pattern: 'add-column', table: 'orders', column: 'x', type: 'int', notNull: true })).toThrow(/--not-null needs --default/);
    expect(() => PATTERNS['rename-column'].generate({ pattern: 'rename-column', table: 'orders', from: 'a' })).toThrow(/needs --to/);
  });

  it('slugify refuses descriptions without letters or digits', () => {
    expect(slugify('Add user preferences!')).toBe('add_user_preferences');
    expect(() => slugify('  ')).toThrow(/needs a description/);
  });
});

describe('schema snapshots', () => {
  it('parse pg_dump into objects and report what is left behind, missing or changed', () => {
    const dump = (fn: string) => `--\n-- Name: t; Type: TABLE; Schema: ops; Owner: postgres\n--\n\nCREATE TABLE ops.t (id bigint);\n\n--\n-- Name: f(); Type: FUNCTION; Schema: ops; Owner: postgres\n--\n\n${fn}\n`;
    const a = parseDump(dump('CREATE FUNCTION ops.f() RETURNS int AS $$ select 1 $$;'));
    const b = parseDump(dump('CREATE FUNCTION ops.f() RETURNS int AS $$ select 2 $$;'));
    expect([...a.keys()]).toEqual(['TABLE ops.t', 'FUNCTION ops.f()']);
    expect(diffSnapshots(a, a).equal).toBe(true);
    expect(diffSnapshots(a, b).changed.map((c) => c.key)).toEqual(['FUNCTION ops.f()']);
    const c = new Map(a);
    c.set('EXTENSION pg_cron', 'CREATE EXTENSION pg_cron;');
    expect(diffSnapshots(a, c).added).toEqual(['EXTENSION pg_cron']);
    expect(diffSnapshots(a, c, ['extension pg_cron']).equal).toBe(true);
  });
});
