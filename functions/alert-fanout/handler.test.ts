// alert-fanout against the real test database, with loopback HTTP receivers standing in for Slack,
// PagerDuty and a generic webhook. Each test owns the alert tables for its duration (deno runs
// test files one at a time) and starts from an empty routing tree.
import assert from 'node:assert/strict';
import { signatureHeader, verifySignature } from '../_shared/auth.ts';
import { getPool } from '../_shared/db.ts';
import { createHandler } from './handler.ts';
import { parseRetryAfter } from './send.ts';

const dbUrl = Deno.env.get('SUPABASE_DB_URL') ?? 'postgresql://postgres:postgres@127.0.0.1:54332/postgres';
const opts = { sanitizeOps: false, sanitizeResources: false };
const SECRET = 'alert-fanout-test-secret-0123456789';
const HOOK_SECRET = 'receiver-side-signing-secret-0123456789';
const SERVICE_KEY = 'service-role-key-for-alert-fanout-tests-0123';
const pool = getPool(dbUrl);

// ---- loopback receivers ---------------------------------------------------------------------
// deno-lint-ignore no-explicit-any -- receivers see arbitrary JSON; the assertions check its shape
type Json = any;
type Hit = { path: string; at: number; body: Json; headers: Headers; status: number };
const hits: Hit[] = [];
// Scripted answers per path: each request takes the next one; when empty, 200 (202 for /pd).
const script = new Map<string, { status: number; headers?: Record<string, string> }[]>();
const server = Deno.serve({ hostname: '127.0.0.1', port: 0, onListen() {} }, async (req) => {
  const path = new URL(req.url).pathname;
  const body = await req.json();
  const next = script.get(path)?.shift() ?? { status: path === '/pd' ? 202 : 200 };
  hits.push({ path, at: Date.now(), body, headers: req.headers, status: next.status });
  return new Response(next.status < 300 ? 'ok' : 'no', { status: next.status, headers: next.headers });
});
const base = `http://127.0.0.1:${server.addr.port}`;
const secrets: Record<string, string> = {
  ALERT_SLACK_URL: `${base}/slack`,
  ALERT_HOOK_URL: `${base}/hook`,
  ALERT_HOOK_SECRET: HOOK_SECRET,
  ALERT_PD_URL: `${base}/pd`,
  ALERT_PD_ROUTING_KEY: 'pd-routing-key-0123456789abcdef',
};
const handlerWith = (consumer: string) =>
  createHandler({ pool, consumer, serviceRoleKey: SERVICE_KEY, signingSecret: SECRET, secret: (n) => secrets[n], lingerMs: 3_000 });
const handle = handlerWith(`alert-fanout-test@${crypto.randomUUID()}`);

async function drain(h = handle): Promise<Response> {
  const raw = JSON.stringify({ action: 'drain' });
  return await h(new Request('http://x/alert-fanout', {
    method: 'POST', body: raw, headers: { 'x-opsbase-signature': await signatureHeader(raw, SECRET) },
  }));
}

const q = async (sql: string, params: unknown[] = []) => (await pool.query(sql, params)).rows;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const hitsAt = (path: string) => hits.filter((h) => h.path === path);

/** Drain until cond holds (the database decides when groups and retries are due). */
async function drainUntil(cond: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    const res = await drain();
    assert.ok(res.status === 200 || res.status === 202, `drain answered ${res.status}`);
    await res.body?.cancel();
    await sleep(50);
  }
}

async function reset() {
  hits.length = 0;
  script.clear();
  await q(`delete from ops.alert_notifications; delete from ops.alert_groups; delete from ops.alert_states;
    delete from ops.alert_silences; delete from ops.alert_routes; delete from ops.alert_receivers;
    delete from ops.outbox where topic = 'alert'; delete from ops.rate_limits where rate_key like 'alert-receiver:%'`);
  await q(`insert into ops.alert_receivers (name, kind, url_secret, key_secret, backoff_base, backoff_max) values
    ('slack-ops', 'slack', 'ALERT_SLACK_URL', null, '100 ms', '1 second'),
    ('hook', 'webhook', 'ALERT_HOOK_URL', 'ALERT_HOOK_SECRET', '100 ms', '1 second'),
    ('pd', 'pagerduty', 'ALERT_PD_URL', 'ALERT_PD_ROUTING_KEY', '100 ms', '1 second')`);
}

