// Database chores shared by start, test and gen-types: reset, push, seed.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { ROOT, SUPABASE_BIN, withDatabase } from './config.mjs';
import { mustRun } from './run.mjs';

export async function query(url, sql, params) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql, params);
  } finally {
    await client.end();
  }
}

/** Apply pending migrations with the real Supabase CLI. */
export async function push(url, { includeSeed = false } = {}) {
  const args = ['db', 'push', `--remote=${url}`, '--yes'];
  if (includeSeed) args.push('--include-seed');
  return mustRun(SUPABASE_BIN, args);
}

/**
 * Drop and recreate the database in url (pg_cron's database, so FORCE ends its launcher's
 * session; the launcher reconnects by itself), then re-apply the platform stand-in.
 */
export async function recreateDatabase(url) {
  const name = new URL(url).pathname.slice(1);
  const admin = withDatabase(url, 'template1');
  await query(admin, `drop database if exists ${pgIdent(name)} with (force)`);
  await query(admin, `create database ${pgIdent(name)}`);
  await mustRun('bash', [path.join(ROOT, 'scripts/setup')], { env: { OPSBASE_PLATFORM_ONLY: url } });
}

export async function runSqlFile(url, file) {
  return mustRun('psql', [url, '-XAtq', '-v', 'ON_ERROR_STOP=1', '-f', file]);
}

function pgIdent(name) {
  return `"${name.replaceAll('"', '""')}"`;
}

export function readSql(rel) {
  return readFileSync(path.join(ROOT, rel), 'utf8');
}
