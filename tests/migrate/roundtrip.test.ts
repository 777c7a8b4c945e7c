// `migrate test` must catch rollbacks that are not inverses: planted defects, precise verdicts.
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, ensureCluster, makeProject, q, SCRATCH } from './helpers';

const project = makeProject(['20261124130000']);
afterAll(() => rmSync(project.dir, { recursive: true, force: true }));

describe('migrate test on planted defects', () => {
  it('reports each migration whose down is not the inverse of its up, and passes the sound ones', async () => {
    project.add('20990101000000_good.sql', 'create table ops.rt_a (id bigint primary key);\n', 'drop table ops.rt_a;\n');
    project.add('20990101000100_leaky.sql',
      'create table ops.rt_b (id bigint primary key);\ncreate function ops.rt_f() returns integer language sql set search_path = \'\' as $$ select 1 $$;\n',
      'drop table ops.rt_b;\n');
    project.add('20990101000200_greedy.sql', 'create table ops.rt_c (id bigint primary key);\n', 'drop table ops.rt_c;\ndrop table ops.rt_a;\n');
    project.add('20990101000300_not_idempotent.sql', '-- opsbase-idempotent\ncreate table ops.rt_d (id bigint primary key);\n', 'drop table ops.rt_d;\n');
    project.add('20990101000400_no_rollback.sql', 'create table ops.rt_e (id bigint primary key);\n', null);
    await ensureCluster(SCRATCH.roundTrip);
    const r = await cli(['migrate', 'test', '--db-url', SCRATCH.roundTrip, '--reset', '--workdir', project.dir, '--json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    const byName = Object.fromEntries(report.migrations.map((m: { name: string; problems: string[] }) => [m.name, m.problems]));
    expect(byName.ops_foundation).toEqual([]);
    expect(byName.good).toEqual([]);
    expect(byName.leaky).toContain('down is not the inverse of up: left behind: FUNCTION ops.rt_f()');
    expect(byName.leaky.some((p: string) => /^up after down fails: .*function "rt_f" already exists/.test(p))).toBe(true);
    expect(byName.greedy).toEqual([
      'down is not the inverse of up: missing: TABLE ops.rt_a',
      'down is not the inverse of up: missing: CONSTRAINT ops.rt_a rt_a_pkey',
      'up after down differs from the first up: missing: TABLE ops.rt_a',
      'up after down differs from the first up: missing: CONSTRAINT ops.rt_a rt_a_pkey',
    ]);
    expect(byName.not_idempotent.some((p: string) => /^declared idempotent, but a second run fails: .*"rt_d" already exists/.test(p))).toBe(true);
    expect(byName.no_rollback).toEqual(['missing rollback file supabase/rollbacks/20990101000400_*.down.sql']);
    expect(report.aborted).toBeNull();
  }, 300_000);

  it('the safe-pattern generators write migrations whose rollbacks are exact inverses and that lint clean', async () => {
    const gen = makeProject(['20261124130000']);
    try {
      gen.add('20990101000000_orders.sql',
        'create table ops.orders (id bigint primary key, total numeric, legacy text, note text);\nalter table ops.orders enable row level security;\n',
        'drop table ops.orders;\n');
      const create = (...args: string[]) => cli(['migrate', 'create', ...args, '--workdir', gen.dir]);
      const runs = [
        await create('orders paid flag', '--version', '20990102000000', '--pattern', 'add-column', '--table', 'ops.orders', '--column', 'paid', '--type', 'boolean', '--default', 'false', '--not-null'),
        await create('orders total positive', '--version', '20990103000000', '--pattern', 'add-check', '--table', 'ops.orders', '--name', 'orders_total_positive', '--check', 'total >= 0'),
        await create('orders total required', '--version', '20990104000000', '--pattern', 'set-not-null', '--table', 'ops.orders', '--column', 'total'),
        await create('orders note to memo', '--version', '20990105000000', '--pattern', 'rename-column', '--table', 'ops.orders', '--from', 'note', '--to', 'memo'),
        await create('orders drop legacy', '--version', '20990106000000', '--pattern', 'drop-column', '--table', 'ops.orders', '--column', 'legacy', '--type', 'text'),
        await create('orders score', '--version', '20990107000000', '--pattern', 'backfill', '--table', 'ops.orders', '--column', 'score', '--type', 'bigint', '--set', 'total * 100'),
      ];
      expect(runs.map((r) => r.code)).toEqual([0, 0, 0, 0, 0, 0]);
      const lint = await cli(['migrate', 'lint', '--workdir', gen.dir, '--json']);
      expect(JSON.parse(lint.stdout).findings).toEqual([]);
      const r = await cli(['migrate', 'test', '--db-url', SCRATCH.roundTrip, '--reset', '--workdir', gen.dir, '--json']);
      const report = JSON.parse(r.stdout);
      // Every generated pair is an exact inverse, except what no rollback can undo: a dropped
      // column comes back empty and last, which the tester reports (column order is schema).
      expect(report.migrations.flatMap((m: { name: string; problems: string[] }) => m.problems.map((p) => `${m.name}: ${p}`))).toEqual([
        'orders_drop_legacy_drop: down is not the inverse of up: changed: TABLE ops.orders (expected "legacy text,", got "memo text,")',
      ]);
      expect(report.migrations).toHaveLength(12);
      expect(r.code).toBe(1);
    } finally {
      rmSync(gen.dir, { recursive: true, force: true });
    }
  }, 300_000);

  it('refuses a database that is not empty unless --reset is given with an explicit --db-url', async () => {
    await q(SCRATCH.roundTrip, 'create schema if not exists ops');
    const r = await cli(['migrate', 'test', '--db-url', SCRATCH.roundTrip, '--workdir', project.dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is not empty');
    const implicit = await cli(['migrate', 'test', '--reset', '--workdir', project.dir]);
    expect(implicit.code).toBe(2);
    expect(implicit.stderr).toContain('--reset drops the database: name it explicitly with --db-url');
  });
});
