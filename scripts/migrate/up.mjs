// migrate up: apply pending migrations with the real `supabase db push`, one version at a time,
// under the migration lock; then record checksums in ops.migration_ledger.
import { CliError, EXIT, parseArgs, positiveInt, reporter } from './cli-kit.mjs';
import { COMMON_BOOLEANS, COMMON_VALUED, describeUrl, loadState } from './context.mjs';
import { compareVersions, sameAsApplied } from './files.mjs';
import { operator, readLedgers, recordApplied } from './ledger.mjs';
import { acquireMigrationLock } from './lock.mjs';
import { pushError, pushFiles } from './push.mjs';
import { computeState, isDrift } from './state.mjs';

export const usage = 'up [--db-url URL] [--workdir DIR] [--include-all] [--no-wait | --wait-timeout SECONDS] [--dry-run] [--json]';

export async function run(argv) {
  const { opts } = parseArgs(argv, {
    valued: [...COMMON_VALUED, 'wait-timeout'],
    booleans: [...COMMON_BOOLEANS, 'include-all', 'no-wait', 'dry-run'],
  });
  const out = reporter(opts);
  const waitSeconds = opts.waitTimeout ? positiveInt(opts.waitTimeout, '--wait-timeout') : 0;
  const ctx = await loadState(opts);
  preflight(ctx.state, opts);
  if (opts.dryRun) {
    out.result({ database: describeUrl(ctx.url), wouldApply: ctx.state.pending.map(label) },
      [`would apply ${ctx.state.pending.length} migration(s) to ${describeUrl(ctx.url)}`, ...ctx.state.pending.map((e) => `  ${label(e)}`)]);
    return EXIT.ok;
  }

  const lock = await acquireMigrationLock(ctx.url, {
    wait: !opts.noWait,
    waitSeconds,
    onWait: (holder) => out.progress(`waiting for the migration lock (held by ${holder}) ...`),
  });
  let ok = false;
  try {
    // Whatever another runner applied while we waited is no longer pending.
    const { ledger, side } = await readLedgers(ctx.url);
    const state = computeState(ctx.migrations, ledger, side);
    preflight(state, opts);
    const applied = [];
    const by = operator();
    let failure = null;
    for (const [i, entry] of state.pending.entries()) {
      const done = out.step(i + 1, state.pending.length, `applying ${label(entry)}`);
      const files = ctx.migrations.filter((m) => compareVersions(m.version, entry.version) <= 0);
      const r = await pushFiles(ctx.paths, ctx.url, files, { includeAll: Boolean(opts.includeAll) });
      if (!r.ok) {
        done('FAILED');
        failure = { version: entry.version, file: entry.file, error: pushError(r.output) };
        break;
      }
      const m = ctx.migrations.find((x) => x.version === entry.version);
      applied.push({ version: m.version, name: m.name, checksum: m.checksum, appliedBy: by, executionMs: done('ok'), via: 'up' });
    }

    // Adopt versions applied by a plain `supabase db push` whose stored statements match the file.
    const after = await readLedgers(ctx.url);
    const recorded = new Set((after.side ?? []).filter((r) => !r.rolled_back_at).map((r) => r.version));
    const fresh = new Set(applied.map((a) => a.version));
    const adopted = after.ledger
      .filter((row) => !recorded.has(row.version) && !fresh.has(row.version))
      .map((row) => [row, ctx.migrations.find((m) => m.version === row.version)])
      .filter(([row, m]) => m && sameAsApplied(m.sql, row.statements))
      .map(([, m]) => ({ version: m.version, name: m.name, checksum: m.checksum, appliedBy: by, executionMs: null, via: 'adopt' }));
    const sideLedger = await recordApplied(lock.client, [...applied, ...adopted]);
    ok = true;

    const summary = {
      database: describeUrl(ctx.url),
      applied: applied.map((a) => ({ version: a.version, name: a.name, executionMs: a.executionMs })),
      adopted: adopted.map((a) => a.version),
      sideLedger,
      failed: failure,
    };
    const lines = [
      applied.length ? `applied ${applied.length} migration(s) to ${describeUrl(ctx.url)}` : `${describeUrl(ctx.url)} is up to date`,
      ...(adopted.length ? [`recorded checksums of ${adopted.length} migration(s) pushed without opsbase`] : []),
      ...(sideLedger ? [] : ['ops.migration_ledger does not exist on this database: no checksums recorded']),
    ];
    if (failure) {
      throw new CliError(
        `${failure.file} failed and was rolled back as a whole (no partial change, no ledger row):\n${failure.error}`
          + (applied.length ? `\n${applied.length} earlier migration(s) of this run were applied and recorded.` : ''),
        EXIT.failed, summary);
    }
    out.result(summary, lines);
    return EXIT.ok;
  } finally {
    await lock.release(ok);
  }
}

const label = (e) => `${e.version}_${e.name}`;

/** Refuse to push onto a database whose history disagrees with the files. */
function preflight(state, opts) {
  const drift = state.problems.filter((p) => isDrift(p) && !(p.kind === 'out-of-order' && opts.includeAll));
  if (drift.length) {
    throw new CliError(`refusing to migrate: the database and supabase/migrations disagree\n${drift.map((p) => `  ${p.kind}: ${p.message}`).join('\n')}`
      + (drift.some((p) => p.kind === 'out-of-order') ? '\n  (pass --include-all to apply out-of-order versions anyway)' : ''), EXIT.failed);
  }
  const noRollback = state.problems.filter((p) => p.kind === 'missing-rollback' && state.pending.some((e) => e.version === p.version));
  if (noRollback.length) {
    throw new CliError(`refusing to migrate: pending migrations without a rollback\n${noRollback.map((p) => `  ${p.message}`).join('\n')}`, EXIT.failed);
  }
}
