#!/usr/bin/env node
// `npm test`: setup, reset the test database from migrations, then pgTAP (pg_prove), vitest and
// deno test. Ends with one line `N passed, M failed` summing the three; exits non-zero on failure.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { connParts, DENO_BIN, ROOT, TEST_DB_URL } from './lib/config.mjs';
import { mustRun, run } from './lib/run.mjs';
import { parseDenoSummary, parseProveSummary } from './test/summaries.mjs';

const only = process.argv.slice(2); // optional: any of pgtap, vitest, deno
const wanted = (name) => only.length === 0 || only.includes(name);
const totals = [];

async function resetTestDatabase() {
  console.log('== resetting the test database from migrations');
  // Imported late: setup installs the npm packages (pg) this module needs.
  const { push, recreateDatabase, runSqlFile } = await import('./lib/db.mjs');
  await recreateDatabase(TEST_DB_URL);
  await push(TEST_DB_URL);
  await runSqlFile(TEST_DB_URL, path.join(ROOT, 'scripts/test/pgtap-helpers.sql'));
}

async function pgtap() {
  console.log('== pgTAP (pg_prove supabase/tests)');
  const c = connParts(TEST_DB_URL);
  const r = await run('pg_prove', [
    '--recurse', '--ext', '.sql', '--failures', '--comments',
    '-h', c.host, '-p', c.port, '-U', c.user, '-d', c.database, 'supabase/tests',
  ], { capture: true, env: { PGPASSWORD: c.password } });
  return { runner: 'pgtap', ...parseProveSummary(r.stdout, r.code) };
}

async function vitest() {
  console.log('== vitest (tests/)');
  const out = path.join(ROOT, 'test-results/vitest.json');
  mkdirSync(path.dirname(out), { recursive: true });
  rmSync(out, { force: true });
  const r = await run(path.join(ROOT, 'node_modules/.bin/vitest'), [
    'run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`,
  ], { env: { SUPABASE_TEST_DB_URL: TEST_DB_URL } });
  try {
    const j = JSON.parse(readFileSync(out, 'utf8'));
    // A suite that fails to load has no test results: count it as a failure, not as nothing.
    const broken = j.testResults.filter((f) => f.status === 'failed' && f.assertionResults.length === 0).length;
    return { runner: 'vitest', passed: j.numPassedTests, failed: j.numFailedTests + broken };
  } catch {
    return { runner: 'vitest', passed: 0, failed: Math.max(1, r.code) };
  }
}

async function denoTest() {
  console.log('== deno test (functions/)');
  const r = await run(DENO_BIN, ['test', '--allow-all', '--no-prompt', 'functions/'], {
    capture: true, env: { NO_COLOR: '1', SUPABASE_DB_URL: TEST_DB_URL },
  });
  return { runner: 'deno', ...parseDenoSummary(r.stdout, r.code) };
}

try {
  await mustRun('bash', [path.join(ROOT, 'scripts/setup')], { quiet: false });
  if (wanted('pgtap') || wanted('vitest')) await resetTestDatabase();
  if (wanted('pgtap')) totals.push(await pgtap());
  if (wanted('vitest')) totals.push(await vitest());
  if (wanted('deno')) totals.push(await denoTest());
} catch (err) {
  console.error(String(err?.stack ?? err));
  totals.push({ runner: 'harness', passed: 0, failed: 1 });
}

for (const t of totals) console.log(`   ${t.runner}: ${t.passed} passed, ${t.failed} failed`);
const passed = totals.reduce((s, t) => s + t.passed, 0);
const failed = totals.reduce((s, t) => s + t.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
