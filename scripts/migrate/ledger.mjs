// Reading and writing the two ledgers. Supabase's supabase_migrations.schema_migrations decides
// what is applied; ops.migration_ledger (our migration 20261124180000) adds checksum, applied_by,
// timing and rollbacks. Either may be absent: before the first push, or below our migration.
import os from 'node:os';
import pg from 'pg';

export async function connect(url) {
  const client = new pg.Client({ connectionString: url, application_name: 'opsbase-migrate' });
  await client.connect();
  // Notices (e.g. "drop ... does not exist, skipping") are not for the operator's terminal.
  client.on('notice', () => {});
  return client;
}

export async function hasRelation(client, name) {
  const { rows } = await client.query('select to_regclass($1) is not null as ok', [name]);
  return rows[0].ok;
}

/** Rows of Supabase's ledger, oldest first; [] when nothing was ever pushed. */
export async function readSupabaseLedger(client) {
  if (!(await hasRelation(client, 'supabase_migrations.schema_migrations'))) return [];
  const { rows } = await client.query(
    'select version, name, statements from supabase_migrations.schema_migrations order by length(version), version');
  return rows;
}

/** Rows of ops.migration_ledger, or null when the table does not exist (yet). */
export async function readSideLedger(client) {
  if (!(await hasRelation(client, 'ops.migration_ledger'))) return null;
  const { rows } = await client.query(
    `select version, name, checksum, applied_by, applied_at, execution_ms::float8 as execution_ms,
            recorded_via, rolled_back_at, rolled_back_by
     from ops.migration_ledger order by length(version), version`);
  return rows;
}

export async function readLedgers(url) {
  const client = await connect(url);
  try {
    return { ledger: await readSupabaseLedger(client), side: await readSideLedger(client) };
  } finally {
    await client.end();
  }
}

/** Who ran the command: OPSBASE_APPLIED_BY (CI can set the pipeline/run), else user@host. */
export function operator() {
  if (process.env.OPSBASE_APPLIED_BY) return process.env.OPSBASE_APPLIED_BY;
  let user = 'unknown';
  try { user = os.userInfo().username; } catch { /* no passwd entry in some containers */ }
  return `${user}@${os.hostname()}`;
}

/** Record versions in the side ledger; skipped (returns false) while the table does not exist. */
export async function recordApplied(client, records) {
  if (!(await hasRelation(client, 'ops.migration_ledger'))) return false;
  for (const r of records) {
    await client.query('select ops.migration_record($1, $2, $3, $4, $5, $6)',
      [r.version, r.name, r.checksum, r.appliedBy, r.executionMs ?? null, r.via ?? 'up']);
  }
  return true;
}
