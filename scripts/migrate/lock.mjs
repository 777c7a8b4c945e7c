// One migration runner at a time per database. The lock is transaction-scoped
// (pg_advisory_xact_lock): behind a transaction-mode pooler (Supavisor :6543) a session-level
// advisory lock can be taken on one backend and "released" on another, but a transaction pins
// its backend until COMMIT, so the lock lives exactly as long as the transaction holding it.
import { CliError, EXIT } from './cli-kit.mjs';
import { connect } from './ledger.mjs';

/** "opsbmigr" as a bigint; pg_locks shows it as classid 1869640546, objid 1835624306. */
export const LOCK_KEY = BigInt('0x6f7073626d696772').toString();

/**
 * Open a transaction on a fresh connection and take the migration lock in it.
 * wait=false: refuse at once (EXIT.locked) when another runner holds it. Otherwise wait up to
 * waitSeconds (0 = no limit), calling onWait once with a description of the holder.
 * @returns {{ client: pg.Client, release: (ok?: boolean) => Promise<void> }}
 *   release commits (ok) or rolls back, which releases the lock, and closes the connection.
 */
export async function acquireMigrationLock(url, { wait = true, waitSeconds = 0, onWait = () => {} } = {}) {
  const client = await connect(url);
  try {
    await client.query('begin');
    // A runner may sit idle in this transaction while `supabase db push` works on other connections.
    await client.query('set local idle_in_transaction_session_timeout = 0');
    const { rows } = await client.query('select pg_try_advisory_xact_lock($1::bigint) as ok', [LOCK_KEY]);
    if (!rows[0].ok) {
      const holder = await describeHolder(client);
      if (!wait) {
        throw new CliError(`another migration runner holds the lock (${holder}); nothing was changed`, EXIT.locked);
      }
      onWait(holder);
      await client.query(`select set_config('lock_timeout', $1, true)`, [`${Math.max(0, waitSeconds)}s`]);
      try {
        await client.query('select pg_advisory_xact_lock($1::bigint)', [LOCK_KEY]);
      } catch (err) {
        if (err.code === '55P03') {
          throw new CliError(`gave up after ${waitSeconds}s waiting for the migration lock (${holder}); nothing was changed`, EXIT.locked);
        }
        throw err;
      }
      await client.query(`select set_config('lock_timeout', '0', true)`);
    }
  } catch (err) {
    await client.end().catch(() => {});
    throw err;
  }
  return {
    client,
    async release(ok = true) {
      try {
        await client.query(ok ? 'commit' : 'rollback');
      } finally {
        await client.end().catch(() => {});
      }
    },
  };
}

async function describeHolder(client) {
  const hi = Number(BigInt(LOCK_KEY) >> 32n);
  const lo = Number(BigInt(LOCK_KEY) & 0xffffffffn);
  const { rows } = await client.query(
    `select a.pid, a.application_name, a.client_addr::text as addr, now() - a.xact_start as held_for
     from pg_locks l join pg_stat_activity a using (pid)
     where l.locktype = 'advisory' and l.granted and l.classid::bigint = $1 and l.objid::bigint = $2 and l.objsubid = 1`,
    [hi, lo]);
  if (!rows.length) return 'holder unknown';
  const r = rows[0];
  return `pid ${r.pid}${r.application_name ? `, ${r.application_name}` : ''}${r.addr ? ` from ${r.addr}` : ''}`;
}
