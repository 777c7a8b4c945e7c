// The state of every migration, from the files on disk and both ledgers. Pure: no I/O, so each
// drift rule is unit-tested directly (tests/migrate/state.test.ts).
import { compareVersions, sameAsApplied } from './files.mjs';

/** Problems that make `verify` fail and `up`/`down` refuse. */
export const DRIFT_KINDS = ['edited', 'renamed', 'missing-file', 'unknown-version', 'out-of-order'];

/**
 * @param migrations from readMigrations()
 * @param ledger rows of supabase_migrations.schema_migrations
 * @param side rows of ops.migration_ledger, or null if that table does not exist
 * @returns {{ entries, problems, applied, pending }} entries sorted by version, one per version
 *   known to disk or either ledger; problems: [{ kind, version, message }].
 */
export function computeState(migrations, ledger, side) {
  const files = new Map(migrations.map((m) => [m.version, m]));
  const applied = new Map(ledger.map((r) => [r.version, r]));
  const recorded = new Map((side ?? []).map((r) => [r.version, r]));
  const versions = [...new Set([...files.keys(), ...applied.keys(), ...recorded.keys()])].sort(compareVersions);
  const maxApplied = ledger.map((r) => r.version).sort(compareVersions).at(-1) ?? null;
  const problems = [];
  const entries = [];
  const problem = (kind, version, message) => problems.push({ kind, version, message });

  for (const version of versions) {
    const file = files.get(version);
    const row = applied.get(version);
    const meta = recorded.get(version);
    const entry = {
      version,
      name: file?.name ?? row?.name ?? meta?.name,
      file: file?.file ?? null,
      status: row ? 'applied' : 'pending',
      checksum: file?.checksum ?? null,
      recordedChecksum: meta && !meta.rolled_back_at ? meta.checksum : null,
      appliedBy: meta?.applied_by ?? null,
      appliedAt: meta?.applied_at ?? null,
      executionMs: meta?.execution_ms ?? null,
      rolledBackAt: meta?.rolled_back_at ?? null,
      hasRollback: Boolean(file?.rollback),
      tracked: Boolean(meta && !meta.rolled_back_at),
      drift: [],
    };
    entries.push(entry);
    const flag = (kind, message) => {
      entry.drift.push(kind);
      problem(kind, version, message);
    };

    if (row && file) {
      if (row.name && row.name !== file.name) {
        flag('renamed', `${version}: applied as "${row.name}", but the file on disk is ${file.file}`);
      }
      if (entry.tracked) {
        if (meta.checksum !== file.checksum) {
          flag('edited', `${file.file} was edited after it was applied (checksum ${meta.checksum.slice(0, 12)}… recorded, ${file.checksum.slice(0, 12)}… on disk)`);
        }
      } else if (sameAsApplied(file.sql, row.statements) === false) {
        // No checksum recorded (pushed without opsbase): the CLI's stored statements are the proof.
        flag('edited', `${file.file} differs from the statements Supabase recorded when it was applied`);
      }
    } else if (row && !file) {
      if (meta) {
        flag('missing-file', `${version}_${row.name ?? meta.name}.sql is applied but its file is missing from supabase/migrations`);
      } else {
        flag('unknown-version', `${version} (${row.name ?? 'no name'}) is applied to the database but is not on disk: pushed from another branch? (see supabase migration repair)`);
      }
    } else if (!row && file && maxApplied && compareVersions(version, maxApplied) < 0) {
      entry.status = 'pending';
      flag('out-of-order', `${file.file} is pending but older than the newest applied version ${maxApplied}`);
    }
    if (!row && meta && !meta.rolled_back_at) {
      // Not drift of the files: Supabase's ledger wins, but say that someone bypassed opsbase.
      problem('side-ledger-stale', version, `${version} is recorded in ops.migration_ledger but not in Supabase's ledger (reverted outside opsbase?); it counts as pending`);
    }
    if (file && !file.rollback) {
      problem('missing-rollback', version, `${file.file} has no rollback supabase/rollbacks/${file.rollbackFile}`);
    }
  }
  return {
    entries,
    problems,
    applied: entries.filter((e) => e.status === 'applied'),
    pending: entries.filter((e) => e.status === 'pending' && e.file),
    sideLedger: side !== null,
  };
}

export const isDrift = (p) => DRIFT_KINDS.includes(p.kind);
