// cache-invalidate against the real test database and the shared Redis (keys under a tenant tag
// unique to this run, so nothing else is touched).
import assert from 'node:assert/strict';
import { signatureHeader } from '../_shared/auth.ts';
import { getPool } from '../_shared/db.ts';
import { getRedis } from '../_shared/redis.ts';
import { createHandler } from './handler.ts';

const dbUrl = Deno.env.get('SUPABASE_DB_URL') ?? 'postgresql://postgres:postgres@127.0.0.1:54332/postgres';
const redisUrl = Deno.env.get('REDIS_URL') ?? 'redis://127.0.0.1:54379';
const opts = { sanitizeOps: false, sanitizeResources: false };
const SECRET = 'handler-test-secret-0123456789';
const SERVICE_KEY = 'service-role-key-for-handler-tests-0123456789';
const run = `hdl${crypto.randomUUID().slice(0, 8)}`;
const k = (...parts: string[]) => [`cache`, `{t:${run}}`, ...parts].join(':');

const pool = getPool(dbUrl);
const redis = getRedis(redisUrl);
const handler = (url = redisUrl) =>
  createHandler({ pool, redis: url === redisUrl ? redis : getRedis(url), consumer: `test-${run}`, serviceRoleKey: SERVICE_KEY, signingSecret: SECRET, visibilitySeconds: 5 });
const handle = handler();

async function signed(body: unknown, h = handle): Promise<Response> {
  const raw = JSON.stringify(body);
  return await h(new Request('http://x/cache-invalidate', {
    method: 'POST', body: raw, headers: { 'x-opsbase-signature': await signatureHeader(raw, SECRET) },
  }));
}

async function enqueue(payload: unknown): Promise<string> {
  const { rows } = await pool.query(`select ops.outbox_enqueue('cache.invalidate', $1::jsonb) as id`, [JSON.stringify(payload)]);
  return rows[0].id;
}

async function event(id: string) {
  const { rows } = await pool.query('select status, attempts, last_error from ops.outbox where id = $1', [id]);
  return rows[0];
}

const exists = (...keys: string[]) => Promise.all(keys.map((key) => redis.exists(key)));

Deno.test('unsigned, badly signed and malformed requests are refused and claim nothing', opts, async () => {
  const id = await enqueue({ keys: [k('doc', 'untouched')] });
  const body = JSON.stringify({ action: 'drain' });
  const unsigned = await handle(new Request('http://x', { method: 'POST', body }));
  assert.equal(unsigned.status, 401);
  const forged = await handle(new Request('http://x', {
    method: 'POST', body, headers: { 'x-opsbase-signature': await signatureHeader(body, 'wrong-secret-0123456789') },
  }));
  assert.equal(forged.status, 401);
  const wrongBearer = await handle(new Request('http://x', { method: 'POST', body, headers: { authorization: 'Bearer nope' } }));
  assert.equal(wrongBearer.status, 401);
  for (const bad of [{ action: 'explode' }, { action: 'drain', max_events: 0 }, { type: 'UPSERT', table: 't' }, 'x']) {
    const res = await signed(bad);
    assert.equal(res.status, 400, JSON.stringify(bad));
  }
  const notJson = await handle(new Request('http://x', {
    method: 'POST', body: '{', headers: { 'x-opsbase-signature': await signatureHeader('{', SECRET) },
  }));
  assert.equal(notJson.status, 400);
  assert.deepEqual(await event(id), { status: 'pending', attempts: 0, last_error: null });
  await pool.query('delete from ops.outbox where id = $1', [id]);
});

Deno.test('a drain unlinks exact keys, pattern matches and tag members, and nothing else', opts, async () => {
  const keep = [k('doc', 'keep'), `cache:{t:${run}x}:doc:a`, k('other', 'b')];
  await redis.mset(k('doc', 'a'), '1', k('doc', 'a', 'lease'), 'tok', k('list', '1'), '1', k('list', '2'), '1',
    k('tagged', '1'), '1', k('tagged', '2'), '1', ...keep.flatMap((key) => [key, 'x']));
  const tag = `tag:{t:${run}}:docs`;
  await redis.sadd(tag, k('tagged', '1'), k('tagged', '2'));
  const ids = [
    await enqueue({ keys: [k('doc', 'a')], patterns: [], tags: [] }),
    // Shaped like the trigger's payload: its id is the changed row's, never the event's.
    await enqueue({ keys: [], patterns: [`cache:{t:${run}}:list:*`], tags: [tag], table: 'scratch', op: 'UPDATE', id: crypto.randomUUID() }),
  ];
  const res = await signed({ action: 'drain' });
  assert.equal(res.status, 200);
  const counts = await res.json();
  assert.equal(counts.trigger, 'drain');
  assert.ok(counts.acked >= 2);
  assert.deepEqual(await exists(k('doc', 'a'), k('doc', 'a', 'lease'), k('list', '1'), k('list', '2'), k('tagged', '1'), k('tagged', '2'), tag),
    [0, 0, 0, 0, 0, 0, 0]);
  assert.deepEqual(await exists(...keep), [1, 1, 1]);
  for (const id of ids) assert.equal((await event(id)).status, 'done');
  await redis.unlink(...keep);
});

