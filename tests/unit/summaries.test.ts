import { describe, expect, it } from 'vitest';
import { parseDenoSummary, parseProveSummary } from '../../scripts/test/summaries.mjs';

describe('runner summaries', () => {
  it('counts pg_prove failures, including files that died', () => {
    const out = [
      'supabase/tests/a.sql .. ok',
      'Test Summary Report',
      'supabase/tests/b.sql (Wstat: 0 Tests: 4 Failed: 2)',
      'supabase/tests/c.sql (Wstat: 768 (exited 3) Tests: 0 Failed: 0)',
      '  Parse errors: No plan found in TAP output',
      'Files=3, Tests=10,  0 wallclock secs',
      'Result: FAIL',
    ].join('\n');
    expect(parseProveSummary(out, 1)).toEqual({ passed: 7, failed: 3 });
  });

  it('reads a clean pg_prove run', () => {
    expect(parseProveSummary('All tests successful.\nFiles=2, Tests=9,  1 wallclock secs\nResult: PASS\n', 0))
      .toEqual({ passed: 9, failed: 0 });
  });

  it('treats a crash without a summary as a failure', () => {
    expect(parseProveSummary('could not connect', 2)).toEqual({ passed: 0, failed: 1 });
    expect(parseDenoSummary('error: Module not found', 1)).toEqual({ passed: 0, failed: 1 });
  });

  it('reads deno test summaries', () => {
    expect(parseDenoSummary('ok | 5 passed | 0 failed (40ms)\n', 0)).toEqual({ passed: 5, failed: 0 });
    expect(parseDenoSummary('FAILED | 4 passed (2 steps) | 1 failed (1s)\n', 1)).toEqual({ passed: 4, failed: 1 });
  });
});
