// Cache invalidation end to end: real Postgres (the test cluster), a private Redis, the
// cache-invalidate function under Deno behind the gateway, and the relay sending net.http_post
// wake-ups. Nothing here calls the function directly except the bad-input checks.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DB_URL } from '../../scripts/lib/config.mjs';
import { FUNCTIONS_SECRET, SERVICE_ROLE_KEY } from '../../scripts/lib/keys.mjs';
import { accepts, freePort, functionPid, startGateway, startRedis, startRelay, waitFor } from '../../scripts/lib/procs.mjs';

const REDIS_PORT = 54389; // private: this file stops and restarts it
const redisUrl = `redis://127.0.0.1:${REDIS_PORT}`;
// 54383 is this suite's gateway port, but tests/migrate keeps scratch clusters on the four ports
// after the test cluster's (54383-54386 for 54382): fall back to any free port then.
let functionsUrl: string;
let fnUrl: string;
const VISIBILITY_S = 3;

type Proc = Awaited<ReturnType<typeof startRedis>>;
let redisDir: string;
let redisProc: Proc;
let relay: Proc;
let gateway: Proc;
let redis: Redis;
const db = new pg.Client({ connectionString: TEST_DB_URL });

const sign = async (body: string) => {
  const { createHmac } = await import('node:crypto');
  const t = Math.floor(Date.now() / 1000);
  return `t=${t},v1=${createHmac('sha256', FUNCTIONS_SECRET).update(`${t}.${body}`).digest('hex')}`;
};
const post = async (body: string, headers: Record<string, string> = {}) =>
  fetch(fnUrl, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });

async function newUser(): Promise<string> {
  const { rows } = await db.query(`insert into auth.users (email) values (gen_random_uuid() || '@e2e.test') returning id`);
  return rows[0].id;
}

async function newDocs(userId: string, n: number): Promise<string[]> {
  const { rows } = await db.query(
    `insert into public.documents (user_id, content) select $1, 'doc ' || g from generate_series(1, $2) g returning id`, [userId, n]);
  return rows.map((r) => r.id);
}

/** Cache a document's key in Redis and track it, as the cache-aside helper does. */
async function cacheDoc(userId: string, docId: string, hash: string): Promise<string> {
  const key = `cache:{t:${userId}}:doc:${hash}:p0`;
  await db.query(`select ops.cache_track($1, 'document', $2, $3, 3600)`, [key, docId, userId]);
  return key;
}

const existing = async (keys: string[]) => (await Promise.all(keys.map((k) => redis.exists(k)))).reduce((a, b) => a + b, 0);

async function eventsOf(ids: string[]) {
  const { rows } = await db.query(
    `select status, count(*)::int as n, max(attempts) as max_attempts from ops.outbox
     where topic = 'cache.invalidate' and aggregate_id = any($1) group by status`, [ids]);
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

/** What the opsbase-outbox-wake cron job runs each minute, run now so the test need not wait. */
async function cronTick() {
  const { rows } = await db.query(`select command from cron.job where jobname = 'opsbase-outbox-wake'`);
  await db.query(rows[0].command);
}

beforeAll(async () => {
  const port = (await accepts(54383)) ? await freePort() : 54383;
  functionsUrl = `http://127.0.0.1:${port}/functions/v1`;
  fnUrl = `${functionsUrl}/cache-invalidate`;
  await db.connect();
  redisDir = mkdtempSync(path.join(tmpdir(), 'opsbase-e2e-redis-'));
  redisProc = await startRedis(REDIS_PORT, redisDir);
  redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, retryStrategy: () => 200, lazyConnect: false });
  redis.on('error', () => {});
  await db.query(`insert into ops.settings (key, value) values ('opsbase_functions_url', $1), ('opsbase_functions_secret', $2)
    on conflict (key) do update set value = excluded.value`, [functionsUrl, FUNCTIONS_SECRET]);
  // Leftovers of an earlier, aborted run would be drained into this Redis: clear them.
  await db.query(`delete from ops.outbox where topic = 'cache.invalidate'`);
  await db.query('delete from net.http_request_queue');
  relay = await startRelay(TEST_DB_URL);
  gateway = await startGateway({ dbUrl: TEST_DB_URL, redisUrl, functionsUrl, needs: ['cache-invalidate'],
    env: { CACHE_INVALIDATE_VISIBILITY_SECONDS: String(VISIBILITY_S) } });
}, 120_000);

afterAll(async () => {
  await db.query(`delete from ops.settings where key in ('opsbase_functions_url', 'opsbase_functions_secret')`).catch(() => {});
  await db.query(`delete from ops.outbox where topic = 'cache.invalidate'`).catch(() => {});
  await Promise.allSettled([gateway?.stop(), relay?.stop()]);
  redis?.disconnect();
  await redisProc?.stop();
  rmSync(redisDir, { recursive: true, force: true });
  await db.end();
}, 60_000);

