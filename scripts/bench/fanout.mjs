// Alert fan-out through the real delivery path: ops.create_performance_alert commits an outbox
// event and a net.http_post wake-up, the relay calls alert-fanout behind the gateway, and the
// function delivers a signed webhook to a loopback receiver, which notes when each alert arrives.
// Baseline from the same run: a bare loopback HTTP POST to that receiver (round trip, and
// sequential POSTs per second). Needs a migrated database (SUPABASE_DB_URL) with an empty
// routing tree (the bench installs its own and removes it), e.g. the test cluster after npm test.
import { createHmac } from 'node:crypto';
import http from 'node:http';
import pg from 'pg';
import { REDIS_URL } from '../lib/config.mjs';
import { FUNCTIONS_SECRET } from '../lib/keys.mjs';
import { freePort, startGateway, startRelay, waitFor } from '../lib/procs.mjs';

export const description =
  'alert insert -> receiver latency and drain events/s through relay + gateway + alert-fanout, vs a bare loopback POST';

const RATE = Number(process.env.BENCH_FANOUT_RATE ?? 50); // alerts per second in the latency case
const BACKLOG_ALERTS = 1000;
const EVENTS_PER_ALERT = 20;
const GROUPS = 100;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function pct(values, p) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

function startReceiver(onAlert) {
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const now = performance.now();
      if (req.url === '/hook') {
        for (const a of JSON.parse(Buffer.concat(chunks).toString('utf8')).alerts ?? []) onAlert(a, now);
      }
      res.writeHead(200).end('ok');
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function bareRoundTrips(url, n) {
  const lat = [];
  const body = JSON.stringify({ alerts: [] });
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const s = performance.now();
    const res = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    await res.text();
    lat.push(performance.now() - s);
  }
  return { lat, perSec: n / ((performance.now() - t0) / 1000) };
}

async function drainCall(fnUrl) {
  const body = JSON.stringify({ action: 'drain' });
  const t = Math.floor(Date.now() / 1000);
  const sig = `t=${t},v1=${createHmac('sha256', FUNCTIONS_SECRET).update(`${t}.${body}`).digest('hex')}`;
  const res = await fetch(fnUrl, { method: 'POST', body, headers: { 'x-opsbase-signature': sig } });
  const json = await res.json();
  if (res.status !== 200 && res.status !== 202) throw new Error(`drain failed: ${res.status} ${JSON.stringify(json)}`);
  return { status: res.status, body: json };
}

async function clearAlertState(db) {
  await db.query(`delete from ops.alert_notifications; delete from ops.alert_groups; delete from ops.alert_states;
    delete from ops.outbox where topic = 'alert'`);
}

