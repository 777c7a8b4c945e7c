// coalesce() over both stores: concurrent identical requests compute once, errors reach the
// waiting followers, a dead leader is replaced, and an unreachable store degrades to computing.
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import pg from 'pg';
import { CoalescedError, coalesce, coalesceKey, type CoalesceStore, pgCoalesceStore, redisCoalesceStore } from './coalesce.ts';

const dbUrl = Deno.env.get('SUPABASE_DB_URL') ?? Deno.env.get('SUPABASE_TEST_DB_URL') ??
  'postgresql://postgres:postgres@127.0.0.1:54332/postgres';
const redisUrl = Deno.env.get('REDIS_URL') ?? 'redis://127.0.0.1:54379';
const opts = { sanitizeOps: false, sanitizeResources: false };
const run = `t${Date.now()}${Math.floor(Math.random() * 1e6)}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Backend = { name: string; open: () => Promise<{ store: CoalesceStore; close: () => Promise<void> }> };
const backends: Backend[] = [
  {
    name: 'Redis',
    open: () => {
      const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
      return Promise.resolve({
        store: redisCoalesceStore(redis, 'acme'),
        close: async () => {
          const keys = await redis.keys(`coalesce:{t:acme}:${run}*`);
          if (keys.length) await redis.del(...keys);
          redis.disconnect();
        },
      });
    },
  },
  {
    name: 'Postgres',
    open: () => {
      const pool = new pg.Pool({ connectionString: dbUrl, max: 8 });
      return Promise.resolve({
        store: pgCoalesceStore(pool),
        close: async () => {
          await pool.query(`delete from ops.request_coalescing where operation like $1`, [`${run}%`]);
          await pool.end();
        },
      });
    },
  },
];

for (const b of backends) {
  Deno.test(`${b.name}: 25 concurrent identical requests compute once and all get the result`, opts, async () => {
    const { store, close } = await b.open();
    try {
      let computed = 0;
      const compute = async () => {
        computed++;
        await sleep(150);
        return { answer: 42, computed };
      };
      const results = await Promise.all(Array.from({ length: 25 }, () => coalesce(store, `${run}-once`, 'h1', compute)));
      assert.equal(computed, 1);
      for (const r of results) assert.deepEqual(r, { answer: 42, computed: 1 });
      // A later caller within the result TTL gets the stored result without computing.
      assert.deepEqual(await coalesce(store, `${run}-once`, 'h1', compute), { answer: 42, computed: 1 });
      assert.equal(computed, 1);
      // A different hash is a different request.
      await coalesce(store, `${run}-once`, 'h2', compute);
      assert.equal(computed, 2);
    } finally {
      await close();
    }
  });

  Deno.test(`${b.name}: a leader's error reaches its followers, and the next request recomputes`, opts, async () => {
    const { store, close } = await b.open();
    try {
      let calls = 0;
      const failing = async () => {
        calls++;
        await sleep(100);
        throw new Error('upstream 503');
      };
      const settled = await Promise.allSettled(Array.from({ length: 10 }, () => coalesce(store, `${run}-fail`, 'h', failing)));
      assert.equal(calls, 1);
      assert.ok(settled.every((s) => s.status === 'rejected'));
      const reasons = settled.map((s) => (s as PromiseRejectedResult).reason);
      assert.equal(reasons.filter((e) => e instanceof CoalescedError).length, 9);
      assert.ok(reasons.every((e) => /upstream 503/.test(e.message)));
      assert.equal(await coalesce(store, `${run}-fail`, 'h', () => Promise.resolve('recovered')), 'recovered');
    } finally {
      await close();
    }
  });

  Deno.test(`${b.name}: a leader that dies is replaced once its lease runs out`, opts, async () => {
    const { store, close } = await b.open();
    try {
      // A leader claims and vanishes (no complete, no fail).
      const claim = await store.claim(`${run}-dead`, 'h', 300);
      assert.equal(claim.role, 'leader');
      assert.equal((await store.claim(`${run}-dead`, 'h', 300)).role, 'follower');
      let computed = 0;
      const value = await coalesce(store, `${run}-dead`, 'h', () => Promise.resolve(++computed), { leaseMs: 5_000 });
      assert.equal(value, 1);
      // The dead leader's late completion is refused: its ticket is no longer the leader's.
      assert.equal(await store.complete(`${run}-dead`, 'h', (claim as { ticket: string }).ticket, 'stale', 60_000), false);
      assert.equal(await coalesce(store, `${run}-dead`, 'h', () => Promise.resolve(-1)), 1);
    } finally {
      await close();
    }
  });
}

Deno.test('coalesce refuses malformed operations and hashes', opts, async () => {
  const store = redisCoalesceStore(new Redis('redis://127.0.0.1:1', { lazyConnect: true }));
  await assert.rejects(coalesce(store, '', 'h', () => Promise.resolve(1)), /operation must be/);
  await assert.rejects(coalesce(store, 'op', 'a*b', () => Promise.resolve(1)), /hash must be/);
  await assert.rejects(coalesce(store, 'op', 'h', () => Promise.resolve(1), { resultTtlMs: 10 }), /resultTtlMs/);
  assert.equal(coalesceKey('enhance', 'abc', 'acme'), 'coalesce:{t:acme}:enhance:abc');
  assert.equal(coalesceKey('enhance', 'abc'), 'coalesce:enhance:abc');
});

Deno.test('with the store unreachable, coalesce computes directly', opts, async () => {
  const down = new Redis('redis://127.0.0.1:1', { maxRetriesPerRequest: 0, retryStrategy: () => null, lazyConnect: true });
  down.on('error', () => {});
  try {
    assert.equal(await coalesce(redisCoalesceStore(down), 'op', 'h', () => Promise.resolve('direct')), 'direct');
  } finally {
    down.disconnect();
  }
});

Deno.test('Postgres: ops.coalesce_* reject bad input with clear errors', opts, async () => {
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    await assert.rejects(client.query(`select * from ops.coalesce_claim('', 'h')`), /operation must be/);
    await assert.rejects(client.query(`select * from ops.coalesce_claim('op', null)`), /hash must be/);
    await assert.rejects(client.query(`select * from ops.coalesce_claim('op', 'h', interval '0')`), /lease must be positive/);
  } finally {
    await client.end();
  }
});