Deno.test('re-delivering the same invalidation is harmless, and an empty drain claims nothing', opts, async () => {
  await redis.set(k('doc', 'twice'), '1');
  const a = await enqueue({ keys: [k('doc', 'twice')] });
  const b = await enqueue({ keys: [k('doc', 'twice')] });
  assert.equal((await signed({ action: 'drain' })).status, 200);
  assert.equal((await event(a)).status, 'done');
  assert.equal((await event(b)).status, 'done');
  assert.equal(await redis.exists(k('doc', 'twice')), 0);
  const again = await (await signed({ action: 'drain' })).json();
  assert.equal(again.claimed, 0);
});

Deno.test('an event with a match-everything pattern is refused: nothing deleted, nacked with the reason', opts, async () => {
  await redis.set(k('doc', 'survivor'), '1');
  const id = await enqueue({ keys: [k('doc', 'survivor')], patterns: ['*'] });
  const unsafe = await enqueue({ patterns: ['cache:*'] });
  const counts = await (await signed({ action: 'drain' })).json();
  assert.equal(counts.refused, 2);
  assert.equal(await redis.exists(k('doc', 'survivor')), 1, 'no part of a refused event is applied');
  for (const e of [await event(id), await event(unsafe)]) {
    assert.equal(e.status, 'pending');
    assert.match(e.last_error, /refused pattern/);
  }
  await pool.query('delete from ops.outbox where id = any($1::bigint[])', [[id, unsafe]]);
  await redis.unlink(k('doc', 'survivor'));
});

Deno.test('when Redis is down the batch is nacked with the error and answered 503', opts, async () => {
  const id = await enqueue({ keys: [k('doc', 'later')] });
  const res = await signed({ action: 'drain' }, handler('redis://127.0.0.1:1'));
  assert.equal(res.status, 503);
  const body = await res.json();
  assert.match(body.error, /^redis:/);
  const e = await event(id);
  assert.equal(e.status, 'pending');
  assert.equal(e.attempts, 1);
  assert.match(e.last_error, /^redis:/);
  await pool.query('delete from ops.outbox where id = $1', [id]);
});

Deno.test('the service-role bearer and the webhook payload shape are accepted', opts, async () => {
  await redis.set(k('doc', 'hook'), '1');
  await enqueue({ keys: [k('doc', 'hook')] });
  const res = await handle(new Request('http://x', {
    method: 'POST',
    headers: { authorization: `Bearer ${SERVICE_KEY}` },
    body: JSON.stringify({ type: 'UPDATE', table: 'documents', schema: 'public', record: { id: 1 }, old_record: { id: 1 } }),
  }));
  assert.equal(res.status, 200);
  assert.equal((await res.json()).trigger, 'webhook');
  assert.equal(await redis.exists(k('doc', 'hook')), 0);
});

Deno.test('wake-ups during a run are answered at once and make the run take one more pass', opts, async () => {
  await redis.set(k('doc', 'burst'), '1');
  await enqueue({ keys: [k('doc', 'burst')] });
  const responses = await Promise.all(Array.from({ length: 5 }, () => signed({ action: 'drain' })));
  const bodies = await Promise.all(responses.map((r) => r.json()));
  assert.deepEqual(responses.map((r) => r.status).sort(), [200, 202, 202, 202, 202]);
  assert.ok(bodies.filter((b) => b.joined).length === 4);
  assert.ok(bodies.find((b) => !b.joined).acked >= 1);
  assert.equal(await redis.exists(k('doc', 'burst')), 0);
});

Deno.test('GET is not allowed', opts, async () => {
  assert.equal((await handle(new Request('http://x'))).status, 405);
});
