// A normalised schema snapshot for comparing database states: `pg_dump --schema-only` split into
// its objects (keyed by pg_dump's "Name; Type; Schema" headers), plus pg_cron's jobs, which a
// schema-only dump leaves out although migrations create and remove them.
import { existsSync } from 'node:fs';
import { mustRun } from '../lib/run.mjs';
import { connect } from './ledger.mjs';

const HEADER = /^-- (?:Data for )?Name: (.*); Type: (.*); Schema: (.*); Owner: .*$/;

/** pg_dump of the server's major version when installed (Debian layout), else PATH's. */
export function pgTool(name) {
  const env = process.env[`OPSBASE_${name.toUpperCase()}`];
  if (env) return env;
  const debian = `/usr/lib/postgresql/15/bin/${name}`;
  return existsSync(debian) ? debian : name;
}

export function libpqEnv(url) {
  const local = ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname);
  return local ? { PGSSLMODE: 'disable' } : {};
}

/** @returns {Promise<Map<string, string>>} object key -> normalised definition */
export async function snapshot(url) {
  const { stdout } = await mustRun(pgTool('pg_dump'), [
    '--schema-only', '--no-tablespaces', '--exclude-schema=supabase_migrations', `--dbname=${url}`,
  ], { env: libpqEnv(url) });
  const objects = parseDump(stdout);
  const client = await connect(url);
  try {
    const { rows } = await client.query(`select to_regclass('cron.job') is not null as ok`);
    if (rows[0].ok) {
      // Not `active`: the tester pauses jobs so they cannot change the schema under it.
      const jobs = await client.query('select jobname, schedule, command, database, username from cron.job order by jobname, jobid');
      for (const j of jobs.rows) {
        add(objects, `CRON JOB ${j.jobname ?? '(unnamed)'}`, `${j.schedule} | ${j.database} | ${j.username} | ${j.command.replace(/\s+/g, ' ').trim()}`);
      }
    }
  } finally {
    await client.end();
  }
  return objects;
}

export function parseDump(text) {
  const objects = new Map();
  let key = null;
  let body = [];
  const flush = () => {
    if (key) add(objects, key, body.join('\n').trim());
    body = [];
  };
  for (const line of text.split('\n')) {
    const m = HEADER.exec(line);
    if (m) {
      flush();
      const [, name, type, schema] = m;
      key = `${type} ${schema === '-' ? '' : `${schema}.`}${name}`;
      continue;
    }
    // Comment lines, psql meta-commands (\restrict carries a random token) and blank lines.
    if (!key || line.startsWith('--') || line.startsWith('\\') || line.trim() === '') continue;
    body.push(line.trimEnd());
  }
  flush();
  return objects;
}

function add(objects, key, value) {
  let k = key;
  for (let n = 2; objects.has(k); n++) k = `${key} #${n}`;
  objects.set(k, value);
}

/**
 * Differences between two snapshots, ignoring objects matched by `keeps` (from a rollback's
 * `-- opsbase-test-keeps` declaration). @returns {{ added: string[], removed: string[], changed: {key, expected, actual}[] }}
 */
export function diffSnapshots(expected, actual, keeps = []) {
  const kept = (key) => keeps.some((k) => keyMatches(key, k));
  const added = [...actual.keys()].filter((k) => !expected.has(k) && !kept(k));
  const removed = [...expected.keys()].filter((k) => !actual.has(k) && !kept(k));
  const changed = [...expected.keys()]
    .filter((k) => actual.has(k) && actual.get(k) !== expected.get(k) && !kept(k))
    .map((k) => ({ key: k, ...firstDifference(expected.get(k), actual.get(k)) }));
  return { added, removed, changed, equal: !added.length && !removed.length && !changed.length };
}

/**
 * "extension pg_cron" matches "EXTENSION pg_cron" and entries about it ("COMMENT EXTENSION
 * pg_cron", "ACL SCHEMA cron"); `*` matches anything, e.g. "acl extensions.*".
 */
export function keyMatches(key, keep) {
  const [type, ...rest] = keep.trim().split(/\s+/);
  const name = rest.join(' ');
  if (!type || !name) return false;
  const pattern = (s) => s.split('*').map(escape).join('.*');
  const T = type.toUpperCase();
  return new RegExp(`^(${pattern(`${T} ${name}`)}|[A-Z ]+ ${pattern(`${T} ${name}`)})$`).test(key);
}

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function firstDifference(a, b) {
  const x = a.split('\n');
  const y = b.split('\n');
  const i = x.findIndex((line, n) => line !== y[n]);
  const at = i < 0 ? x.length : i;
  return { expected: x[at] ?? '(end)', actual: y[at] ?? '(end)' };
}

/** One line per difference, for reports. */
export function describeDiff(d) {
  return [
    ...d.added.map((k) => `left behind: ${k}`),
    ...d.removed.map((k) => `missing: ${k}`),
    ...d.changed.map((c) => `changed: ${c.key} (expected "${c.expected.trim()}", got "${c.actual.trim()}")`),
  ];
}
