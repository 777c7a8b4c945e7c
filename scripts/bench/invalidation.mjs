// Cache invalidation latency and drain throughput through the real delivery path: an UPDATE
// commits, its trigger enqueues a cache.invalidate event and (unless one is in flight) a net.http_post wake-up, the relay
// calls cache-invalidate behind the gateway, and the function UNLINKs the keys. A private Redis
// reports each deletion through keyspace notifications, so "key gone" is observed, not polled.
// Baselines from the same run: a bare LISTEN/NOTIFY round trip (latency) and raw UNLINK (keys/s).
// Needs a migrated database (SUPABASE_DB_URL) where no other cache-invalidate consumer runs.
import { createHmac } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { FUNCTIONS_SECRET } from '../lib/keys.mjs';
import { freePort, startGateway, startRedis, startRelay, waitFor } from '../lib/procs.mjs';

export const description =
  'commit-to-key-gone latency at 1k updates/s and drain keys/s through relay + gateway + cache-invalidate, vs NOTIFY round trip and raw UNLINK';

const RATE = 1000; // updates per second
const KEYS_PER_EVENT = 4;
const BACKLOG = 20_000; // events for the drain throughput case
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function pct(values, p) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

async function notifyRoundTrip(dbUrl, n) {
  const listener = new pg.Client({ connectionString: dbUrl });
  const sender = new pg.Client({ connectionString: dbUrl });
  await listener.connect();
  await sender.connect();
  const sent = new Map();
  const lat = [];
  listener.on('notification', (m) => lat.push(performance.now() - sent.get(m.payload)));
  await listener.query('listen opsbase_bench');
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    await sleep(Math.max(0, start + (i * 1000) / RATE - performance.now()));
    sent.set(String(i), performance.now());
    await sender.query(`select pg_notify('opsbase_bench', $1)`, [String(i)]);
  }
  await waitFor(() => lat.length === n, 10_000, 'notifications');
  await Promise.all([listener.end(), sender.end()]);
  return lat;
}

async function rawUnlink(redis, n) {
  const keys = Array.from({ length: n }, (_, i) => `bench:{t:raw}:k${i}`);
  for (let i = 0; i < n; i += 1000) await redis.mset(...keys.slice(i, i + 1000).flatMap((k) => [k, 'v']));
  const t0 = performance.now();
  for (let i = 0; i < n; i += 1000) await redis.unlink(...keys.slice(i, i + 1000));
  return n / ((performance.now() - t0) / 1000);
}

async function drainCall(functionsUrl) {
  const body = JSON.stringify({ action: 'drain', max_events: 100_000 });
  const t = Math.floor(Date.now() / 1000);
  const sig = `t=${t},v1=${createHmac('sha256', FUNCTIONS_SECRET).update(`${t}.${body}`).digest('hex')}`;
  const res = await fetch(`${functionsUrl}/cache-invalidate`, { method: 'POST', body, headers: { 'x-opsbase-signature': sig } });
  const json = await res.json();
  if (res.status !== 200 && res.status !== 202) throw new Error(`drain failed: ${res.status} ${JSON.stringify(json)}`);
  return { status: res.status, body: json };
}

