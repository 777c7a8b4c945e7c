// migrate verify: CI's gate. Fails (exit 1) when the database's history and the files disagree
// (a file edited after apply, renamed, missing, an applied version not on disk, an out-of-order
// pending version) or a migration has no rollback. Pending migrations alone are fine.
import { EXIT, parseArgs, reporter } from './cli-kit.mjs';
import { COMMON_BOOLEANS, COMMON_VALUED, describeUrl, loadState } from './context.mjs';
import { isDrift } from './state.mjs';

export const usage = 'verify [--db-url URL] [--workdir DIR] [--json]';

export async function run(argv) {
  const { opts } = parseArgs(argv, { valued: COMMON_VALUED, booleans: COMMON_BOOLEANS });
  const out = reporter(opts);
  const { url, state } = await loadState(opts);
  const failures = state.problems.filter((p) => isDrift(p) || p.kind === 'missing-rollback');
  const notes = state.problems.filter((p) => !failures.includes(p));
  const untracked = state.applied.filter((e) => !e.tracked && !e.drift.length).length;
  const ok = failures.length === 0;
  out.result(
    { database: describeUrl(url), ok, applied: state.applied.length, pending: state.pending.length, untracked, failures, notes },
    [
      ...failures.map((p) => `FAIL ${p.kind}: ${p.message}`),
      ...notes.map((p) => `note ${p.kind}: ${p.message}`),
      `${ok ? 'verified' : 'verification FAILED'}: ${describeUrl(url)}, ${state.applied.length} applied`
        + `${untracked ? ` (${untracked} checked against Supabase's stored statements, no checksum recorded)` : ''}, ${state.pending.length} pending`,
    ],
  );
  return ok ? EXIT.ok : EXIT.failed;
}
