// migrate down [--steps N]: run supabase/rollbacks/<version>_*.down.sql for the newest N applied
// versions, newest first, all in ONE transaction together with both ledger updates and the
// migration lock. Any failure rolls everything back: the database is as it was before.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CliError, EXIT, parseArgs, positiveInt, reporter } from './cli-kit.mjs';
import { COMMON_BOOLEANS, COMMON_VALUED, describeUrl, loadState } from './context.mjs';
import { hasRelation, operator } from './ledger.mjs';
import { acquireMigrationLock } from './lock.mjs';

export const usage = 'down [--steps N] [--db-url URL] [--workdir DIR] [--force] [--no-wait | --wait-timeout SECONDS] [--dry-run] [--json]';

export async function run(argv) {
  const { opts } = parseArgs(argv, {
    valued: [...COMMON_VALUED, 'steps', 'wait-timeout'],
    booleans: [...COMMON_BOOLEANS, 'force', 'no-wait', 'dry-run'],
  });
  const out = reporter(opts);
  const steps = opts.steps === undefined ? 1 : positiveInt(opts.steps, '--steps');
  const waitSeconds = opts.waitTimeout ? positiveInt(opts.waitTimeout, '--wait-timeout') : 0;
  const ctx = await loadState(opts);
  const plan = planRollback(ctx, steps, opts);
  if (opts.dryRun) {
    out.result({ database: describeUrl(ctx.url), wouldRollBack: plan.map((p) => p.version) },
      [`would roll back ${plan.length} migration(s):`, ...plan.map((p) => `  ${p.version}_${p.name} with ${p.rollbackRel}`)]);
    return EXIT.ok;
  }

  const lock = await acquireMigrationLock(ctx.url, {
    wait: !opts.noWait,
    waitSeconds,
    onWait: (holder) => out.progress(`waiting for the migration lock (held by ${holder}) ...`),
  });
  const { client } = lock;
  let ok = false;
  try {
    // Re-check under the lock: another runner may have moved the ledger since we planned.
    const { rows } = await client.query(
      'select version from supabase_migrations.schema_migrations order by length(version) desc, version desc limit $1', [steps]);
    const newest = rows.map((r) => r.version);
    if (newest.join() !== plan.map((p) => p.version).join()) {
      throw new CliError('the applied migrations changed while waiting for the lock; run the command again', EXIT.failed);
    }
    const by = operator();
    const done = [];
    for (const [i, p] of plan.entries()) {
      const finish = out.step(i + 1, plan.length, `rolling back ${p.version}_${p.name}`);
      try {
        await executeRollback(client, p, by);
      } catch (err) {
        finish('FAILED');
        throw new CliError(`${err.message}\n`
          + 'the transaction was rolled back: no migration was rolled back and both ledgers are unchanged', EXIT.failed);
      }
      done.push({ version: p.version, name: p.name, executionMs: finish('ok') });
    }
    await lock.release(true);
    ok = true;
    out.result({ database: describeUrl(ctx.url), rolledBack: done },
      [`rolled back ${done.length} migration(s) on ${describeUrl(ctx.url)}`]);
    return EXIT.ok;
  } finally {
    if (!ok) await lock.release(false).catch(() => {});
  }
}

/**
 * Inside the caller's transaction: run one rollback file, remove its version from Supabase's
 * ledger and mark it rolled back in ours. Throws with the file and line on failure.
 */
export async function executeRollback(client, p, by) {
  try {
    await client.query(p.sql);
  } catch (err) {
    throw new Error(`${p.rollbackRel} failed${lineOf(p.sql, err)}: ${err.message}`);
  }
  const del = await client.query('delete from supabase_migrations.schema_migrations where version = $1', [p.version]);
  if (del.rowCount !== 1) throw new Error(`version ${p.version} is not in Supabase's ledger`);
  // The foundation's rollback drops schema ops, and with it this table.
  if (await hasRelation(client, 'ops.migration_ledger')) {
    await client.query('select ops.migration_mark_rolled_back($1, $2)', [p.version, by]);
  }
}

/** Validate everything before touching the database, so bad input changes nothing. */
export function planRollback(ctx, steps, opts = {}) {
  const applied = ctx.state.applied;
  if (applied.length === 0) throw new CliError(`nothing to roll back: no migration is applied to ${describeUrl(ctx.url)}`);
  if (steps > applied.length) {
    throw new CliError(`--steps ${steps} goes past the first migration: only ${applied.length} migration(s) are applied to ${describeUrl(ctx.url)}; nothing was changed`);
  }
  const targets = applied.slice(-steps).reverse();
  const problems = [];
  const plan = targets.map((e) => {
    const rollback = findRollback(ctx.paths, e.version, problems);
    if (e.drift.includes('edited') && !opts.force) {
      problems.push(`${e.file} was edited after it was applied, so its rollback may not match what was applied (--force to run it anyway)`);
    }
    return rollback && { version: e.version, name: e.name, rollbackRel: path.relative(ctx.paths.workdir, rollback), sql: readFileSync(rollback, 'utf8') };
  });
  if (problems.length) throw new CliError(`cannot roll back; nothing was changed:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  return plan;
}

export function findRollback(paths, version, problems) {
  const names = existsSync(paths.rollbacks) ? readdirSync(paths.rollbacks).filter((f) => f.startsWith(`${version}_`) && f.endsWith('.down.sql')) : [];
  if (names.length === 1) return path.join(paths.rollbacks, names[0]);
  const rel = path.relative(paths.workdir, paths.rollbacks);
  problems.push(names.length === 0
    ? `missing rollback file ${rel}/${version}_*.down.sql`
    : `ambiguous rollback for ${version}: ${names.join(', ')}`);
  return null;
}

/** " at line N" from a Postgres error position (a character offset into the file). */
function lineOf(sql, err) {
  const pos = Number(err.position);
  return pos > 0 ? ` at line ${sql.slice(0, pos).split('\n').length}` : '';
}
