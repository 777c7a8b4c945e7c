// The relay (scripts/relay.mjs) behind the pg_net stand-in (supabase/platform/30_net.sql): requests
// enqueued with net.http_* reach a real HTTP server, responses land in net._http_response and the
// queue drains, including failures, timeouts and requests queued while the relay was down.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const testDbUrl = process.env.SUPABASE_TEST_DB_URL ?? 'postgresql://postgres:postgres@127.0.0.1:54332/postgres';
const POLL_MS = 200;

type Hit = { method: string; path: string; query: URLSearchParams; headers: http.IncomingHttpHeaders; body: string };
type ResponseRow = {
  id: string;
  status_code: number | null;
  content_type: string | null;
  content: string | null;
  timed_out: boolean | null;
  error_msg: string | null;
};

const RECEIVER_TEXT = 'relay-test-receiver: ok';

// ---- loopback receiver -------------------------------------------------------------------------

const hits: Hit[] = [];
let receiver: http.Server;
let base: string; // http://127.0.0.1:<port>

function startReceiver(): Promise<void> {
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://receiver');
      hits.push({
        method: req.method ?? '',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const reply = () => {
        if (res.destroyed) return;
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end(RECEIVER_TEXT);
      };
      if (url.pathname === '/slow') setTimeout(reply, 2_000);
      else reply();
    });
  });
  // The relay aborts /slow mid-response; that must not crash the receiver.
  receiver.on('clientError', (_err, socket) => socket.destroy());
  return new Promise((resolve) => {
    receiver.listen(0, '127.0.0.1', () => {
      base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
      resolve();
    });
  });
}

/** A loopback port that was free a moment ago and now has no listener: connecting is refused. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = http.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

// ---- relay process -----------------------------------------------------------------------------

type Relay = { child: ChildProcess; output: () => string; exited: Promise<number | null> };
const relays: Relay[] = [];

async function startRelay(): Promise<Relay> {
  const child = spawn(process.execPath, [path.join(ROOT, 'scripts/relay.mjs')], {
    cwd: ROOT,
    env: { ...process.env, SUPABASE_DB_URL: testDbUrl, RELAY_POLL_MS: String(POLL_MS) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const relay = { child, output: () => out, exited };
  relays.push(relay);
  // Ready once it has connected and is listening: it logs "draining ..." right after LISTEN.
  await waitFor(() => /\[relay\] draining/.test(out) || child.exitCode !== null, 15_000, 'relay to start');
  if (child.exitCode !== null) throw new Error(`relay exited early (${child.exitCode}):\n${out}`);
  return relay;
}

async function stopRelay(relay: Relay): Promise<void> {
  const i = relays.indexOf(relay);
  if (i >= 0) relays.splice(i, 1);
  if (relay.child.exitCode !== null || relay.child.signalCode !== null) return;
  relay.child.kill('SIGTERM');
  const code = await Promise.race([relay.exited, sleep(10_000).then(() => 'timeout' as const)]);
  if (code === 'timeout') {
    relay.child.kill('SIGKILL');
    await relay.exited;
    throw new Error(`relay did not exit within 10 s of SIGTERM:\n${relay.output()}`);
  }
  expect(code, `relay exit code; output:\n${relay.output()}`).toBe(0);
}

// ---- helpers -----------------------------------------------------------------------------------

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until fn returns a truthy value; fails after timeoutMs. */
async function waitFor<T>(fn: () => T | Promise<T>, timeoutMs: number, what: string): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}

let db: pg.Client;

async function responseRow(id: string): Promise<ResponseRow | undefined> {
  const { rows } = await db.query<ResponseRow>(
    'select id, status_code, content_type, content, timed_out, error_msg from net._http_response where id = $1', [id]);
  return rows[0];
}

const waitForResponse = (id: string) => waitFor(() => responseRow(id), 10_000, `net._http_response row ${id}`);

async function queued(ids: string[]): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    'select id from net.http_request_queue where id = any($1::bigint[]) order by id', [ids]);
  return rows.map((r) => r.id);
}

// ---- tests -------------------------------------------------------------------------------------

beforeAll(async () => {
  db = new pg.Client({ connectionString: testDbUrl });
  await db.connect();
  // Requests left by an earlier, aborted run point at receivers that no longer exist.
  await db.query('delete from net.http_request_queue');
  await startReceiver();
}, 60_000);

afterAll(async () => {
  await Promise.allSettled(relays.slice().map(stopRelay));
  await db?.end();
  receiver?.closeAllConnections();
  await new Promise((r) => receiver?.close(r) ?? r(undefined));
}, 60_000);

