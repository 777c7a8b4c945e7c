// migrate create <description> [--pattern NAME ...]: a timestamped migration and its rollback.
// Without --pattern the files are the plain template; a pattern may write several numbered
// pairs, because some safe changes need separate transactions (NOT VALID, then VALIDATE).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CliError, EXIT, parseArgs, reporter } from './cli-kit.mjs';
import { resolveTarget } from './context.mjs';
import { compareVersions, readMigrations } from './files.mjs';
import { PATTERNS, patternOptionNames } from './patterns.mjs';

export const usage = 'create <description> [--pattern NAME [pattern options]] [--version YYYYMMDDHHMMSS] [--workdir DIR] [--json]';

export async function run(argv) {
  const { opts, positional } = parseArgs(argv, {
    valued: ['workdir', 'version', 'pattern', ...patternOptionNames()],
    booleans: ['json', 'quiet', 'unique', 'not-null'],
  });
  const out = reporter(opts);
  const slug = slugify(positional.join(' '));
  const { paths } = resolveTarget(opts);
  const { migrations } = readMigrations(paths);

  let pairs;
  if (opts.pattern) {
    const pattern = PATTERNS[opts.pattern];
    if (!pattern) throw new CliError(`unknown pattern "${opts.pattern}"; one of: ${Object.keys(PATTERNS).join(', ')}`);
    pairs = pattern.generate(opts);
  } else {
    pairs = [{ suffix: '', up: '-- Your change here. Keep it backward compatible with the code that is running now.\n', down: '-- Undo exactly what the migration did, newest change first.\n' }];
  }

  const first = firstVersion(opts.version, migrations);
  const written = [];
  const plan = pairs.map((pair, i) => {
    const version = addSeconds(first, i);
    const name = `${slug}${pair.suffix ?? ''}`;
    const file = `${version}_${name}.sql`;
    const taken = migrations.find((m) => m.version === version);
    if (taken) throw new CliError(`version ${version} is already used by ${taken.file}`);
    return { version, file, up: header(positional.join(' '), pair.title, pair.notes) + pair.up, down: rollbackHeader(file) + pair.down };
  });
  mkdirSync(paths.migrations, { recursive: true });
  mkdirSync(paths.rollbacks, { recursive: true });
  for (const p of plan) {
    const up = path.join(paths.migrations, p.file);
    const down = path.join(paths.rollbacks, p.file.replace(/\.sql$/, '.down.sql'));
    if (existsSync(up) || existsSync(down)) throw new CliError(`${p.file} or its rollback already exists`);
    writeFileSync(up, p.up, { flag: 'wx' });
    writeFileSync(down, p.down, { flag: 'wx' });
    written.push({ version: p.version, migration: path.relative(paths.workdir, up), rollback: path.relative(paths.workdir, down) });
  }
  out.result({ created: written }, written.flatMap((w) => [`created ${w.migration}`, `        ${w.rollback}`]));
  return EXIT.ok;
}

/** "Add user preferences!" -> add_user_preferences. Empty after cleaning is an error. */
export function slugify(description) {
  const slug = description.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  if (!slug) throw new CliError('create needs a description made of letters or digits, e.g. migrate create "add user preferences"');
  if (slug.length > 60) throw new CliError(`description too long (${slug.length} characters after cleaning; at most 60)`);
  return slug;
}

/** Now in UTC as YYYYMMDDHHMMSS, or --version; never at or below the newest existing version. */
function firstVersion(requested, migrations) {
  const newest = migrations.at(-1)?.version;
  if (requested !== undefined) {
    if (!/^\d{14}$/.test(requested)) throw new CliError(`--version must be 14 digits (YYYYMMDDHHMMSS), got "${requested}"`);
    return requested;
  }
  const now = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return newest && compareVersions(now, newest) <= 0 ? addSeconds(newest, 1) : now;
}

function addSeconds(version, n) {
  if (n === 0) return version;
  const d = new Date(Date.UTC(+version.slice(0, 4), +version.slice(4, 6) - 1, +version.slice(6, 8),
    +version.slice(8, 10), +version.slice(10, 12), +version.slice(12, 14) + n));
  return d.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

// Every migration starts with both timeouts: a migration that queues behind a long transaction
// for an ACCESS EXCLUSIVE lock blocks every query behind it, so it must give up quickly instead.
const TIMEOUTS = "set lock_timeout = '5s';\nset statement_timeout = '60s';\n\n";

function header(description, title, notes = []) {
  const lines = [`-- ${description}${title ? ` (${title})` : ''}`, ...notes.map((n) => `-- ${n}`)];
  return `${lines.join('\n')}\n${TIMEOUTS}`;
}

function rollbackHeader(file) {
  return `-- Rollback of ${file.replace(/\.sql$/, '')}.\n${TIMEOUTS}`;
}
