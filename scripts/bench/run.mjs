#!/usr/bin/env node
// Benchmark runner: `npm run bench -- <name> [--json-only]`, or with no name / --list to see what exists.
// Loads scripts/bench/<name>.mjs, prints a table, then one JSON line (always the last stdout line)
// so scripts can `tail -n1` the result without parsing the table.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DB_URL } from '../lib/config.mjs';
import { collectEnv } from './lib/env-info.mjs';
import { checkResult } from './lib/results.mjs';
import { formatTable } from './lib/table.mjs';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const USAGE = 'usage: npm run bench -- <name> [--json-only] | --list';

class UsageError extends Error {}

// Progress goes to stderr so stdout stays table + JSON only.
const log = (msg) => process.stderr.write(`[bench] ${msg}\n`);

async function availableBenches() {
  const files = await readdir(BENCH_DIR);
  return files
    .filter((f) => f.endsWith('.mjs') && f !== 'run.mjs')
    .map((f) => f.slice(0, -'.mjs'.length))
    .sort();
}

const loadBench = (name) => import(pathToFileURL(join(BENCH_DIR, `${name}.mjs`)).href);

async function list() {
  const names = await availableBenches();
  const width = Math.max(0, ...names.map((n) => n.length));
  console.log('available benches:');
  for (const name of names) {
    const { description = '' } = await loadBench(name);
    console.log(`  ${name.padEnd(width)}  ${description}`);
  }
  console.log(`\n${USAGE}`);
}

function benchSeconds() {
  const raw = process.env.BENCH_SECONDS;
  if (raw === undefined || raw === '') return 10;
  const n = Number(raw);
  // pgbench -T takes whole seconds.
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`BENCH_SECONDS must be a positive integer, got "${raw}"`);
  return n;
}

async function runBench(name, { jsonOnly }) {
  const known = await availableBenches();
  if (!known.includes(name)) {
    throw new UsageError(`unknown bench "${name}"; available: ${known.join(', ') || '(none)'}`);
  }
  const seconds = benchSeconds();
  const bench = await loadBench(name);
  if (typeof bench.run !== 'function') throw new Error(`${name}.mjs does not export run(ctx)`);

  const url = DB_URL;
  const tmpDir = await mkdtemp(join(tmpdir(), `opsbase-bench-${name}-`));
  let result;
  try {
    log(`${name}: ${bench.description ?? ''} (${seconds}s per case)`);
    result = await bench.run({ dbUrl: url, seconds, tmpDir, log });
  } finally {
    await rm(tmpDir, { recursive: true, force: true });
  }
  checkResult(result);

  if (!jsonOnly) {
    console.log(formatTable(result.rows, result.baseline));
    for (const note of result.notes ?? []) console.log(`note: ${note}`);
  }
  const report = {
    bench: name,
    baseline: result.baseline,
    results: result.rows.map(({ name: n, value, unit, ratio }) => ({ name: n, value, unit, ratio })),
    ...(result.notes?.length ? { notes: result.notes } : {}),
    env: await collectEnv(url),
    at: new Date().toISOString(),
  };
  console.log(JSON.stringify(report));
}

async function main(argv) {
  const flags = argv.filter((a) => a.startsWith('-'));
  const names = argv.filter((a) => !a.startsWith('-'));
  const unknownFlags = flags.filter((f) => !['--json-only', '--list', '-h', '--help'].includes(f));
  if (unknownFlags.length) throw new UsageError(`unknown option ${unknownFlags.join(' ')}\n${USAGE}`);
  if (names.length > 1) throw new UsageError(`one bench at a time\n${USAGE}`);
  if (names.length === 0 || flags.some((f) => f !== '--json-only')) return list();
  return runBench(names[0], { jsonOnly: flags.includes('--json-only') });
}

main(process.argv.slice(2)).catch((err) => {
  process.stderr.write(`bench: ${err.message}\n`);
  // 2 = you asked for something that doesn't exist; 1 = the bench itself failed.
  process.exitCode = err instanceof UsageError ? 2 : 1;
});
