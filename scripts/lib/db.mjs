// Database chores shared by start, test and gen-types: reset, push, seed.
import path from 'node:path';
import pg from 'pg';
import { ROOT, SUPABASE_BIN, withDatabase } from './config.mjs';
import { mustRun, run } from './run.mjs';

export async function query(url, sql, params) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql, params);
  } finally {
    await client.end();
  }
}

/**
 * Run the real Supabase CLI against url. The local clusters have no TLS; saying so up front keeps
 * the CLI's "connected without TLS" notice out of its stdout. Remote URLs keep the CLI's default.
 */
export function supabase(args, url, { must = true } = {}) {
  const local = ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname);
  const opts = { quiet: true, env: local ? { PGSSLMODE: 'disable' } : {} };
  return (must ? mustRun : run)(SUPABASE_BIN, [...args, `--remote=${url}`], opts);
}

/** Apply pending migrations with the real Supabase CLI. */
export async function push(url, { includeSeed = false } = {}) {
  return supabase(['db', 'push', '--yes', ...(includeSeed ? ['--include-seed'] : [])], url);
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

/**
 * TypeScript types for the schemas functions use (public for the API, ops for SQL calls).
 * Partitions are left out: the partition manager creates them by date, and callers only ever
 * address the partitioned parent, so they would make the file change every day for nothing.
 */
export async function generateTypes(url) {
  const ts = (await supabase(['gen', 'types', 'typescript', '--schema', 'public,ops'], url)).stdout;
  const { rows } = await query(url, `select c.relname from pg_catalog.pg_class c
    where c.relispartition and c.relnamespace in ('public'::regnamespace, 'ops'::regnamespace)`);
  return rows.reduce((out, r) => dropEntry(out, r.relname), ts);
}

/** Remove `"name": { … }` (one table entry of the generated types) and its separating comma. */
export function dropEntry(ts, name) {
  const start = ts.indexOf(`"${name}": {`);
  if (start < 0) return ts;
  let depth = 0;
  let end = ts.indexOf('{', start);
  for (; end < ts.length; end++) {
    if (ts[end] === '{') depth++;
    else if (ts[end] === '}' && --depth === 0) break;
  }
  // Entries are joined as `},"next": {`: drop the comma after this entry, or the one before it.
  if (ts[end + 1] === ',') return ts.slice(0, start) + ts.slice(end + 2);
  const comma = ts.lastIndexOf(',', start);
  return ts.slice(0, comma) + ts.slice(end + 1);
}

export async function runSqlFile(url, file) {
  return mustRun('psql', [url, '-XAtq', '-v', 'ON_ERROR_STOP=1', '-f', file]);
}

function pgIdent(name) {
  return `"${name.replaceAll('"', '""')}"`;
}