/** Root (slack) plus children for the given receivers, each with `continue`, same timers. */
async function routes(receivers: string[], timers: { wait?: string; interval?: string; groupBy?: string[] } = {}) {
  const [{ id }] = await q(`insert into ops.alert_routes (name, receiver, group_by, group_wait, group_interval, repeat_interval)
    values ('root', 'slack-ops', $1, $2, $3, '1 hour') returning id`,
    [timers.groupBy ?? ['alertname'], timers.wait ?? '0 seconds', timers.interval ?? '2 seconds']);
  for (const [i, r] of receivers.entries()) {
    await q(`insert into ops.alert_routes (name, parent_id, position, receiver, continue_matching) values ($1, $2, $3, $4, true)`,
      [`to-${r}`, id, i, r]);
  }
}

type Ev = { fp: string; status?: string; severity?: string; type?: string; object?: string; message?: string };
async function enqueue(events: Ev[]) {
  await q(`select ops.outbox_enqueue('alert', jsonb_build_object('source', 'test', 'status', coalesce(e->>'status', 'opened'),
      'fingerprint', e->>'fp', 'alert_type', coalesce(e->>'type', 'slow_query'), 'severity', coalesce(e->>'severity', 'warning'),
      'labels', jsonb_build_object('object', coalesce(e->>'object', e->>'fp')), 'message', coalesce(e->>'message', 'slow: ' || (e->>'fp'))),
      'test', e->>'fp', e->>'fp')
    from jsonb_array_elements($1::jsonb) e`, [JSON.stringify(events)]);
}

const notifications = (receiver: string) =>
  q(`select id, state, status, attempts, created_at, sent_at, payload from ops.alert_notifications where receiver = $1 order by id`, [receiver]);

Deno.test('missing or invalid signatures get 401 and deliver nothing; bad bodies 400; webhook shape accepted', opts, async () => {
  await reset();
  await routes(['slack-ops']);
  await enqueue([{ fp: 'slow_query:auth' }]);
  const body = JSON.stringify({ action: 'drain' });
  const unsigned = await handle(new Request('http://x', { method: 'POST', body }));
  const forged = await handle(new Request('http://x', {
    method: 'POST', body, headers: { 'x-opsbase-signature': await signatureHeader(body, 'not-the-secret-0123456789') } }));
  const stale = await handle(new Request('http://x', {
    method: 'POST', body, headers: { 'x-opsbase-signature': await signatureHeader(body, SECRET, Date.now() - 600_000) } }));
  const bearer = await handle(new Request('http://x', { method: 'POST', body, headers: { authorization: 'Bearer nope' } }));
  for (const r of [unsigned, forged, stale, bearer]) {
    assert.equal(r.status, 401);
    await r.body?.cancel();
  }
  assert.equal(hits.length, 0);
  assert.deepEqual(await q(`select status, attempts from ops.outbox where topic = 'alert'`), [{ status: 'pending', attempts: 0 }]);
  for (const bad of [{ action: 'explode' }, { action: 'drain', extra: 1 }, { type: 'UPSERT', table: 't' }, 'x']) {
    const raw = JSON.stringify(bad);
    const r = await handle(new Request('http://x', { method: 'POST', body: raw, headers: { 'x-opsbase-signature': await signatureHeader(raw, SECRET) } }));
    assert.equal(r.status, 400, raw);
    await r.body?.cancel();
  }
  assert.equal(hits.length, 0);
  // A Supabase Database Webhook with the service-role key is a wake-up: the event is delivered.
  const hook = await handle(new Request('http://x', {
    method: 'POST', headers: { authorization: `Bearer ${SERVICE_KEY}` },
    body: JSON.stringify({ type: 'INSERT', table: 'outbox', schema: 'ops', record: { id: 1 }, old_record: null }),
  }));
  assert.equal(hook.status, 200);
  assert.equal((await hook.json()).trigger, 'webhook');
  await drainUntil(() => hitsAt('/slack').length === 1, 'the slack notification');
});

