// Smoke test for `npm run bench -- coordination`: the report's shape and its own sanity notes,
// not the numbers (timings vary by machine and belong to the benchmark, not the tests).
import { describe, expect, it } from 'vitest';
import { TEST_DB_URL } from '../../scripts/lib/config.mjs';
import { run } from '../../scripts/lib/run.mjs';

const runBench = () =>
  run(process.execPath, ['scripts/bench/run.mjs', 'coordination'], {
    quiet: true, env: { BENCH_SECONDS: '1', SUPABASE_DB_URL: TEST_DB_URL },
  });

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
