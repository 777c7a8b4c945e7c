// Smoke test for `npm run bench -- coordination`: the report's shape and its own sanity notes,
// not the numbers (timings vary by machine and belong to the benchmark, not the tests).
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { TEST_DB_URL } from '../../scripts/lib/config.mjs';

function runBench(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['scripts/bench/run.mjs', 'coordination'], {
      env: { ...process.env, BENCH_SECONDS: '1', SUPABASE_DB_URL: TEST_DB_URL },
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

describe('coordination bench', () => {
  it('measures every case in one run and leaves no lock held', async () => {
    const { code, stdout, stderr } = await runBench();
    expect(code, stderr).toBe(0);
    const report = JSON.parse(stdout.trimEnd().split('\n').at(-1)!);
    expect(report.bench).toBe('coordination');
    expect(report.baseline).toBe('lease insert/delete (bare SQL)');
    const names = report.results.map((r: { name: string }) => r.name);
    for (const pattern of [/lease/, /ops\.lock_acquire/, /pg_advisory_lock/, /lock_xact_try/, /ops\.rate_limit_check/, /redis zset/, /redis GCRA/]) {
      const row = report.results.find((r: { name: string }) => pattern.test(r.name));
      expect(row, `row matching ${pattern} in ${names}`).toBeDefined();
      expect(row.value).toBeGreaterThan(0);
    }
    expect(report.notes.join('\n')).toMatch(/locks left held after the run: 0 \(expected 0\), leases left: 0/);
  }, 120_000);
});
