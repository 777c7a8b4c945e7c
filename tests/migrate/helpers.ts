// Shared by the migrate/backup tests: scratch clusters, a throwaway project, the CLI as a process.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { ROOT, TEST_DB_URL } from '../../scripts/lib/config.mjs';
import { recreateDatabase } from '../../scripts/lib/db.mjs';
import { mustRun, run } from '../../scripts/lib/run.mjs';

// Scratch clusters of their own (pg_cron needs each its cluster's `postgres` database), on the
// four ports after the test cluster's (54372 -> 54373..54376), so that runs against different
// test clusters never share a scratch cluster. Each can be set explicitly.
const base = Number(new URL(TEST_DB_URL).port || 5432);
const url = (offset: number) => {
  const u = new URL(TEST_DB_URL);
  u.port = String(base + offset);
  u.pathname = '/postgres';
  return u.toString();
};
export const SCRATCH = {
  cli: process.env.OPSBASE_MIGRATE_SCRATCH_URL ?? url(1),
  roundTrip: process.env.OPSBASE_ROUNDTRIP_SCRATCH_URL ?? url(2),
  backupSource: process.env.OPSBASE_BACKUP_SOURCE_URL ?? url(3),
  backupScratch: process.env.OPSBASE_BACKUP_SCRATCH_URL ?? url(4),
};

/** Create/start the cluster behind url (scripts/setup) and give it an empty database. */
export async function freshScratch(dbUrl: string) {
  await ensureCluster(dbUrl);
  await recreateDatabase(dbUrl);
}

/** Setup only when the cluster does not answer: a full setup run may also install packages. */
export async function ensureCluster(dbUrl: string) {
  const probe = new pg.Client({ connectionString: dbUrl, connectionTimeoutMillis: 3000 });
  try {
    await probe.connect();
    await probe.end();
    return;
  } catch {
    await probe.end().catch(() => {});
  }
  await mustRun('bash', [path.join(ROOT, 'scripts/setup')], { env: { SUPABASE_TEST_DB_URL: dbUrl } });
}

export type CliResult = { code: number; stdout: string; stderr: string };

export async function cli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const r = await run(process.execPath, [path.join(ROOT, 'scripts/opsbase.mjs'), ...args], { quiet: true, env: { OPSBASE_APPLIED_BY: 'vitest', ...env } });
  return r as CliResult;
}

/** A project dir with the repo's config.toml and the given repo migrations (by version prefix). */
export function makeProject(repoVersions: string[]) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'opsbase-mt-'));
  mkdirSync(path.join(dir, 'supabase/migrations'), { recursive: true });
  mkdirSync(path.join(dir, 'supabase/rollbacks'), { recursive: true });
  cpSync(path.join(ROOT, 'supabase/config.toml'), path.join(dir, 'supabase/config.toml'));
  for (const v of repoVersions) {
    for (const sub of ['migrations', 'rollbacks']) {
      for (const f of readdirSync(path.join(ROOT, 'supabase', sub)).filter((n) => n.startsWith(`${v}_`))) {
        cpSync(path.join(ROOT, 'supabase', sub, f), path.join(dir, 'supabase', sub, f));
      }
    }
  }
  return {
    dir,
    migration: (file: string) => path.join(dir, 'supabase/migrations', file),
    rollback: (file: string) => path.join(dir, 'supabase/rollbacks', file.replace(/\.sql$/, '.down.sql')),
    add(file: string, up: string, down: string | null) {
      writeFileSync(path.join(dir, 'supabase/migrations', file), `set lock_timeout = '5s';\nset statement_timeout = '60s';\n${up}`);
      if (down !== null) writeFileSync(path.join(dir, 'supabase/rollbacks', file.replace(/\.sql$/, '.down.sql')), `set lock_timeout = '5s';\n${down}`);
    },
  };
}

export async function q<T = Record<string, unknown>>(dbUrl: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: dbUrl });
  await c.connect();
  try {
    return (await c.query(sql, params)).rows as T[];
  } finally {
    await c.end();
  }
}

export const ledgerVersions = async (dbUrl: string) =>
  (await q<{ version: string }>(dbUrl, 'select version from supabase_migrations.schema_migrations order by version')).map((r) => r.version);
