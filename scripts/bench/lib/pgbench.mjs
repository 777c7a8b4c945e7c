// Run pgbench with a custom script and return its throughput.
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { connParts } from '../../lib/config.mjs';

// pgbench of the same major version as the cluster; PG_BIN mirrors scripts/lib/env.sh.
export function pgbenchPath() {
  if (process.env.PGBENCH) return process.env.PGBENCH;
  return join(process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin', 'pgbench');
}

// The figure we want excludes connection setup, which would otherwise dominate short runs.
const TPS_LINE = /^tps = ([0-9.]+) \(without initial connection time\)$/m;

export function parseTps(output) {
  const m = TPS_LINE.exec(output);
  if (!m) throw new Error(`no "tps = ... (without initial connection time)" line in pgbench output:\n${output}`);
  return Number(m[1]);
}

function exec(cmd, args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * Runs `script` (pgbench script text) for `seconds` and returns { tps, output }.
 * -n: the custom scripts don't touch pgbench_* tables, so skip its vacuum step.
 * -M prepared: measure the statements, not parsing and planning them.
 */
export async function runPgbench({ url, name, script, dir, clients = 8, threads = 2, seconds = 10 }) {
  // Case names are for humans ("lease insert/delete"); the script file gets a safe slug.
  const file = join(dir, `${name.replace(/[^a-z0-9]+/gi, '-')}.sql`);
  await writeFile(file, script);
  const c = connParts(url);
  const args = [
    '-n', '-M', 'prepared',
    '-c', String(clients), '-j', String(threads), '-T', String(seconds),
    '-f', file,
    '-h', c.host, '-p', c.port, '-U', c.user,
    c.database,
  ];
  // The password travels in the environment, never on the command line (visible in ps).
  const env = { ...process.env, PGPASSWORD: c.password };
  const { code, stdout, stderr } = await exec(pgbenchPath(), args, env);
  // pgbench exits 2 when any client aborted; its tps would then be meaningless.
  if (code !== 0) throw new Error(`pgbench (${name}) exited ${code}:\n${stderr || stdout}`);
  return { tps: parseTps(stdout), output: stdout };
}