describe('relay delivers net.http_* requests', () => {
  beforeEach(async () => {
    hits.length = 0;
    await startRelay();
  }, 60_000);

  afterEach(async () => {
    for (const r of relays.slice()) await stopRelay(r);
  }, 60_000);

  it('sends http_post with body, params and JSON content type; records the response and dequeues', async () => {
    const { rows } = await db.query<{ id: string }>(
      `select net.http_post($1, '{"a":1}'::jsonb, '{"y":"2"}'::jsonb) as id`, [`${base}/hook?x=1`]);
    const id = rows[0].id;

    const hit = await waitFor(() => hits.find((h) => h.path === '/hook'), 10_000, 'the receiver to get /hook');
    expect(hit.method).toBe('POST');
    expect(JSON.parse(hit.body)).toEqual({ a: 1 });
    expect(hit.query.get('x')).toBe('1');
    expect(hit.query.get('y')).toBe('2');
    expect(hit.headers['content-type']).toBe('application/json');

    const row = await waitForResponse(id);
    expect(row).toMatchObject({ status_code: 200, content: RECEIVER_TEXT, timed_out: false, error_msg: null });
    expect(row.content_type).toMatch(/^text\/plain/);
    expect(await queued([id])).toEqual([]);
    expect(hits.filter((h) => h.path === '/hook')).toHaveLength(1);
  });

  it('records a refused connection as an error and drains it (no endless retry)', async () => {
    const port = await closedPort();
    const { rows } = await db.query<{ id: string }>('select net.http_get($1) as id', [`http://127.0.0.1:${port}/nothing`]);
    const id = rows[0].id;

    const row = await waitForResponse(id);
    expect(row.status_code).toBeNull();
    expect(row.timed_out).toBe(false);
    expect(row.error_msg).toMatch(/ECONNREFUSED/);
    expect(await queued([id])).toEqual([]);
    // The relay keeps working after a failed request.
    const { rows: next } = await db.query<{ id: string }>('select net.http_get($1) as id', [`${base}/after-failure`]);
    expect((await waitForResponse(next[0].id)).status_code).toBe(200);
  });

  it('gives up after timeout_milliseconds and marks the response timed_out', async () => {
    const started = Date.now();
    const { rows } = await db.query<{ id: string }>(
      `select net.http_post($1, '{}'::jsonb, timeout_milliseconds => 300) as id`, [`${base}/slow`]);
    const id = rows[0].id;

    const row = await waitForResponse(id);
    expect(row.timed_out).toBe(true);
    expect(row.status_code).toBeNull();
    expect(row.error_msg).toMatch(/300 ms/);
    // It was cut off at the timeout, not after the receiver's 2 s delay.
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(hits.filter((h) => h.path === '/slow')).toHaveLength(1);
    expect(await queued([id])).toEqual([]);
  });
});

describe('relay catches up on requests queued while it was down', () => {
  afterEach(async () => {
    for (const r of relays.slice()) await stopRelay(r);
  }, 60_000);

  it('delivers each backlog request exactly once, even with two relays racing for it', async () => {
    hits.length = 0;
    // One relay runs, then stops: the queue must not depend on a relay being up when enqueueing.
    await stopRelay(await startRelay());

    const run = randomUUID();
    const markers = Array.from({ length: 20 }, (_, i) => `${run}-${i}`);
    const ids: string[] = [];
    for (const marker of markers) {
      const { rows } = await db.query<{ id: string }>(
        'select net.http_post($1, jsonb_build_object($2::text, $3::text)) as id', [`${base}/once`, 'marker', marker]);
      ids.push(rows[0].id);
    }
    // Nothing sends them yet: all still queued, none received.
    expect(await queued(ids)).toEqual(ids);
    expect(hits).toHaveLength(0);

    // Two relays start at once; FOR UPDATE SKIP LOCKED must keep them from sending a request twice.
    await Promise.all([startRelay(), startRelay()]);
    await waitFor(async () => (await queued(ids)).length === 0, 10_000, 'the backlog to drain');
    const { rows } = await db.query<{ id: string; status_code: number }>(
      'select id, status_code from net._http_response where id = any($1::bigint[]) order by id', [ids]);
    expect(rows.map((r) => r.id)).toEqual(ids);
    expect(rows.every((r) => r.status_code === 200)).toBe(true);

    // Give a stray duplicate a chance to show up (several poll intervals) before counting.
    await sleep(POLL_MS * 5);
    const counts = new Map<string, number>();
    for (const h of hits) {
      expect(h.path).toBe('/once');
      const m = JSON.parse(h.body).marker as string;
      counts.set(m, (counts.get(m) ?? 0) + 1);
    }
    expect(Object.fromEntries(counts)).toEqual(Object.fromEntries(markers.map((m) => [m, 1])));
  });
});