export async function run({ dbUrl, seconds, log }) {
  const db = new pg.Pool({ connectionString: dbUrl, max: 16 });
  const { rows: [{ ok }] } = await db.query(`select to_regclass('ops.cache_invalidation_rules') is not null as ok`);
  if (!ok) throw new Error(`${new URL(dbUrl).host}: the cache migrations are not applied (npm start, or point SUPABASE_DB_URL at a migrated database)`);
  const saved = (await db.query(`select key, value from ops.settings where key like 'opsbase_functions_%'`)).rows;
  const table = `bench_invalidation_${process.pid}`;
  const dir = await mkdtemp(path.join(tmpdir(), 'opsbase-bench-redis-'));
  const procs = [];
  let redis;
  let sub;
  try {
    const redisPort = await freePort();
    const fnPort = await freePort();
    const redisUrl = `redis://127.0.0.1:${redisPort}`;
    const functionsUrl = `http://127.0.0.1:${fnPort}/functions/v1`;
    procs.push(await startRedis(redisPort, dir, ['--notify-keyspace-events', 'Kg']));
    redis = new Redis(redisUrl);
    sub = new Redis(redisUrl);
    log('starting relay and gateway');
    procs.push(await startRelay(dbUrl, 1000));
    procs.push(await startGateway({ dbUrl, redisUrl, functionsUrl, needs: ['cache-invalidate'] }));
    await db.query(`insert into ops.settings (key, value) values ('opsbase_functions_url', $1), ('opsbase_functions_secret', $2)
      on conflict (key) do update set value = excluded.value`, [functionsUrl, FUNCTIONS_SECRET]);

    const n = seconds * RATE;
    log(`baseline: NOTIFY round trip x${n} at ${RATE}/s`);
    const notify = await notifyRoundTrip(dbUrl, n);
    log('baseline: raw UNLINK');
    const rawKeysPerSec = await rawUnlink(redis, 100_000);

    // Scratch table and rule: 4 exact keys per row, the first one watched.
    await db.query(`create table public.${table} (id uuid primary key default gen_random_uuid(), owner uuid not null, v integer not null default 0)`);
    await db.query(`alter table public.${table} enable row level security`);
    const keyTpl = ['', ':a', ':b', ':c'].map((s) => `bench:{t:\${owner}}:row:\${id}${s}`);
    await db.query(`select ops.register_cache_invalidation($1::regclass, $2, '{}', '{}', array['v'], '{UPDATE}')`, [`public.${table}`, keyTpl]);
    const rows = (await db.query(
      `insert into public.${table} (owner) select gen_random_uuid() from generate_series(1, $1) returning id, owner`, [n + BACKLOG])).rows;
    const keyOf = (r, s = '') => `bench:{t:${r.owner}}:row:${r.id}${s}`;
    const latencyRows = rows.slice(0, n);
    for (let i = 0; i < rows.length; i += 1000) {
      await redis.mset(...rows.slice(i, i + 1000).flatMap((r) => ['', ':a', ':b', ':c'].flatMap((s) => [keyOf(r, s), 'v'])));
    }

    // Latency: one autocommit UPDATE per ms; deletion time from keyspace notifications.
    const committed = new Map();
    const gone = new Map();
    await sub.psubscribe('__keyspace@0__:bench:{t:*}:row:*');
    sub.on('pmessage', (_p, channel, ev) => {
      if (ev === 'del') gone.set(channel.slice('__keyspace@0__:'.length), performance.now());
    });
    log(`latency: ${n} updates at ${RATE}/s`);
    const requestsSoFar = async () => (await db.query(`select coalesce(max(id), 0)::bigint as id from (
      select id from net.http_request_queue union select id from net._http_response) r`)).rows[0].id;
    const firstRequest = await requestsSoFar();
    const start = performance.now();
    const inflight = [];
    // Timers fire late; send every update that is due by now, then yield, so the rate holds.
    for (let i = 0; i < latencyRows.length;) {
      const due = Math.min(latencyRows.length, Math.floor(((performance.now() - start) * RATE) / 1000) + 1);
      for (; i < due; i++) {
        const r = latencyRows[i];
        inflight.push(db.query(`update public.${table} set v = v + 1 where id = $1`, [r.id]).then(() => committed.set(keyOf(r), performance.now())));
      }
      await sleep(1);
    }
    await Promise.all(inflight);
    const achievedRate = n / ((performance.now() - start) / 1000);
    await waitFor(() => latencyRows.every((r) => gone.has(keyOf(r))), 120_000, 'every watched key to go', 100);
    const latency = latencyRows.map((r) => gone.get(keyOf(r)) - committed.get(keyOf(r)));
    // Wake-up requests posted during the latency run (request ids are a sequence).
    const wakeups = Number(await requestsSoFar()) - Number(firstRequest);

    // Drain: from idle, a backlog enqueued with wake-ups off, then signed drain calls until one
    // finds nothing (a run stops at the function's time budget).
    await db.query(`delete from ops.settings where key = 'opsbase_functions_url'`);
    const backlogRows = rows.slice(n);
    log(`drain: backlog of ${backlogRows.length} events x ${KEYS_PER_EVENT} keys`);
    // Measure from idle: no run in progress (202) and nothing left to claim.
    await waitFor(async () => {
      const q = await db.query('select count(*)::int as n from net.http_request_queue');
      return q.rows[0].n === 0;
    }, 120_000, 'the relay queue to empty', 200);
    const totals = { claimed: 0, unlinked: 0 };
    let t0 = null;
    for (;;) {
      const { status, body: c } = await drainCall(functionsUrl);
      if (status === 202) { // a wake-up's run is still going; ask again once it ends
        await sleep(20);
        continue;
      }
      if (t0 === null) { // idle once a call finds nothing; then enqueue the backlog
        if (c.claimed > 0) continue;
        await db.query(`update public.${table} set v = v + 1 where id = any($1::uuid[])`, [backlogRows.map((r) => r.id)]);
        t0 = performance.now();
        continue;
      }
      totals.claimed += c.claimed;
      totals.unlinked += c.unlinked;
      if (c.claimed === 0) break;
    }
    const drainSec = (performance.now() - t0) / 1000;
    const left = await redis.exists(...backlogRows.slice(0, 1000).map((r) => keyOf(r)));

    const p50 = pct(notify, 50);
    const p99 = pct(notify, 99);
    const resultRows = [
      { name: 'NOTIFY round trip p50', value: p50, unit: 'ms', ratio: 1 },
      { name: 'NOTIFY round trip p99', value: p99, unit: 'ms', ratio: 1 },
      { name: 'commit -> key gone p50', value: pct(latency, 50), unit: 'ms', ratio: pct(latency, 50) / p50 },
      { name: 'commit -> key gone p99', value: pct(latency, 99), unit: 'ms', ratio: pct(latency, 99) / p99 },
      { name: 'wake-ups per commit', value: wakeups / n, unit: 'requests', ratio: wakeups / n },
      { name: 'raw UNLINK', value: rawKeysPerSec, unit: 'keys/s', ratio: 1 },
      { name: 'drain keys', value: totals.unlinked / drainSec, unit: 'keys/s', ratio: totals.unlinked / drainSec / rawKeysPerSec },
      { name: 'drain events', value: totals.claimed / drainSec, unit: 'events/s', ratio: totals.claimed / drainSec / rawKeysPerSec },
    ];
    return {
      baseline: 'NOTIFY round trip p50',
      rows: resultRows,
      notes: [
        'ratios: latency rows vs the NOTIFY round trip of the same percentile; throughput rows vs raw UNLINK keys/s; wake-ups vs one per commit',
        `latency: ${n} autocommit UPDATEs paced at ${RATE}/s (achieved ${achievedRate.toFixed(0)}/s), one event each; ${wakeups} wake-up requests (1.0 per commit without coalescing); goal p99 < 250 ms`,
        `drain: ${totals.claimed} events, ${totals.unlinked} keys (${KEYS_PER_EVENT} per event) in ${drainSec.toFixed(2)} s; goal >= 5,000 keys/s`,
        `backlog keys left after the drain (sample of 1,000): ${left} (expected 0)`,
      ],
    };
  } finally {
    await db.query(`select ops.unregister_cache_invalidation(id) from ops.cache_invalidation_rules where table_name::text = $1`, [`public.${table}`]).catch(() => {});
    await db.query(`drop table if exists public.${table}`).catch(() => {});
    await db.query(`delete from ops.outbox where topic = 'cache.invalidate' and aggregate_type = $1`, [`public.${table}`]).catch(() => {});
    await db.query(`delete from ops.settings where key like 'opsbase_functions_%'`).catch(() => {});
    for (const s of saved) await db.query('insert into ops.settings (key, value) values ($1, $2)', [s.key, s.value]).catch(() => {});
    sub?.disconnect();
    redis?.disconnect();
    for (const p of procs.reverse()) await p.stop();
    await rm(dir, { recursive: true, force: true });
    await db.end();
  }
}
