// The Redis GCRA against the shared conformance cases (and Postgres against the same cases), plus
// exactness under concurrency and the fail-open / fail-closed policy.
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import pg from 'pg';
import { checkRateLimit, evalGcra, rateLimitKey, toResult } from './rate-limit.ts';

const dbUrl = Deno.env.get('SUPABASE_DB_URL') ?? Deno.env.get('SUPABASE_TEST_DB_URL') ??
  'postgresql://postgres:postgres@127.0.0.1:54332/postgres';
const redisUrl = Deno.env.get('REDIS_URL') ?? 'redis://127.0.0.1:54379';
const opts = { sanitizeOps: false, sanitizeResources: false };
// A unique prefix per run, so runs never see each other's keys.
const run = `test-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;

type Expect = { allowed: boolean; remaining: number; retry_after_ms: number; reset_after_ms: number };
type Case = { name: string; limit: number; period_ms: number; steps: { at_ms: number; cost: number; expect: Expect }[] };
const { cases } = JSON.parse(
  await Deno.readTextFile(new URL('./rate-limit-conformance.json', import.meta.url)),
) as { cases: Case[] };

// An arbitrary virtual epoch (µs) for the conformance clock.
const T0 = 1_800_000_000_000_000;

async function withRedis<T>(fn: (r: Redis) => Promise<T>): Promise<T> {
  const r = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    return await fn(r);
  } finally {
    r.disconnect();
  }
}

async function cleanupRedis(r: Redis) {
  const keys = await r.keys(`rl:${run}*`);
  if (keys.length) await r.del(...keys);
}

Deno.test('Redis GCRA passes every conformance case', opts, () =>
  withRedis(async (redis) => {
    try {
      for (const [i, c] of cases.entries()) {
        const key = rateLimitKey([run, `conf${i}`]);
        for (const [j, s] of c.steps.entries()) {
          const reply = await evalGcra(redis, key, [c.limit, c.period_ms * 1000, s.cost, T0 + s.at_ms * 1000]);
          const got = toResult(c.limit, reply);
          assert.deepEqual(
            { allowed: got.allowed, remaining: got.remaining, retry_after_ms: got.retryAfterMs, reset_after_ms: got.resetAfterMs },
            s.expect,
            `${c.name}, step ${j}`,
          );
        }
      }
    } finally {
      await cleanupRedis(redis);
    }
  }));

Deno.test('Postgres ops.rate_limit_gcra passes every conformance case', opts, async () => {
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    for (const c of cases) {
      let tat: string | null = null;
      for (const [j, s] of c.steps.entries()) {
        const { rows: [r] }: pg.QueryResult = await client.query(
          `select * from ops.rate_limit_gcra($1::bigint, $2::bigint, $3, $4::bigint, $5)`,
          [tat, String(T0 + s.at_ms * 1000), c.limit, String(c.period_ms * 1000), s.cost],
        );
        tat = r.new_tat_us;
        assert.deepEqual(
          {
            allowed: r.allowed,
            remaining: r.remaining,
            retry_after_ms: Math.ceil(Number(r.retry_after_us) / 1000),
            reset_after_ms: Math.ceil(Number(r.reset_after_us) / 1000),
          },
          s.expect,
          `${c.name}, step ${j}`,
        );
      }
    }
  } finally {
    await client.end();
  }
});

Deno.test('32 concurrent clients on one key are admitted exactly `limit` times (Redis clock)', opts, () =>
  withRedis(async (redis) => {
    // A day-long period: refill during the test (one unit per 28.8 min) cannot add an admission.
    const clients = Array.from({ length: 32 }, () => new Redis(redisUrl, { maxRetriesPerRequest: 1 }));
    const key = rateLimitKey([run, 'burst'], 'acme');
    assert.match(key, /^rl:\{t:acme\}:/);
    try {
      const results = await Promise.all(clients.map(async (c) => {
        let admitted = 0;
        for (let i = 0; i < 10; i++) {
          if ((await checkRateLimit(c, key, { limit: 50, periodMs: 86_400_000 })).allowed) admitted++;
        }
        return admitted;
      }));
      assert.equal(results.reduce((a, b) => a + b, 0), 50);
      const after = await checkRateLimit(redis, key, { limit: 50, periodMs: 86_400_000 });
      assert.equal(after.allowed, false);
      assert.equal(after.remaining, 0);
      assert.ok(after.retryAfterMs > 0);
    } finally {
      clients.forEach((c) => c.disconnect());
      await cleanupRedis(redis);
    }
  }));

Deno.test('weighted costs under concurrency: admitted cost plus what remains is exactly the limit', opts, () =>
  withRedis(async (redis) => {
    const key = rateLimitKey([run, 'weighted']);
    const limit = 100;
    try {
      const costs = Array.from({ length: 200 }, (_, i) => 1 + (i * 7) % 5);
      const results = await Promise.all(costs.map((cost) => checkRateLimit(redis, key, { limit, periodMs: 86_400_000, cost })));
      const admitted = results.reduce((s, r, i) => s + (r.allowed ? costs[i] : 0), 0);
      const peek = await checkRateLimit(redis, key, { limit, periodMs: 86_400_000, cost: 0 });
      assert.equal(admitted + peek.remaining, limit);
      // Every denial was for a cost above what was left at that moment.
      for (const [i, r] of results.entries()) if (!r.allowed) assert.ok(costs[i] > r.remaining);
    } finally {
      await cleanupRedis(redis);
    }
  }));

Deno.test('Redis and Postgres give the same answers for the same requests', opts, () =>
  withRedis(async (redis) => {
    const client = new pg.Client({ connectionString: dbUrl });
    await client.connect();
    const key = rateLimitKey([run, 'parity']);
    try {
      const costs = [3, 4, 5, 2, 1, 1, 0, 3];
      const viaRedis: [boolean, number][] = [];
      const viaPg: [boolean, number][] = [];
      for (const cost of costs) {
        const r = await checkRateLimit(redis, key, { limit: 10, periodMs: 86_400_000, cost });
        viaRedis.push([r.allowed, r.remaining]);
        const { rows: [p] } = await client.query(
          `select allowed, remaining from ops.rate_limit_check($1, 10, interval '1 day', $2)`, [key, cost]);
        viaPg.push([p.allowed, p.remaining]);
      }
      assert.deepEqual(viaPg, viaRedis);
      assert.deepEqual(viaRedis.map(([a]) => a), [true, true, false, true, true, false, true, false]);
    } finally {
      await client.query('select ops.rate_limit_reset($1)', [key]);
      await client.end();
      await cleanupRedis(redis);
    }
  }));

Deno.test('bad input is refused with a clear error before Redis is called', opts, () =>
  withRedis(async (redis) => {
    const key = rateLimitKey([run, 'bad']);
    await assert.rejects(checkRateLimit(redis, '', { limit: 1, periodMs: 1000 }), /key must be a non-empty string/);
    await assert.rejects(checkRateLimit(redis, key, { limit: 0, periodMs: 1000 }), /must be a positive integer/);
    await assert.rejects(checkRateLimit(redis, key, { limit: 5, periodMs: 0 }), /period must be a positive/);
    await assert.rejects(checkRateLimit(redis, key, { limit: 5, periodMs: 1000, cost: 6 }), /cost must be between 0 and the limit/);
    await assert.rejects(checkRateLimit(redis, key, { limit: 5, periodMs: 1000, cost: -1 }), /cost must be between 0 and the limit/);
    assert.throws(() => rateLimitKey(['a*b']), /invalid redis key part/);
    // The script refuses bad arguments on its own too.
    await assert.rejects(evalGcra(redis, key, [0, 1000, 1]), /limit must be a positive integer/);
    assert.equal(await redis.exists(key), 0);
  }));

Deno.test('with Redis down, checks fail open by default and closed on request', opts, async () => {
  const down = new Redis('redis://127.0.0.1:1', { maxRetriesPerRequest: 0, retryStrategy: () => null, lazyConnect: true });
  down.on('error', () => {});
  try {
    const open = await checkRateLimit(down, 'rl:x', { limit: 5, periodMs: 1000 });
    assert.equal(open.allowed, true);
    assert.equal(open.degraded, true);
    const closed = await checkRateLimit(down, 'rl:x', { limit: 5, periodMs: 1000, failClosed: true });
    assert.equal(closed.allowed, false);
    assert.equal(closed.degraded, true);
  } finally {
    down.disconnect();
  }
});
