// Smoke test for the benchmark runner: the report shape, not the numbers (timings vary by machine).
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
