// Addresses of the local stack, shared by every Node script. Mirrors scripts/lib/env.sh.
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DB_URL = process.env.SUPABASE_DB_URL ?? 'postgresql://postgres:postgres@127.0.0.1:54322/postgres';
export const TEST_DB_URL = process.env.SUPABASE_TEST_DB_URL ?? 'postgresql://postgres:postgres@127.0.0.1:54332/postgres';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:54379';
export const FUNCTIONS_URL = process.env.FUNCTIONS_URL ?? 'http://127.0.0.1:54321/functions/v1';
export const SUPABASE_BIN = path.join(ROOT, 'node_modules/.bin/supabase');
export const DENO_BIN = path.join(ROOT, 'node_modules/.bin/deno');

/** The same URL with another database name, e.g. template1 for DROP DATABASE. */
export function withDatabase(url, db) {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(db)}`;
  return u.toString();
}

/** The pieces libpq command-line tools (psql, pg_prove, pgbench) take as flags. */
export function connParts(url) {
  const u = new URL(url);
  return {
    host: u.hostname.replace(/^\[|\]$/g, ''), // IPv6 literals come bracketed
    port: u.port || '5432',
    user: decodeURIComponent(u.username || 'postgres'),
    password: decodeURIComponent(u.password),
    database: decodeURIComponent(u.pathname.replace(/^\//, '')) || 'postgres',
  };
}