Deno.test('1,000 firing events for 10 alerts: one grouped notification per group_interval; a resolve: one per receiver', opts, async () => {
  await reset();
  await routes(['slack-ops', 'hook', 'pd'], { wait: '300 ms', interval: '2 seconds' });
  const fps = Array.from({ length: 10 }, (_, i) => `slow_query:public.t${i}`);
  await enqueue(Array.from({ length: 1000 }, (_, i) => ({ fp: fps[i % 10], status: i < 10 ? 'opened' : 'updated', message: `m${i}` })));
  await drainUntil(() => hitsAt('/slack').length >= 1 && hitsAt('/hook').length >= 1 && hitsAt('/pd').length >= 10, 'first notifications');
  await drain().then((r) => r.body?.cancel());
  assert.equal(hitsAt('/slack').length, 1, 'slack: one message for the group');
  assert.equal(hitsAt('/hook').length, 1, 'webhook: one call for the group');
  const slackBody = hitsAt('/slack')[0].body;
  assert.equal(slackBody.blocks.filter((b: Json) => b.type === 'section').length, 10, 'all 10 alerts in the message');
  assert.match(slackBody.text, /FIRING.*10 firing/);
  const hook = hitsAt('/hook')[0];
  assert.equal(hook.body.alerts.length, 10);
  assert.ok((await verifySignature(hook.headers.get('x-opsbase-signature'), JSON.stringify(hook.body), HOOK_SECRET)).ok,
    'webhook signed with the receiver secret');
  const pd = hitsAt('/pd').map((h) => h.body);
  assert.equal(pd.length, 10, 'pagerduty: one trigger per alert');
  assert.deepEqual(new Set(pd.map((e: Json) => e.dedup_key)), new Set(fps.map((f) => `opsbase:${f}`)));
  assert.ok(pd.every((e: Json) => e.event_action === 'trigger' && e.routing_key === secrets.ALERT_PD_ROUTING_KEY));
  assert.equal((await q(`select count(*)::int as n from ops.outbox where topic = 'alert' and status <> 'done'`))[0].n, 0);

  // 1,000 more events: repeats, plus one new alert. Exactly one more notification, no earlier
  // than group_interval after the first.
  await enqueue(Array.from({ length: 1000 }, (_, i) => ({ fp: i === 500 ? 'slow_query:public.new' : fps[i % 10], status: 'updated' })));
  await drainUntil(() => hitsAt('/slack').length >= 2, 'the second slack message');
  await drain().then((r) => r.body?.cancel());
  assert.equal(hitsAt('/slack').length, 2);
  assert.equal(hitsAt('/slack')[1].body.blocks.filter((b: Json) => b.type === 'section').length, 11);
  const sent = await notifications('slack-ops');
  assert.equal(sent.length, 2);
  // Logged by the group flush (created_at); sent right after.
  assert.ok(sent[1].created_at.getTime() - sent[0].created_at.getTime() >= 2000, 'second notification waited for group_interval');

  // Resolve all 11, the resolve events delivered twice (at least once): one resolved notification each.
  const all = [...fps, 'slow_query:public.new'];
  await enqueue(all.map((fp) => ({ fp, status: 'resolved' })));
  await drainUntil(() => hitsAt('/slack').length >= 3 && hitsAt('/hook').length >= 3 && hitsAt('/pd').length >= 10 + 11 + 11, 'resolved notifications');
  await enqueue(all.map((fp) => ({ fp, status: 'resolved' })));
  await drain().then((r) => r.body?.cancel());
  await sleep(2_200);
  await drain().then((r) => r.body?.cancel());
  assert.equal(hitsAt('/slack').length, 3, 'slack: one resolved message');
  assert.match(hitsAt('/slack')[2].body.text, /RESOLVED.*11 resolved/);
  assert.equal(hitsAt('/hook').filter((h) => h.body.status === 'resolved').length, 1, 'webhook: one resolved call');
  const resolves = hitsAt('/pd').filter((h) => h.body.event_action === 'resolve');
  assert.equal(resolves.length, 11, 'pagerduty: one resolve per alert');
  assert.deepEqual(new Set(resolves.map((h) => h.body.dedup_key)), new Set(all.map((f) => `opsbase:${f}`)));
  assert.equal((await q('select count(*)::int as n from ops.alert_groups'))[0].n, 0, 'resolved groups are gone');
});

Deno.test('a silenced alert sends nothing, firing or resolved; an expired silence does not mute', opts, async () => {
  await reset();
  await routes(['slack-ops', 'pd']);
  await q(`insert into ops.alert_silences (matchers, starts_at, ends_at, comment) values
    ($1, now(), now() + interval '1 hour', 'maintenance'),
    ($2, now() - interval '1 hour', now() - interval '1 minute', 'expired')`, [
    JSON.stringify([{ label: 'object', op: '=~', value: 'public\\.quiet.*' }]),
    JSON.stringify([{ label: 'object', op: '=', value: 'public.loud' }]),
  ]);
  await enqueue([{ fp: 'slow_query:quiet', object: 'public.quiet_table' }]);
  await drain().then((r) => r.body?.cancel());
  await enqueue([{ fp: 'slow_query:quiet', object: 'public.quiet_table', status: 'resolved' }]);
  await drain().then((r) => r.body?.cancel());
  assert.equal(hits.length, 0, 'silenced: no request to any receiver');
  assert.equal((await q('select count(*)::int as n from ops.alert_notifications'))[0].n, 0);
  await enqueue([{ fp: 'slow_query:loud', object: 'public.loud' }]);
  await drainUntil(() => hitsAt('/slack').length === 1 && hitsAt('/pd').length === 1, 'the unsilenced alert');
});