export async function run({ dbUrl, seconds, log }) {
  const db = new pg.Pool({ connectionString: dbUrl, max: 8 });
  const { rows: [{ ok }] } = await db.query(`select to_regprocedure('ops.alert_fanout_flush(integer)') is not null as ok`);
  if (!ok) throw new Error(`${new URL(dbUrl).host}: the alert fan-out migrations are not applied (npm start, or point SUPABASE_DB_URL at a migrated database)`);
  const { rows: [{ n: existing }] } = await db.query('select count(*)::int as n from ops.alert_routes');
  if (existing > 0) throw new Error('ops.alert_routes is not empty: the bench installs its own routing tree; run it against the test cluster');
  const saved = (await db.query(`select key, value from ops.settings where key like 'opsbase_functions_%'`)).rows;
  const arrived = new Map(); // fingerprint -> first arrival (performance.now())
  const receiver = await startReceiver((a, now) => { if (!arrived.has(a.fingerprint)) arrived.set(a.fingerprint, now); });
  const base = `http://127.0.0.1:${receiver.address().port}`;
  const procs = [];
  const run = `b${process.pid}`;
  try {
    const fnPort = await freePort();
    const functionsUrl = `http://127.0.0.1:${fnPort}/functions/v1`;
    const fnUrl = `${functionsUrl}/alert-fanout`;
    await clearAlertState(db);
    await db.query(`insert into ops.alert_receivers (name, kind, url_secret, key_secret, rate_limit, rate_period)
      values ('bench-hook', 'webhook', 'ALERT_BENCH_HOOK_URL', 'ALERT_BENCH_HOOK_SECRET', 100000, '1 second')`);
    await db.query(`insert into ops.alert_routes (name, receiver, group_by, group_wait, group_interval, repeat_interval)
      values ('bench-root', 'bench-hook', '{alertname,object}', '0 seconds', '1 second', '1 hour')`);
    log('starting relay and gateway');
    procs.push(await startRelay(dbUrl, 50));
    procs.push(await startGateway({ dbUrl, redisUrl: REDIS_URL, functionsUrl, needs: ['alert-fanout'],
      env: { ALERT_BENCH_HOOK_URL: `${base}/hook`, ALERT_BENCH_HOOK_SECRET: 'bench-hook-secret-0123456789' } }));
    await db.query(`insert into ops.settings (key, value) values ('opsbase_functions_url', $1), ('opsbase_functions_secret', $2)
      on conflict (key) do update set value = excluded.value`, [functionsUrl, FUNCTIONS_SECRET]);

    const n = seconds * RATE;
    log(`baseline: ${n} bare loopback POSTs`);
    const bare = await bareRoundTrips(`${base}/bare`, Math.max(n, 500));

    // Latency: one new alert (its own group) per tick, committed in autocommit.
    log(`latency: ${n} alerts at ${RATE}/s`);
    const committed = new Map();
    const start = performance.now();
    const inflight = [];
    for (let i = 0; i < n;) {
      const due = Math.min(n, Math.floor(((performance.now() - start) * RATE) / 1000) + 1);
      for (; i < due; i++) {
        const object = `${run}:lat:${i}`;
        inflight.push(db.query(`select ops.create_performance_alert('slow_query', 'warning', $1, '{}', $1, 1)`,
          [object]).then(() => committed.set(`slow_query:${object}`, performance.now())));
      }
      await sleep(5);
    }
    await Promise.all(inflight);
    await waitFor(() => [...committed.keys()].every((fp) => arrived.has(fp)), 120_000, 'every alert at the receiver', 100);
    const latency = [...committed].map(([fp, t]) => arrived.get(fp) - t);

    // Throughput: a backlog enqueued with wake-ups off, then signed drains until all is sent.
    await db.query(`delete from ops.settings where key = 'opsbase_functions_url'`);
    await waitFor(async () => (await db.query('select count(*)::int as n from net.http_request_queue')).rows[0].n === 0, 60_000, 'the relay queue to empty', 100);
    while ((await drainCall(fnUrl)).status === 202) await sleep(50); // wait until idle
    await clearAlertState(db);
    arrived.clear();
    // The backlog's alerts share groups: 10 alerts per (alertname, shard).
    await db.query(`update ops.alert_routes set group_by = '{alertname,shard}' where name = 'bench-root'`);
    const total = BACKLOG_ALERTS * EVENTS_PER_ALERT;
    log(`drain: ${total} events for ${BACKLOG_ALERTS} alerts in ${GROUPS} groups`);
    await db.query(`select ops.outbox_enqueue('alert', jsonb_build_object('status', case when g < $2 then 'opened' else 'updated' end,
        'fingerprint', 'bench:' || (g % $2), 'alert_type', 'slow_query', 'severity', 'warning',
        'labels', jsonb_build_object('object', 'bench:' || (g % $2), 'shard', ((g % $2) % $3)::text), 'message', 'bench ' || g),
        'bench', null, 'bench:' || (g % $2))
      from generate_series(0, $1 - 1) g`, [total, BACKLOG_ALERTS, GROUPS]);
    const t0 = performance.now();
    const counts = { events: 0, sent: 0 };
    for (;;) {
      const { status, body } = await drainCall(fnUrl);
      if (status === 202) { await sleep(20); continue; }
      counts.events += body.events;
      counts.sent += body.sent;
      if (body.events === 0 && body.sent === 0 && arrived.size >= BACKLOG_ALERTS) break;
    }
    const drainSec = (performance.now() - t0) / 1000;
    const { rows: [left] } = await db.query(`select count(*) filter (where status <> 'done')::int as undelivered from ops.outbox where topic = 'alert'`);

    const b50 = pct(bare.lat, 50);
    const b99 = pct(bare.lat, 99);
    return {
      baseline: 'bare loopback POST p50',
      rows: [
        { name: 'bare loopback POST p50', value: b50, unit: 'ms', ratio: 1 },
        { name: 'bare loopback POST p99', value: b99, unit: 'ms', ratio: 1 },
        { name: 'alert insert -> receiver p50', value: pct(latency, 50), unit: 'ms', ratio: pct(latency, 50) / b50 },
        { name: 'alert insert -> receiver p99', value: pct(latency, 99), unit: 'ms', ratio: pct(latency, 99) / b99 },
        { name: 'bare loopback POSTs', value: bare.perSec, unit: 'req/s', ratio: 1 },
        { name: 'drain events', value: counts.events / drainSec, unit: 'events/s', ratio: counts.events / drainSec / bare.perSec },
        { name: 'drain notifications', value: counts.sent / drainSec, unit: 'notif/s', ratio: counts.sent / drainSec / bare.perSec },
      ],
      notes: [
        'ratios: latency rows vs the bare POST round trip of the same percentile; throughput rows vs sequential bare POSTs/s',
        `latency: ${n} alerts via ops.create_performance_alert at ${RATE}/s, each its own group (group_wait 0), signed webhook receiver; path = outbox trigger -> net.http_post -> relay (50 ms poll) -> gateway -> function`,
        `drain: ${counts.events} events (${EVENTS_PER_ALERT} per alert, ${BACKLOG_ALERTS} alerts, ${GROUPS} groups) -> ${counts.sent} notifications in ${drainSec.toFixed(2)} s; undelivered events left: ${left.undelivered} (expected 0)`,
      ],
    };
  } finally {
    await clearAlertState(db).catch(() => {});
    await db.query(`delete from ops.alert_routes where name = 'bench-root'`).catch(() => {});
    await db.query(`delete from ops.alert_receivers where name = 'bench-hook'`).catch(() => {});
    await db.query('delete from ops.performance_alerts where object_name like $1', [`${run}:%`]).catch(() => {});
    await db.query(`delete from ops.settings where key like 'opsbase_functions_%'`).catch(() => {});
    for (const s of saved) await db.query('insert into ops.settings (key, value) values ($1, $2)', [s.key, s.value]).catch(() => {});
    for (const p of procs.reverse()) await p.stop();
    await new Promise((r) => receiver.close(r));
    await db.end();
  }
}
