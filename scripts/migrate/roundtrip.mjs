// migrate test: prove every rollback is the inverse of its migration, on a scratch database.
//   1. From an empty database (platform only), push the migrations one at a time with the real
//      Supabase CLI, snapshotting the schema after each: S0, S1, ..., Sn.
//   2. From the newest back to the oldest, at state Si: run the rollback (as `migrate down`
//      does) and require Si-1; push the migration again and require Si; roll back again to move on.
//   3. A migration marked `-- opsbase-idempotent` is also run a second time and must change nothing.
// Snapshots are normalised `pg_dump --schema-only` output plus pg_cron jobs (schema-snapshot.mjs).
// A rollback may declare what it leaves on purpose: `-- opsbase-test-keeps extension pg_cron: why`.
// After a failure the database is rebuilt up to the previous version (with --reset) so that
// every migration gets its own verdict instead of a cascade.
import { readFileSync } from 'node:fs';
import { DB_URL } from '../lib/config.mjs';
import { CliError, EXIT, parseArgs, reporter } from './cli-kit.mjs';
import { COMMON_BOOLEANS, COMMON_VALUED, describeUrl, resolveTarget } from './context.mjs';
import { readMigrations } from './files.mjs';
import { executeRollback, findRollback } from './down.mjs';
import { connect, readSupabaseLedger } from './ledger.mjs';
import { pushError, pushFiles } from './push.mjs';
import { describeDiff, diffSnapshots, libpqEnv, snapshot } from './schema-snapshot.mjs';
import { lex } from './sql.mjs';
import { mustRun } from '../lib/run.mjs';
import path from 'node:path';

export const usage = 'test [--db-url URL --reset] [--workdir DIR] [--json]   (destructive: use a scratch database)';

export async function run(argv) {
  const { opts } = parseArgs(argv, { valued: COMMON_VALUED, booleans: [...COMMON_BOOLEANS, 'reset'] });
  const out = reporter(opts);
  const { url, paths } = resolveTarget(opts);
  if (opts.reset && !opts.dbUrl) {
    throw new CliError(`--reset drops the database: name it explicitly with --db-url (SUPABASE_DB_URL is ${describeUrl(DB_URL)})`);
  }
  const { migrations } = readMigrations(paths);
  if (!migrations.length) throw new CliError(`no migrations in ${paths.migrations}`);
  const report = await roundTrip({ url, paths, migrations, reset: Boolean(opts.reset), out });
  const failed = report.migrations.filter((m) => m.problems.length);
  out.result(report, [
    ...report.migrations.map((m) => (m.problems.length
      ? `FAIL ${m.version}_${m.name}\n${m.problems.map((p) => `       ${p}`).join('\n')}`
      : `ok   ${m.version}_${m.name}${m.checks.idempotent ? ' (idempotent)' : ''}`)),
    `${migrations.length - failed.length} of ${migrations.length} migration(s) round-trip cleanly on ${describeUrl(url)}`
      + (failed.length ? `; ${failed.length} with problems` : ''),
  ]);
  return failed.length || report.aborted ? EXIT.failed : EXIT.ok;
}

