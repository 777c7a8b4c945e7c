// What every command starts from: the project's files, the target database, both ledgers.
import path from 'node:path';
import { DB_URL, ROOT } from '../lib/config.mjs';
import { projectPaths, readMigrations } from './files.mjs';
import { readLedgers } from './ledger.mjs';
import { computeState } from './state.mjs';

/** Options every database command accepts. */
export const COMMON_VALUED = ['db-url', 'workdir'];
export const COMMON_BOOLEANS = ['json', 'quiet'];

export function resolveTarget(opts) {
  return {
    url: opts.dbUrl ?? DB_URL,
    paths: projectPaths(opts.workdir ? path.resolve(opts.workdir) : ROOT),
  };
}

export async function loadState(opts) {
  const { url, paths } = resolveTarget(opts);
  const { migrations, ignored } = readMigrations(paths);
  const { ledger, side } = await readLedgers(url);
  return { url, paths, migrations, ignored, ledger, side, state: computeState(migrations, ledger, side) };
}

/** host:port/db of a URL, never its password. */
export function describeUrl(url) {
  const u = new URL(url);
  return `${u.hostname}:${u.port || 5432}${u.pathname}`;
}
