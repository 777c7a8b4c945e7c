// The migration files on disk: supabase/migrations/<version>_<name>.sql and their rollbacks in
// supabase/rollbacks/<version>_<name>.down.sql. Checksums are SHA-256 of the exact bytes.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../lib/config.mjs';

// Supabase's own rule: the version is the leading digits, the name what follows the underscore.
const MIGRATION_RE = /^(\d+)_(.+)\.sql$/;

/** Paths of a project. workdir is the folder holding supabase/ (as with `supabase --workdir`). */
export function projectPaths(workdir = ROOT) {
  const supa = path.join(workdir, 'supabase');
  return {
    workdir,
    supabase: supa,
    migrations: path.join(supa, 'migrations'),
    rollbacks: path.join(supa, 'rollbacks'),
    config: path.join(supa, 'config.toml'),
  };
}

export function sha256(buf) {
  return createHash('sha256').update(buf).digest('hex');
}

/**
 * Migrations sorted by version, each with its rollback (or null) and checksum.
 * Files that do not look like migrations are returned in `ignored`, as the Supabase CLI skips them.
 */
export function readMigrations(paths) {
  const names = existsSync(paths.migrations) ? readdirSync(paths.migrations).sort() : [];
  const rollbackNames = existsSync(paths.rollbacks) ? new Set(readdirSync(paths.rollbacks)) : new Set();
  const migrations = [];
  const ignored = [];
  for (const file of names) {
    const m = MIGRATION_RE.exec(file);
    if (!m) {
      if (file.endsWith('.sql')) ignored.push(file);
      continue;
    }
    const full = path.join(paths.migrations, file);
    const bytes = readFileSync(full);
    const rollbackFile = file.replace(/\.sql$/, '.down.sql');
    migrations.push({
      version: m[1],
      name: m[2],
      file,
      path: full,
      sql: bytes.toString('utf8'),
      checksum: sha256(bytes),
      rollback: rollbackNames.has(rollbackFile) ? path.join(paths.rollbacks, rollbackFile) : null,
      rollbackFile,
    });
  }
  migrations.sort((a, b) => compareVersions(a.version, b.version));
  return { migrations, ignored };
}

/** Versions are digit strings of possibly different lengths; compare them as numbers. */
export function compareVersions(a, b) {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * The Supabase CLI stores each applied file as an array of statements, trimmed and without their
 * terminating semicolons. Comparing with whitespace and semicolons removed tells whether the file
 * on disk is what was applied, without re-implementing the CLI's splitter.
 */
export function sameAsApplied(sql, statements) {
  if (!Array.isArray(statements)) return null;
  const squash = (s) => s.replace(/[\s;]+/g, '');
  return squash(sql) === squash(statements.join('\n'));
}
