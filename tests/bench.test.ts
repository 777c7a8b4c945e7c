// Smoke test for the benchmark runner: the report shape, not the numbers (timings vary by machine).
import { spawn } from 'node:child_process';
import { describe, it, expect } from 'vitest';

// Benchmarks in tests run on the disposable test cluster, never the dev one.
const testDbUrl = process.env.SUPABASE_TEST_DB_URL ?? 'postgresql://postgres:postgres@127.0.0.1:54332/postgres';

type Run = { code: number | null; stdout: string; stderr: string };

// Async spawn (not spawnSync) so vitest's timeout can still fire if pgbench hangs.
function runBench(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['scripts/bench/run.mjs', ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

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
