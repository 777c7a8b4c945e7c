#!/usr/bin/env node
// The local relay: the worker behind the pg_net stand-in (supabase/platform/30_net.sql).
// pg_net's background worker sends queued HTTP requests and stores responses; here this process
// does it. NOTIFY net_http_request wakes it; a poll catches anything sent while it was down.
// Each batch is claimed with FOR UPDATE SKIP LOCKED, so several relays never send a request twice.
import pg from 'pg';

const DB_URL = process.env.SUPABASE_DB_URL ?? 'postgresql://postgres:postgres@127.0.0.1:54322/postgres';
const POLL_MS = Number(process.env.RELAY_POLL_MS ?? 1000);
const BATCH = Number(process.env.RELAY_BATCH ?? 50);

const log = (msg) => console.log(`[relay] ${msg}`);

async function send(req) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), req.timeout_milliseconds);
  try {
    const res = await fetch(req.url, {
      method: req.method,
      headers: req.headers ?? {},
      body: req.method === 'GET' ? undefined : req.body ?? undefined,
      signal: controller.signal,
    });
    const content = await res.text();
    return {
      status_code: res.status,
      content_type: res.headers.get('content-type'),
      headers: Object.fromEntries(res.headers),
      content,
      timed_out: false,
      error_msg: null,
    };
  } catch (err) {
    const timedOut = err.name === 'AbortError';
    return { status_code: null, content_type: null, headers: null, content: null, timed_out: timedOut,
      error_msg: timedOut ? `Timeout of ${req.timeout_milliseconds} ms reached` : String(err.cause?.message ?? err.message) };
  } finally {
    clearTimeout(timer);
  }
}

/** Claim, send and record one batch in one transaction; returns how many were handled. */
export async function drainOnce(client) {
  await client.query('begin');
  try {
    const { rows } = await client.query(
      `select id, method, url, headers, body, timeout_milliseconds from net.http_request_queue
       order by id limit $1 for update skip locked`, [BATCH]);
    const results = await Promise.all(rows.map(send));
    for (const [i, r] of rows.entries()) {
      const res = results[i];
      await client.query(
        `insert into net._http_response (id, status_code, content_type, headers, content, timed_out, error_msg)
         values ($1, $2, $3, $4, $5, $6, $7) on conflict (id) do nothing`,
        [r.id, res.status_code, res.content_type, res.headers, res.content, res.timed_out, res.error_msg]);
      await client.query('delete from net.http_request_queue where id = $1', [r.id]);
    }
    await client.query('commit');
    return rows.length;
  } catch (err) {
    await client.query('rollback').catch(() => {});
    throw err;
  }
}

async function main() {
  const listener = new pg.Client({ connectionString: DB_URL });
  const worker = new pg.Client({ connectionString: DB_URL });
  await listener.connect();
  await worker.connect();
  let wake = null;
  listener.on('notification', () => wake?.());
  await listener.query('listen net_http_request');
  let running = true;
  const stop = async () => {
    running = false;
    wake?.();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  log(`draining net.http_request_queue on ${new URL(DB_URL).host}`);
  while (running) {
    try {
      const n = await drainOnce(worker);
      if (n > 0) {
        log(`sent ${n} request(s)`);
        continue; // more may be waiting
      }
    } catch (err) {
      log(`batch failed, will retry: ${err.message}`);
    }
    await new Promise((resolve) => {
      wake = resolve;
      setTimeout(resolve, POLL_MS);
    });
  }
  await listener.end();
  await worker.end();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err) => {
    console.error(`[relay] ${err.message}`);
    process.exit(1);
  });
}
