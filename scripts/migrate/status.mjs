// migrate status: every migration as applied, pending or drifted, plus the problems found.
import { COMMON_BOOLEANS, COMMON_VALUED, describeUrl, loadState } from './context.mjs';
import { EXIT, parseArgs, reporter } from './cli-kit.mjs';

export const usage = 'status [--db-url URL] [--workdir DIR] [--json]';

export async function run(argv) {
  const { opts } = parseArgs(argv, { valued: COMMON_VALUED, booleans: COMMON_BOOLEANS });
  const out = reporter(opts);
  const { url, state } = await loadState(opts);
  const drifted = state.entries.filter((e) => e.drift.length);
  out.result(
    {
      database: describeUrl(url),
      sideLedger: state.sideLedger,
      applied: state.applied.length,
      pending: state.pending.length,
      drifted: drifted.length,
      migrations: state.entries,
      problems: state.problems,
    },
    [
      `${describeUrl(url)}: ${state.applied.length} applied, ${state.pending.length} pending, ${drifted.length} drifted`
        + (state.sideLedger ? '' : ' (ops.migration_ledger not installed yet: checksums come from Supabase\'s ledger)'),
      ...state.entries.map(formatEntry),
      ...(state.problems.length ? ['', 'problems:', ...state.problems.map((p) => `  ${p.kind}: ${p.message}`)] : []),
    ],
  );
  return EXIT.ok;
}

function formatEntry(e) {
  const label = e.drift.length ? `DRIFT(${e.drift.join(',')})` : e.status;
  const detail = e.status === 'applied'
    ? (e.tracked ? `${fmtTime(e.appliedAt)} by ${e.appliedBy}${e.executionMs != null ? `, ${e.executionMs} ms` : ''}` : 'no checksum recorded yet')
    : (e.rolledBackAt ? `rolled back ${fmtTime(e.rolledBackAt)}` : '');
  return `  ${label.padEnd(22)} ${e.version}_${e.name ?? '?'}${detail ? `  (${detail})` : ''}`;
}

const fmtTime = (t) => (t ? new Date(t).toISOString().replace('T', ' ').slice(0, 19) : '?');