Deno.test('an inhibited warning sends nothing while the critical with the same object fires', opts, async () => {
  await reset();
  await routes(['slack-ops', 'pd'], { groupBy: ['...'] });
  await enqueue([
    { fp: 'xid_wraparound:db', type: 'xid_wraparound', severity: 'critical', object: 'postgres' },
    { fp: 'dead_tuples:db', type: 'dead_tuples', severity: 'warning', object: 'postgres' },
    { fp: 'dead_tuples:other', type: 'dead_tuples', severity: 'warning', object: 'public.other' },
  ]);
  await drainUntil(() => hitsAt('/pd').length >= 2, 'the critical and the unrelated warning');
  await drain().then((r) => r.body?.cancel());
  const keys = hitsAt('/pd').map((h) => h.body.dedup_key).sort();
  assert.deepEqual(keys, ['opsbase:dead_tuples:other', 'opsbase:xid_wraparound:db']);
  assert.equal(hitsAt('/slack').length, 2);
  assert.ok(hitsAt('/slack').every((h) => !JSON.stringify(h.body).includes('dead_tuples:db')));
});

Deno.test('a receiver answering 500 three times then 200 gets the message exactly once', opts, async () => {
  await reset();
  await routes(['hook']);
  script.set('/hook', [{ status: 500 }, { status: 500 }, { status: 503 }]);
  await enqueue([{ fp: 'slow_query:flaky' }]);
  await drainUntil(() => hitsAt('/hook').some((h) => h.status === 200), 'delivery after three failures');
  await sleep(500);
  await drain().then((r) => r.body?.cancel());
  const got = hitsAt('/hook');
  assert.deepEqual(got.map((h) => h.status), [500, 500, 503, 200]);
  assert.equal(new Set(got.map((h) => h.headers.get('idempotency-key'))).size, 1, 'the same idempotency key each time');
  const [n] = await notifications('hook');
  assert.equal(n.status, 'sent');
  assert.deepEqual((await q(`select outcome, status_code from ops.alert_delivery_attempts where notification_id = $1 order by id`, [n.id]))
    .map((a) => `${a.outcome}:${a.status_code}`), ['retry:500', 'retry:500', 'retry:503', 'sent:200']);
});

Deno.test('a 429 with Retry-After is retried no earlier than asked', opts, async () => {
  await reset();
  await routes(['hook']);
  script.set('/hook', [{ status: 429, headers: { 'retry-after': '2' } }]);
  await enqueue([{ fp: 'slow_query:busy' }]);
  await drainUntil(() => hitsAt('/hook').length >= 2, 'the retry', 30_000);
  const [first, second] = hitsAt('/hook');
  assert.equal(first.status, 429);
  assert.equal(second.status, 200);
  assert.ok(second.at - first.at >= 2000, `retried after ${second.at - first.at} ms`);
  const [a] = await q(`select retry_after from ops.alert_delivery_attempts where outcome = 'retry'`);
  assert.equal(a.retry_after.seconds, 2);
  assert.equal(parseRetryAfter(new Date(Date.now() + 5000).toUTCString())! > 3000, true, 'HTTP-date form');
});

Deno.test('two instances draining at once deliver each notification once', opts, async () => {
  await reset();
  await routes(['slack-ops', 'hook'], { groupBy: ['...'] });
  await enqueue(Array.from({ length: 20 }, (_, i) => ({ fp: `slow_query:c${i}` })));
  const other = handlerWith(`alert-fanout-test@${crypto.randomUUID()}`);
  await Promise.all([drain(), drain(other), drain(handlerWith(`alert-fanout-test@${crypto.randomUUID()}`))]
    .map((p) => p.then((r) => r.body?.cancel())));
  await drainUntil(() => hitsAt('/slack').length >= 20 && hitsAt('/hook').length >= 20, 'all deliveries');
  await drain().then((r) => r.body?.cancel());
  assert.equal(hitsAt('/slack').length, 20);
  assert.equal(new Set(hitsAt('/hook').map((h) => h.body.group_key)).size, 20);
  assert.equal(hitsAt('/hook').length, 20);
});

Deno.test('a route naming an unknown receiver is rejected at insert', opts, async () => {
  await reset();
  await assert.rejects(
    q(`insert into ops.alert_routes (name, receiver) values ('root', 'nobody')`),
    (err: { code?: string }) => err.code === '23503');
});

Deno.test('teardown', opts, async () => {
  await reset();
  await q('delete from ops.alert_receivers');
  await server.shutdown();
  await pool.end();
});
