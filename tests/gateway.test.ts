// The local functions gateway (scripts/functions/gateway.ts): serves functions/<name>/index.ts at
// FUNCTIONS_URL/<name>, each in its own Deno process, reports them on /health, refuses a port that
// is taken, and takes its function processes down with it on SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DENO_BIN, REDIS_URL as redisUrl, ROOT, TEST_DB_URL as testDbUrl } from '../scripts/lib/config.mjs';
import { functionEnv } from '../scripts/lib/keys.mjs';

const PORT = 54331; // reserved for tests; the dev gateway uses 54321
const ORIGIN = `http://127.0.0.1:${PORT}`;
const functionsUrl = `${ORIGIN}/functions/v1`;

type Proc = { child: ChildProcess; stdout: () => string; stderr: () => string; exited: Promise<number | null> };

function spawnGateway(): Proc {
  const child = spawn(DENO_BIN, ['run', '--allow-all', 'scripts/functions/gateway.ts'], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1', ...functionEnv({ dbUrl: testDbUrl, redisUrl, functionsUrl }) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor<T>(fn: () => T | Promise<T>, timeoutMs: number, what: string): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
}

const exitedWithin = (p: Proc, ms: number) =>
  Promise.race([p.exited.then((code) => ({ code })), sleep(ms).then(() => undefined)]);

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.once('connect', () => { s.destroy(); resolve(true); });
    s.once('error', () => resolve(false));
  });
}

/** All live processes: pid, parent pid and command line (from /proc; Linux only). */
function processes(): { pid: number; ppid: number; cmd: string }[] {
  const list = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      list.push({ pid: Number(d), ppid, cmd });
    } catch { /* exited meanwhile */ }
  }
  return list;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    // A zombie still answers kill 0; it no longer runs anything.
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

const shimPids = () => processes().filter((p) => p.cmd.includes('port-shim')).map((p) => p.pid);

function envOf(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
  } catch {
    return [];
  }
}

/** Function processes (deno ... port-shim.ts <entry>) started by the given gateway pid. */
function functionChildren(gatewayPid: number) {
  return processes()
    .filter((p) => p.ppid === gatewayPid && p.cmd.includes('port-shim'))
    .map((p) => {
      const env = envOf(p.pid);
      const port = Number(env.find((e) => e.startsWith('FN_PORT='))?.slice('FN_PORT='.length));
      return { ...p, port };
    });
}

let gateway: Proc;
let baselineShims: number;
let children: { pid: number; cmd: string; port: number }[] = [];

beforeAll(async () => {
  expect(await accepts(PORT), `port ${PORT} must be free for the test gateway`).toBe(false);
  baselineShims = shimPids().length;
  gateway = spawnGateway();
  await waitFor(async () => {
    if (gateway.child.exitCode !== null) {
      throw new Error(`gateway exited (${gateway.child.exitCode}):\n${gateway.stdout()}\n${gateway.stderr()}`);
    }
    try {
      const res = await fetch(`${ORIGIN}/health`);
      const body = await res.json();
      return res.ok && body.status === 'ok';
    } catch {
      return false;
    }
  }, 45_000, `GET ${ORIGIN}/health`);
  children = functionChildren(gateway.child.pid!);
}, 60_000);

afterAll(async () => {
  if (!gateway) return;
  if (gateway.child.exitCode === null && gateway.child.signalCode === null) gateway.child.kill('SIGTERM');
  const done = await exitedWithin(gateway, 15_000);
  try {
    expect(done, `gateway exits within 15 s of SIGTERM; stderr:\n${gateway.stderr()}`).toEqual({ code: 0 });
    // Its function processes went with it: none of them runs, none of their ports accepts.
    await waitFor(() => children.every((c) => !alive(c.pid)), 10_000, 'function processes to exit');
    for (const c of children) expect(await accepts(c.port), `port ${c.port} of ${c.cmd}`).toBe(false);
    await waitFor(() => shimPids().length === baselineShims, 10_000, `port-shim processes back to ${baselineShims}`);
    expect(await accepts(PORT)).toBe(false);
  } finally {
    // Whatever the assertions said, leave nothing of ours running.
    if (!done) gateway.child.kill('SIGKILL');
    for (const c of children) if (alive(c.pid) && shimPids().includes(c.pid)) process.kill(c.pid, 'SIGKILL');
  }
}, 60_000);

describe('functions gateway', () => {
  it('runs each function in its own process on its own loopback port', async () => {
    const { functions } = await (await fetch(`${ORIGIN}/health`)).json();
    expect(children).toHaveLength(Object.keys(functions).length);
    expect(children.some((c) => /functions\/health\/index\.ts$/.test(c.cmd))).toBe(true);
    expect(new Set(children.map((c) => c.port)).size).toBe(children.length);
    for (const c of children) expect(await accepts(c.port), `${c.cmd} listens on ${c.port}`).toBe(true);
  });

  it('serves the health function: Postgres and Redis answer', async () => {
    const res = await fetch(`${functionsUrl}/health`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    const body = await res.json();
    expect(body.status).toBe('ok');
    expect(body.checks.db.ok).toBe(true);
    expect(body.checks.redis.ok).toBe(true);
  });

  it('reports the functions as up on its own /health', async () => {
    const res = await fetch(`${ORIGIN}/health`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ status: 'ok', functions: { health: 'up' } });
    expect(Object.values(body.functions).every((state) => state === 'up')).toBe(true);
  });

  it('answers 404 naming an unknown function', async () => {
    const res = await fetch(`${functionsUrl}/no-such-fn`);
    expect(res.status).toBe(404);
    const body = await res.json();
    expect(body.error).toMatch(/no-such-fn/);
  });

  it('passes other methods through to the function (POST /health -> 405 from the handler)', async () => {
    const res = await fetch(`${functionsUrl}/health`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(405);
    expect(await res.json()).toEqual({ error: 'method not allowed' });
  });

  it('refuses to start a second gateway on the same port, naming FUNCTIONS_URL, without leaking processes', async () => {
    const shimsBefore = shimPids();
    const second = spawnGateway();
    const done = await exitedWithin(second, 45_000);
    if (!done) second.child.kill('SIGKILL');
    try {
      expect(done, 'second gateway exits on its own').toBeDefined();
      expect(done!.code, second.stderr()).not.toBe(0);
      expect(second.stderr()).toMatch(/already in use/);
      expect(second.stderr()).toMatch(/FUNCTIONS_URL/);
      // The function processes it had started are gone; the first gateway's are untouched.
      await waitFor(() => shimPids().length === shimsBefore.length, 10_000,
        `port-shim processes back to ${shimsBefore.length}`);
    } finally {
      // On failure, stop what the second gateway left behind: function processes of this test's
      // FUNCTIONS_URL (its port is reserved for tests) other than the first gateway's.
      for (const pid of shimPids()) {
        if (shimsBefore.includes(pid) || children.some((c) => c.pid === pid)) continue;
        if (envOf(pid).includes(`FUNCTIONS_URL=${functionsUrl}`)) process.kill(pid, 'SIGKILL');
      }
    }
    expect(children.every((c) => alive(c.pid))).toBe(true);
    const res = await fetch(`${functionsUrl}/health`);
    expect(res.status).toBe(200);
  }, 60_000);
});
