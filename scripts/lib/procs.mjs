// Spawning the local stack's moving parts for end-to-end tests and benches: a private Redis, the
// relay and the functions gateway, each against the addresses given (never the shared defaults).
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { DENO_BIN, ROOT } from './config.mjs';
import { functionEnv } from './keys.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function waitFor(fn, timeoutMs, what, intervalMs = 50) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}

export function accepts(port) {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.once('connect', () => { s.destroy(); resolve(true); });
    s.once('error', () => resolve(false));
  });
}

function launch(cmd, args, env) {
  const child = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));
  return {
    child, exited, output: () => out,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const done = await Promise.race([exited, sleep(15_000).then(() => 'timeout')]);
      if (done === 'timeout') { child.kill('SIGKILL'); await exited; }
    },
  };
}

/** A loopback port nothing listens on right now. */
export function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** redis-server on a private port, persisting to dir so a SHUTDOWN SAVE + restart keeps the data. */
export async function startRedis(port, dir, extra = []) {
  if (await accepts(port)) throw new Error(`port ${port} is taken; the private Redis needs it`);
  const p = launch('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir,
    '--dbfilename', 'dump.rdb', '--save', '', '--appendonly', 'no', ...extra], {});
  await waitFor(async () => p.child.exitCode !== null || await accepts(port), 10_000, `redis on ${port}`);
  if (p.child.exitCode !== null) throw new Error(`redis-server exited:\n${p.output()}`);
  return p;
}

export async function startRelay(dbUrl, pollMs = 200) {
  const p = launch(process.execPath, [path.join(ROOT, 'scripts/relay.mjs')], { SUPABASE_DB_URL: dbUrl, RELAY_POLL_MS: String(pollMs) });
  await waitFor(() => /\[relay\] draining/.test(p.output()) || p.child.exitCode !== null, 15_000, 'relay to start');
  if (p.child.exitCode !== null) throw new Error(`relay exited:\n${p.output()}`);
  return p;
}

/** The gateway; ready once the functions in `needs` are up (others may be mid-development). */
export async function startGateway({ dbUrl, redisUrl, functionsUrl, env = {}, needs = [] }) {
  const origin = new URL(functionsUrl).origin;
  if (await accepts(Number(new URL(functionsUrl).port))) throw new Error(`${origin} is taken`);
  const p = launch(DENO_BIN, ['run', '--allow-all', 'scripts/functions/gateway.ts'],
    { NO_COLOR: '1', ...functionEnv({ dbUrl, redisUrl, functionsUrl }), ...env });
  try {
    await waitFor(async () => {
      if (p.child.exitCode !== null) throw new Error('gateway exited');
      return fetch(`${origin}/health`).then((r) => r.json())
        .then((b) => b.functions && needs.every((n) => b.functions[n] === 'up'), () => false);
    }, 60_000, `${origin}/health`, 200);
  } catch (err) {
    await p.stop(); // never leave a half-started gateway (and its functions) behind
    throw new Error(`${err.message}\n${p.output()}`);
  }
  return p;
}

/** Pid of the gateway's child process serving a function (Linux /proc). */
export function functionPid(gatewayPid, name) {
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8');
      if (ppid === gatewayPid && cmd.includes(`functions/${name}/index.ts`)) return Number(d);
    } catch { /* exited meanwhile */ }
  }
  return null;
}