export async function roundTrip({ url, paths, migrations, reset, out }) {
  await prepareScratch(url, reset);
  const results = migrations.map((m) => ({
    version: m.version, name: m.name, checks: {}, problems: [],
    keeps: m.rollback ? declaredKeeps(readFileSync(m.rollback, 'utf8')) : [],
    idempotent: lex(m.sql).comments.some((c) => /^opsbase-idempotent\b/.test(c.text)),
  }));
  const upTo = (i) => migrations.slice(0, i + 1);
  const push = async (i) => {
    const r = await pushFiles(paths, url, upTo(i));
    await pauseCronJobs(url);
    return r;
  };
  const resync = async (i) => {
    // Rebuild the state right after migration i (i = -1: no migration), or give up.
    if (!reset) return false;
    await prepareScratch(url, true);
    if (i >= 0 && !(await push(i)).ok) return false;
    return diffSnapshots(states[i + 1], await snapshot(url)).equal;
  };

  // 1. forward, one migration at a time
  const states = [await snapshot(url)];
  for (const [i, m] of migrations.entries()) {
    const done = out.step(i + 1, migrations.length, `up ${m.file}`);
    const r = await push(i);
    if (!r.ok) {
      done('FAILED');
      results[i].problems.push(`up failed: ${pushError(r.output)}`);
      return { database: describeUrl(url), aborted: `migration ${m.file} does not apply; later ones were not tested`, migrations: results.slice(0, i + 1) };
    }
    states.push(await snapshot(url));
    results[i].checks.up = 'ok';
    if (results[i].idempotent) {
      const again = await rerun(url, m.sql);
      const d = again.error ? null : diffSnapshots(states[i + 1], await snapshot(url));
      results[i].checks.idempotent = again.error ? 'failed' : d.equal ? 'ok' : 'changed';
      if (again.error) results[i].problems.push(`declared idempotent, but a second run fails: ${again.error}`);
      else if (!d.equal) results[i].problems.push(...describeDiff(d).map((x) => `declared idempotent, but a second run changes the schema: ${x}`));
    }
    done('ok');
  }

  // 2. backward: down must give S(i-1), up again must give S(i)
  const keeps = [];
  let aborted = null;
  for (let i = migrations.length - 1; i >= 0; i--) {
    const m = migrations[i];
    const res = results[i];
    keeps.push(...res.keeps);
    const done = out.step(migrations.length - i, migrations.length, `down/up/down ${m.file}`);
    const missing = [];
    const rollbackPath = findRollback(paths, m.version, missing);
    if (!rollbackPath) {
      res.problems.push(...missing);
      done('FAILED');
      if (!(await resync(i - 1))) { aborted = `cannot continue below ${m.file}`; break; }
      continue;
    }
    const plan = { version: m.version, name: m.name, rollbackRel: path.relative(paths.workdir, rollbackPath), sql: readFileSync(rollbackPath, 'utf8') };
    const down1 = await rollback(url, plan);
    if (down1) {
      res.problems.push(`down failed: ${down1}`);
      done('FAILED');
      if (!(await resync(i - 1))) { aborted = `cannot continue below ${m.file}`; break; }
      continue;
    }
    const afterDown = diffSnapshots(states[i], await snapshot(url), keeps);
    res.checks.down = afterDown.equal ? 'ok' : 'not-inverse';
    if (!afterDown.equal) res.problems.push(...describeDiff(afterDown).map((x) => `down is not the inverse of up: ${x}`));

    const up2 = await push(i);
    if (!up2.ok) {
      res.checks.reup = 'failed';
      res.problems.push(`up after down fails: ${pushError(up2.output)}`);
    } else {
      const afterReup = diffSnapshots(states[i + 1], await snapshot(url));
      res.checks.reup = afterReup.equal ? 'ok' : 'different';
      if (!afterReup.equal) res.problems.push(...describeDiff(afterReup).map((x) => `up after down differs from the first up: ${x}`));
    }
    const clean = res.problems.length === 0 && !(await rollback(url, plan));
    done(res.problems.length ? 'FAILED' : 'ok');
    if (!clean && !(await resync(i - 1))) { aborted = `cannot restore the state before ${m.file}; older migrations were not tested`; break; }
  }
  return { database: describeUrl(url), aborted, migrations: results };
}

/** `-- opsbase-test-keeps extension pg_cron, schema cron: reason` lines of a rollback. */
export function declaredKeeps(sql) {
  return lex(sql).comments.flatMap((c) => {
    const m = /^opsbase-test-keeps\s+([^:]+):\s*\S/.exec(c.text);
    return m ? m[1].split(',').map((s) => s.trim()).filter(Boolean) : [];
  });
}

/** The scratch database must start empty (platform only) unless we may recreate it. */
async function prepareScratch(url, reset) {
  if (reset) {
    const { recreateDatabase } = await import('../lib/db.mjs');
    await recreateDatabase(url);
    return;
  }
  const client = await connect(url);
  try {
    const ledger = await readSupabaseLedger(client);
    const { rows } = await client.query(`select to_regnamespace('ops') is not null as ops`);
    if (ledger.length || rows[0].ops) {
      throw new CliError(`${describeUrl(url)} is not empty (${ledger.length} migration(s) applied): migrate test needs a scratch database; pass --db-url <scratch> --reset to drop and recreate it`);
    }
  } finally {
    await client.end();
  }
}

// Jobs the migrations schedule must not run mid-test: a partition job would change the schema.
async function pauseCronJobs(url) {
  const client = await connect(url);
  try {
    const { rows } = await client.query(`select to_regclass('cron.job') is not null as ok`);
    if (rows[0].ok) await client.query('update cron.job set active = false where active');
  } finally {
    await client.end();
  }
}

async function rollback(url, plan) {
  const client = await connect(url);
  try {
    await client.query('begin');
    await executeRollback(client, plan, 'opsbase migrate test');
    await client.query('commit');
    return null;
  } catch (err) {
    await client.query('rollback').catch(() => {});
    return err.message;
  } finally {
    await client.end();
  }
}

async function rerun(url, sql) {
  try {
    await mustRun('psql', [url, '-XAtq', '-v', 'ON_ERROR_STOP=1', '--single-transaction', '-c', sql], { env: { ...libpqEnv(url), PGOPTIONS: '-c client_min_messages=warning' } });
    return {};
  } catch (err) {
    return { error: String(err.message).split('\n').slice(1).join(' ').trim() };
  }
}

