// The cache-aside helper against the shared Redis (keys under a tenant tag unique to this run)
// and the test database (cache_metadata tracking).
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { CacheAside } from './cache-aside.ts';
import { getPool } from './db.ts';
import { keys } from './redis-keys.ts';

const dbUrl = Deno.env.get('SUPABASE_DB_URL') ?? 'postgresql://postgres:postgres@127.0.0.1:54332/postgres';
const redisUrl = Deno.env.get('REDIS_URL') ?? 'redis://127.0.0.1:54379';
const opts = { sanitizeOps: false, sanitizeResources: false };
const run = `ca${crypto.randomUUID().slice(0, 8)}`;
const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
const key = (name: string) => keys.document(run, name, 'p0');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function counter<T>(value: T, ms = 0) {
  const fn = async () => {
    fn.calls++;
    if (ms) await sleep(ms);
    return value;
  };
  fn.calls = 0;
  return fn;
}

Deno.test('a miss loads once and stores value, load time and expiry; the next get is a hit', opts, async () => {
  const cache = new CacheAside({ redis });
  const load = counter({ title: 'hello' });
  assert.deepEqual(await cache.get(key('a'), load, { ttlSeconds: 60 }), { title: 'hello' });
  assert.deepEqual(await cache.get(key('a'), load, { ttlSeconds: 60 }), { title: 'hello' });
  assert.equal(load.calls, 1);
  const stored = JSON.parse((await redis.get(key('a')))!);
  assert.deepEqual(stored.v, { title: 'hello' });
  assert.ok(stored.e > Date.now() && typeof stored.d === 'number');
  assert.ok((await redis.pttl(key('a'))) > 0);
  assert.equal(await redis.exists(keys.lease(key('a'))), 0, 'the lease is released after the write');
});

Deno.test('a stampede across three instances loads from the source once', opts, async () => {
  const clients = [0, 1, 2].map(() => new Redis(redisUrl, { maxRetriesPerRequest: 1 }));
  const caches = clients.map((c) => new CacheAside({ redis: c, pollMs: 10 }));
  const load = counter('v', 200);
  const results = await Promise.all(Array.from({ length: 30 }, (_, i) => caches[i % 3].get(key('stampede'), load, { ttlSeconds: 60 })));
  assert.deepEqual(new Set(results), new Set(['v']));
  assert.equal(load.calls, 1);
  assert.ok(caches.some((c) => c.stats.waits > 0), 'other instances waited for the lease holder');
  clients.forEach((c) => c.disconnect());
});

Deno.test('XFetch refreshes early when the draw says so, and not when expiry is far off', opts, async () => {
  const now = Date.now();
  // Load took 1 s and expiry is 100 ms away: -1000 * ln(0.5) = 693 ms > 100 ms, so refresh.
  await redis.set(key('x'), JSON.stringify({ v: 'old', d: 1000, e: now + 100 }), 'PX', 60_000);
  const cache = new CacheAside({ redis, random: () => 0.5 });
  const load = counter('new');
  assert.equal(await cache.get(key('x'), load, { ttlSeconds: 60 }), 'old', 'the hit is served at once');
  await cache.settle();
  assert.equal(load.calls, 1);
  assert.equal(cache.stats.earlyRefreshes, 1);
  assert.equal(JSON.parse((await redis.get(key('x')))!).v, 'new');

  // Same draw, expiry an hour away: no refresh.
  await redis.set(key('y'), JSON.stringify({ v: 'old', d: 1000, e: now + 3_600_000 }), 'PX', 60_000);
  const loadY = counter('new');
  assert.equal(await cache.get(key('y'), loadY, { ttlSeconds: 60 }), 'old');
  await cache.settle();
  assert.equal(loadY.calls, 0);
});

