// Smoke test for the benchmark runner: the report shape, not the numbers (timings vary by machine).
import pg from 'pg';
import { describe, it, expect } from 'vitest';
import { TEST_DB_URL as testDbUrl } from '../scripts/lib/config.mjs';
import { run } from '../scripts/lib/run.mjs';

// Benchmarks in tests run on the disposable test cluster, never the dev one.

const runBench = (args: string[], env: Record<string, string> = {}) =>
  run(process.execPath, ['scripts/bench/run.mjs', ...args], { quiet: true, env });

describe('bench runner', () => {
  it('runs locks and ends stdout with a JSON report', async () => {
    const { code, stdout, stderr } = await runBench(['locks'], { BENCH_SECONDS: '1', SUPABASE_DB_URL: testDbUrl });
    expect(code, stderr).toBe(0);

    const lastLine = stdout.trimEnd().split('\n').at(-1)!;
    const report = JSON.parse(lastLine);
    expect(report.bench).toBe('locks');
    expect(typeof report.baseline).toBe('string');
    expect(report.env).toMatchObject({ cpus: expect.any(Number), node: process.version });
    expect(Number.isNaN(Date.parse(report.at))).toBe(false);

    const names: string[] = report.results.map((r: { name: string }) => r.name);
    expect(names).toContain(report.baseline);
    for (const pattern of [/lease/, /advisory/]) {
      const row = report.results.find((r: { name: string }) => pattern.test(r.name));
      expect(row, `row matching ${pattern}`).toBeDefined();
      expect(row.value).toBeGreaterThan(0);
      expect(row.ratio).toBeGreaterThan(0);
      expect(Number.isFinite(row.ratio)).toBe(true);
    }
  }, 60_000);

  it('runs file-tree in quick mode: one row per size and case, nothing left behind', async () => {
    const { code, stdout, stderr } = await runBench(['file-tree'], { BENCH_SECONDS: '1', SUPABASE_DB_URL: testDbUrl });
    expect(code, stderr).toBe(0);

    const report = JSON.parse(stdout.trimEnd().split('\n').at(-1)!);
    expect(report.bench).toBe('file-tree');
    expect(report.baseline).toBe('get_file_tree, 250 files');
    const names: string[] = report.results.map((r: { name: string }) => r.name);
    for (const n of ['250', '500', '1,000', '2,000']) {
      for (const name of [`get_file_tree, ${n} files`, `baseline select path, ${n} files`, `get_file_tree / baseline, ${n} files`]) {
        expect(names).toContain(name);
      }
    }
    expect(names).toContain('get_file_tree, 250 files, before the others were loaded');
    for (const r of report.results) {
      expect(r.value, r.name).toBeGreaterThan(0);
      expect(Number.isFinite(r.ratio), r.name).toBe(true);
    }
    const notes = report.notes.join('\n');
    expect(notes).toMatch(/per-file cost at 8x the files: [0-9.]+ of the smallest \(goal <= 1\.25: (met|NOT met)\)/);
    expect(notes).toMatch(/2,000 files, 2,384 nodes: get_file_tree [0-9.]+ ms = [0-9.]+ µs\/node/);

    // Everything ran in one rolled-back transaction.
    const db = new pg.Client({ connectionString: testDbUrl });
    await db.connect();
    try {
      const { rows: [left] } = await db.query(
        `select (select count(*) from auth.users where email like 'bench-tree-%')::int as users,
                (select count(*) from public.workspaces where name like 'bench file-tree %')::int as workspaces`);
      expect(left).toEqual({ users: 0, workspaces: 0 });
    } finally {
      await db.end();
    }
  }, 120_000);

  it('rejects an unknown bench with exit code 2', async () => {
    const { code, stderr } = await runBench(['no-such-bench']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/unknown bench "no-such-bench"/);
  }, 60_000);

  it('lists benches with no name', async () => {
    const { code, stdout } = await runBench([]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^\s+locks\s+\S/m);
  }, 60_000);
});
