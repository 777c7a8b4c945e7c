#!/usr/bin/env node
// `npm start`: setup, push migrations and seed with the Supabase CLI, then run the functions
// gateway and the relay in the foreground. Ctrl-C stops what this command started.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DB_URL, DENO_BIN, FUNCTIONS_URL, REDIS_URL, ROOT } from './lib/config.mjs';
import { ANON_KEY, FUNCTIONS_SECRET, functionEnv, SERVICE_ROLE_KEY } from './lib/keys.mjs';
import { mustRun, run } from './lib/run.mjs';

const RUN_DIR = path.join(process.env.OPSBASE_LOCAL_DIR ?? path.join(ROOT, '.local'), 'run');
const stack = (...args) => run('bash', [path.join(ROOT, 'scripts/stack'), ...args], { quiet: true });
const alive = (pidFile) => {
  try {
    process.kill(Number(readFileSync(pidFile, 'utf8')), 0);
    return true;
  } catch {
    return false;
  }
};

for (const p of ['gateway', 'relay']) {
  if (alive(path.join(RUN_DIR, `${p}.pid`))) {
    console.error(`[opsbase] the ${p} is already running (another npm start?). Run \`npm run stop\` first.`);
    process.exit(1);
  }
}

// Remember what was already up, so Ctrl-C leaves it as it was.
const wasRunning = {
  dev: (await stack('running', 'dev')).code === 0,
  test: (await stack('running', 'test')).code === 0,
  redis: (await stack('running', 'redis')).code === 0,
};

await mustRun('bash', [path.join(ROOT, 'scripts/setup')], { quiet: false });
console.log('[opsbase] pushing migrations and seed (supabase db push --include-seed)');
const { push, query } = await import('./lib/db.mjs'); // late: setup installs pg
await push(DB_URL, { includeSeed: true });
// Where net.http_post wake-ups go and how they are signed (Vault holds these on Supabase).
await query(DB_URL, `insert into ops.settings (key, value)
  values ('opsbase_functions_url', $1), ('opsbase_functions_secret', $2)
  on conflict (key) do update set value = excluded.value, updated_at = now()`, [FUNCTIONS_URL, FUNCTIONS_SECRET]);

mkdirSync(RUN_DIR, { recursive: true });
const env = { ...process.env, ...functionEnv({ dbUrl: DB_URL, redisUrl: REDIS_URL, functionsUrl: FUNCTIONS_URL }) };
const children = {
  gateway: spawn(DENO_BIN, ['run', '--allow-all', path.join(ROOT, 'scripts/functions/gateway.ts')], { env, stdio: 'inherit' }),
  relay: spawn(process.execPath, [path.join(ROOT, 'scripts/relay.mjs')], { env, stdio: 'inherit' }),
};
for (const [name, child] of Object.entries(children)) writeFileSync(path.join(RUN_DIR, `${name}.pid`), String(child.pid));

let stopping = false;
async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  for (const child of Object.values(children)) if (child.exitCode === null) child.kill('SIGTERM');
  await Promise.all(Object.values(children).map((c) => c.exitCode === null && new Promise((r) => c.once('exit', r))));
  for (const name of Object.keys(children)) rmSync(path.join(RUN_DIR, `${name}.pid`), { force: true });
  const started = Object.keys(wasRunning).filter((k) => !wasRunning[k]);
  if (started.length) await stack('stop', ...started);
  console.log(`[opsbase] stopped ${['gateway', 'relay', ...started].join(', ')}`);
  process.exit(code);
}
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));
for (const [name, child] of Object.entries(children)) {
  child.on('exit', (code) => {
    if (!stopping) {
      console.error(`[opsbase] ${name} exited (${code}); stopping the stack`);
      shutdown(1);
    }
  });
}

const gatewayHealth = `${new URL(FUNCTIONS_URL).origin}/health`;
for (let i = 0; i < 100; i++) {
  if (stopping) break;
  const ok = await fetch(gatewayHealth).then((r) => r.ok, () => false);
  if (ok) break;
  await new Promise((r) => setTimeout(r, 200));
}
if (!stopping) {
  console.log(`
opsbase local stack is up
  Database    ${DB_URL}
  Test DB     ${process.env.SUPABASE_TEST_DB_URL ?? 'postgresql://postgres:postgres@127.0.0.1:54332/postgres'}
  Redis       ${REDIS_URL}
  Functions   ${FUNCTIONS_URL}/<name>   (gateway health: ${gatewayHealth})
  anon key         ${ANON_KEY}
  service_role key ${SERVICE_ROLE_KEY}
${(await stack('status')).stdout}
Ctrl-C stops what this command started.`);
}