Deno.test('refresh-ahead reloads a hit that is within the window of expiry', opts, async () => {
  const cache = new CacheAside({ redis, random: () => 1 }); // ln(1) = 0: XFetch never fires
  await redis.set(key('ra'), JSON.stringify({ v: 1, d: 0, e: Date.now() + 30_000 }), 'PX', 30_000);
  const load = counter(2);
  assert.equal(await cache.get(key('ra'), load, { ttlSeconds: 600, refreshAheadSeconds: 60 }), 1);
  await cache.settle();
  assert.equal(load.calls, 1);
  assert.equal(JSON.parse((await redis.get(key('ra')))!).v, 2);
  assert.ok((await redis.pttl(key('ra'))) > 500_000, 'the refreshed value has the full TTL');
});

Deno.test('a load that races an invalidation does not write its stale value', opts, async () => {
  const cache = new CacheAside({ redis });
  const loader = async () => {
    // cache-invalidate runs while we load: it unlinks the key and its lease.
    await redis.unlink(key('race'), keys.lease(key('race')));
    return 'stale';
  };
  assert.equal(await cache.get(key('race'), loader, { ttlSeconds: 60 }), 'stale', 'the caller still gets its answer');
  assert.equal(await redis.exists(key('race')), 0);
  assert.equal(cache.stats.refusedWrites, 1);
});

Deno.test('write-through stores the value, cancels a racing load and registers tags', opts, async () => {
  const cache = new CacheAside({ redis });
  const tag = keys.tag(run, 'documents');
  await redis.set(keys.lease(key('wt')), 'someone-elses-token', 'PX', 5_000);
  await cache.set(key('wt'), { n: 1 }, { ttlSeconds: 120, tags: [tag] });
  assert.equal(JSON.parse((await redis.get(key('wt')))!).v.n, 1);
  assert.equal(await redis.exists(keys.lease(key('wt'))), 0);
  assert.deepEqual(await redis.smembers(tag), [key('wt')]);
  const ttl = await redis.ttl(tag);
  assert.ok(ttl > 0 && ttl <= 120);
  await cache.set(key('wt2'), 2, { ttlSeconds: 30, tags: [tag] });
  assert.ok((await redis.ttl(tag)) > 30, 'a shorter-lived member never shortens the set');
});

Deno.test('tracked keys land in public.cache_metadata', opts, async () => {
  const pool = getPool(dbUrl);
  const { rows: [{ id }] } = await pool.query(`insert into auth.users (email) values ($1) returning id`, [`${run}@test.local`]);
  try {
    const cache = new CacheAside({ redis, db: pool });
    const k = keys.document(id, 'c0ffee', 'p1');
    await cache.get(k, () => Promise.resolve('doc'), { ttlSeconds: 90, track: { type: 'document', userId: id } });
    await cache.set(k, 'doc2', { ttlSeconds: 90, track: { type: 'document', userId: id } });
    const { rows } = await pool.query('select cache_type, user_id, ttl_seconds, access_count from public.cache_metadata where cache_key = $1', [k]);
    assert.deepEqual(rows, [{ cache_type: 'document', user_id: id, ttl_seconds: 90, access_count: 2 }]);
    await redis.unlink(k);
  } finally {
    await pool.query('delete from auth.users where id = $1', [id]); // cascades to cache_metadata
  }
});

Deno.test('with Redis down, reads fail open: one load per key, value returned', opts, async () => {
  const down = new Redis('redis://127.0.0.1:1', { maxRetriesPerRequest: 0, retryStrategy: () => null, lazyConnect: true });
  down.on('error', () => {});
  const cache = new CacheAside({ redis: down });
  const load = counter('from-source', 50);
  const got = await Promise.all([1, 2, 3].map(() => cache.get('cache:{t:x}:doc:a:b', load, { ttlSeconds: 60 })));
  assert.deepEqual(got, ['from-source', 'from-source', 'from-source']);
  assert.equal(load.calls, 1, 'concurrent callers in one instance share the load');
  assert.ok(cache.stats.failOpen >= 1);
  down.disconnect();
});

Deno.test('cleanup of this run\'s keys leaves none behind', opts, async () => {
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `*{t:${run}}*`, 'COUNT', 1000);
    if (found.length) await redis.unlink(...found);
    cursor = next;
  } while (cursor !== '0');
  const [, left] = await redis.scan('0', 'MATCH', `*{t:${run}}*`, 'COUNT', 100000);
  assert.deepEqual(left, []);
  redis.disconnect();
});