describe('cache invalidation, end to end', () => {
  it('updating a document removes exactly its tracked keys and leaves every other key alone', async () => {
    const [alice, bob] = [await newUser(), await newUser()];
    const [doc1, doc2] = await newDocs(alice, 2);
    const [docB] = await newDocs(bob, 1);
    const doc1Keys = [await cacheDoc(alice, doc1, 'h1'), `cache:{t:${alice}}:enhance:m1:h1:p0`];
    await db.query(`select ops.cache_track($1, 'enhancement', $2, $3, 3600)`, [doc1Keys[1], doc1, alice]);
    const others = [await cacheDoc(alice, doc2, 'h2'), await cacheDoc(bob, docB, 'h1'), `cache:{t:${alice}}:doc:untracked:p0`];
    for (const k of [...doc1Keys, ...others]) await redis.set(k, 'cached');

    await db.query(`update public.documents set content = 'edited' where id = $1`, [doc1]);

    await waitFor(async () => (await existing(doc1Keys)) === 0, 20_000, "doc1's keys to go");
    await waitFor(async () => (await eventsOf([doc1])).done === 1, 10_000, 'the event to be acked');
    expect(await existing(others)).toBe(others.length);
    const { rows } = await db.query('select count(*)::int as n from public.cache_metadata where document_id = $1', [doc2]);
    expect(rows[0].n).toBe(1);
  }, 60_000);

  it('400 commits from 8 concurrent producers: every key goes, with far fewer wake-ups than commits', async () => {
    const user = await newUser();
    const docs = await newDocs(user, 400);
    const keys = await Promise.all(docs.map((d, i) => cacheDoc(user, d, `c${i}`)));
    await redis.mset(...keys.flatMap((k) => [k, 'v']));
    const { rows: [{ start }] } = await db.query(`select coalesce(max(id), 0)::bigint as start from (
      select id from net.http_request_queue union select id from net._http_response) r`);
    const producers = Array.from({ length: 8 }, () => new pg.Client({ connectionString: TEST_DB_URL }));
    await Promise.all(producers.map((c) => c.connect()));
    try {
      // One autocommit UPDATE per document, eight connections at a time: 400 producing commits.
      await Promise.all(producers.map(async (c, w) => {
        for (let i = w; i < docs.length; i += producers.length) {
          await c.query(`update public.documents set content = 'burst' where id = $1`, [docs[i]]);
        }
      }));
    } finally {
      await Promise.all(producers.map((c) => c.end()));
    }
    await waitFor(async () => (await existing(keys)) === 0, 30_000, 'every key to go (no cron tick)');
    expect((await eventsOf(docs)).done).toBe(400);
    const { rows: [{ wakeups }] } = await db.query(`select count(*)::int as wakeups from (
      select id from net.http_request_queue union select id from net._http_response) w where id > $1`, [start]);
    // Without coalescing every commit posts one: 400 (measured). With it: 12 on the 2-core machine.
    expect(wakeups).toBeGreaterThan(0);
    expect(wakeups).toBeLessThan(200);
  }, 90_000);

  it('Redis down for 1,000 changes: every invalidation is delivered once it is back, nothing lost', async () => {
    const user = await newUser();
    const docs = await newDocs(user, 250);
    const ROUNDS = 4;
    // One key per document and round: each change invalidates the key cached before it.
    const keys: string[][] = [];
    for (let r = 0; r < ROUNDS; r++) keys.push(docs.map((d) => `cache:{t:${user}}:doc:r${r}-${d}:p0`));
    const control = Array.from({ length: 50 }, (_, i) => `cache:{t:${user}}:doc:control${i}:p0`);
    await redis.mset(...[...keys.flat(), ...control].flatMap((k) => [k, 'v']));

    await redis.call('SHUTDOWN', 'SAVE').catch(() => {}); // persists, then exits
    await redisProc.exited;

    for (let r = 0; r < ROUNDS; r++) {
      for (const [i, d] of docs.entries()) {
        await db.query(`select ops.cache_track($1, 'document', $2, $3, 3600)`, [keys[r][i], d, user]);
        await db.query(`update public.documents set content = $2 where id = $1`, [d, `round ${r}`]);
      }
    }
    const { rows: [{ n }] } = await db.query(
      `select count(*)::int as n from ops.outbox where topic = 'cache.invalidate' and aggregate_id = any($1)`, [docs]);
    expect(n).toBe(1000);
    // While Redis is down the function tries, fails and gives events back: none is delivered.
    await waitFor(async () => (await db.query(
      `select count(*)::int as n from ops.outbox where aggregate_id = any($1) and last_error like 'redis:%'`, [docs])).rows[0].n > 0,
      30_000, 'a failed delivery attempt');
    expect((await eventsOf(docs)).done ?? 0).toBe(0);

    redisProc = await startRedis(REDIS_PORT, redisDir);
    await waitFor(async () => (await redis.dbsize()) > 0, 10_000, 'Redis to load its snapshot');
    expect(await existing(control)).toBe(control.length);

    await waitFor(async () => {
      await cronTick();
      const e = await eventsOf(docs);
      return e.done === 1000 || e.dead > 0;
    }, 150_000, 'all 1,000 events to be delivered', 1000);
    expect(await eventsOf(docs)).toEqual({ done: 1000 });
    expect(await existing(keys.flat())).toBe(0);
    expect(await existing(control)).toBe(control.length);
  }, 240_000);

  it('a function killed mid-batch: its claimed events are re-delivered after the visibility timeout', async () => {
    const user = await newUser();
    const docs = await newDocs(user, 20);
    const keys = await Promise.all(docs.map((d, i) => cacheDoc(user, d, `k${i}`)));
    await redis.mset(...keys.flatMap((k) => [k, 'v']));
    // Writes block while Redis is paused: the function claims, then hangs in UNLINK.
    await redis.call('CLIENT', 'PAUSE', '30000', 'WRITE');
    try {
      await db.query(`update public.documents set content = 'changed' where id = any($1)`, [docs]);
      const { rows: [{ consumer }] } = await waitFor(async () => {
        const r = await db.query(`select max(claimed_by) as consumer from ops.outbox
          where aggregate_id = any($1) and status = 'inflight' having count(*) = 20`, [docs]);
        return r.rows.length ? r : null;
      }, 20_000, 'the batch to be claimed');
      const pid = functionPid(gateway.child.pid!, 'cache-invalidate');
      expect(pid).not.toBeNull();
      process.kill(pid!, 'SIGKILL');
      await redis.call('CLIENT', 'UNPAUSE');
      expect(await existing(keys)).toBe(keys.length); // the killed function deleted nothing

      await waitFor(async () => {
        await cronTick();
        return (await eventsOf(docs)).done === 20;
      }, 60_000, 're-delivery', 500);
      const { rows } = await db.query(
        `select bool_and(attempts = 2) as retried, bool_and(claimed_by <> $2) as new_consumer
         from ops.outbox where aggregate_id = any($1)`, [docs, consumer]);
      expect(rows[0]).toEqual({ retried: true, new_consumer: true });
      expect(await existing(keys)).toBe(0);
    } finally {
      await redis.call('CLIENT', 'UNPAUSE').catch(() => {});
    }
  }, 120_000);

  it('unsigned or malformed requests get 401/400 and claim nothing; a match-everything pattern is refused', async () => {
    // No endpoint for a moment, so no wake-up drains the probe event before the bad requests land.
    await db.query(`delete from ops.settings where key = 'opsbase_functions_url'`);
    const { rows: [{ id }] } = await db.query(`select ops.outbox_enqueue('cache.invalidate', '{"patterns": ["*"]}') as id`);
    // Hold the probe back so no stray wake-up (cron catch-up, queued relay request) can claim it
    // while the bad requests are checked; release it before the valid drain.
    await db.query(`update ops.outbox set available_at = now() + interval '1 hour' where id = $1`, [id]);
    const drain = JSON.stringify({ action: 'drain' });
    expect((await post(drain)).status).toBe(401);
    expect((await post(drain, { 'x-opsbase-signature': 't=1,v1=00' })).status).toBe(401);
    expect((await post(drain, { authorization: 'Bearer not-the-key' })).status).toBe(401);
    const bad = JSON.stringify({ action: 'drain', max_events: -1 });
    expect((await post(bad, { 'x-opsbase-signature': await sign(bad) })).status).toBe(400);
    expect((await post('{nope', { authorization: `Bearer ${SERVICE_ROLE_KEY}` })).status).toBe(400);
    const probe = async () => (await db.query('select status, attempts from ops.outbox where id = $1', [id])).rows[0];
    expect(await probe()).toEqual({ status: 'pending', attempts: 0 });
    await db.query('update ops.outbox set available_at = now() where id = $1', [id]);

    const before = await redis.dbsize();
    const res = await post(drain, { 'x-opsbase-signature': await sign(drain) });
    expect(res.status).toBe(200);
    expect((await res.json()).refused).toBe(1);
    expect(await redis.dbsize()).toBe(before);
    const { rows } = await db.query('select status, last_error from ops.outbox where id = $1', [id]);
    expect(rows[0].status).toBe('pending');
    expect(rows[0].last_error).toMatch(/refused pattern/);
    await db.query(`insert into ops.settings (key, value) values ('opsbase_functions_url', $1)`, [functionsUrl]);
  }, 60_000);
});
