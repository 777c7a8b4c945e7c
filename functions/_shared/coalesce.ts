// Request coalescing (seed 000: coalesce:{operation}:{hash}): concurrent identical requests compute
// once. The first caller becomes the leader and computes; the others wait for its result, which
// later callers also get for resultTtlMs. A leader that dies loses its claim when its lease runs
// out and the next caller takes over. A leader's error is shared with the followers waiting on it
// (as Go's singleflight does), then forgotten, so the next request computes afresh.
//
// Two stores speak the same protocol: Redis (one hash per key, Lua for the atomic steps) and
// Postgres (ops.coalesce_* functions). Followers poll with backoff (2 ms doubling to 50 ms), from
// here rather than inside the database, so a waiting follower holds no pooled connection.
//
// Failure policy: if the store cannot be reached, coalesce() computes directly (fail-open): a
// duplicate computation is better than a failed request.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type pg from 'pg';
import { globalKey, tenantKey } from './redis-keys.ts';
import { runScript, script } from './redis-script.ts';

export type Claim = { role: 'leader'; ticket: string } | { role: 'done'; result: unknown } | { role: 'follower' };
export type Outcome =
  | { status: 'done'; result: unknown }
  | { status: 'failed'; error: string }
  | { status: 'running' }
  | { status: 'abandoned' };

export interface CoalesceStore {
  claim(operation: string, hash: string, leaseMs: number): Promise<Claim>;
  complete(operation: string, hash: string, ticket: string, result: unknown, ttlMs: number): Promise<boolean>;
  fail(operation: string, hash: string, ticket: string, error: string): Promise<boolean>;
  /** Where the computation stands now (never blocks). */
  peek(operation: string, hash: string): Promise<Outcome>;
}

export interface CoalesceOptions {
  /** How long a leader may compute before others may take over. Default 60 s. */
  leaseMs?: number;
  /** How long a result is served to later callers. Default 60 s (seed 000). Minimum 1 s. */
  resultTtlMs?: number;
}

/** The leader's computation failed; every follower waiting on it receives this. */
export class CoalescedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CoalescedError';
  }
}

const PART = /^[A-Za-z0-9_.\-]{1,100}$/;
const HASH = /^[A-Za-z0-9_.\-]{1,200}$/;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function coalesce<T>(
  store: CoalesceStore,
  operation: string,
  hash: string,
  compute: () => Promise<T>,
  { leaseMs = 60_000, resultTtlMs = 60_000 }: CoalesceOptions = {},
): Promise<T> {
  if (!PART.test(operation)) throw new Error(`coalesce operation must be 1-100 characters of [A-Za-z0-9_.-], got ${JSON.stringify(operation)}`);
  if (!HASH.test(hash)) throw new Error(`coalesce hash must be 1-200 characters of [A-Za-z0-9_.-], got ${JSON.stringify(hash)}`);
  if (!Number.isInteger(leaseMs) || leaseMs < 1) throw new Error(`coalesce leaseMs must be a positive integer, got ${leaseMs}`);
  if (!Number.isInteger(resultTtlMs) || resultTtlMs < 1000) throw new Error(`coalesce resultTtlMs must be at least 1000, got ${resultTtlMs}`);

  for (;;) {
    let claim: Claim;
    try {
      claim = await store.claim(operation, hash, leaseMs);
    } catch (err) {
      console.warn(`coalesce ${operation}: store unavailable, computing directly: ${(err as Error).message}`);
      return compute();
    }
    if (claim.role === 'done') return claim.result as T;
    if (claim.role === 'leader') {
      let value: T;
      try {
        value = await compute();
      } catch (err) {
        await store.fail(operation, hash, claim.ticket, String((err as Error)?.message ?? err)).catch(() => false);
        throw err;
      }
      // A lost lease (false) or a store error only costs followers a recomputation.
      await store.complete(operation, hash, claim.ticket, value, resultTtlMs).catch(() => false);
      return value;
    }
    // Follower: wait for the leader's outcome; if it vanished (died, lease over), claim again.
    for (let backoff = 2; ; backoff = Math.min(backoff * 2, 50)) {
      await sleep(backoff * (0.5 + Math.random()));
      let now: Outcome;
      try {
        now = await store.peek(operation, hash);
      } catch {
        return compute();
      }
      if (now.status === 'done') return now.result as T;
      if (now.status === 'failed') throw new CoalescedError(now.error);
      if (now.status === 'abandoned') break;
    }
  }
}

// ---- Redis: one hash per key {status, ticket, result|error}; the key's TTL is the lease.

const CLAIM = script(`
local st = redis.call('HGET', KEYS[1], 'status')
if (not st) or st == 'failed' then
  redis.call('DEL', KEYS[1])
  redis.call('HSET', KEYS[1], 'status', 'running', 'ticket', ARGV[1])
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return {'leader'}
elseif st == 'done' then
  return {'done', redis.call('HGET', KEYS[1], 'result')}
end
return {'follower'}
`);

// ARGV: ticket, status, field, value, ttl_ms
const FINISH = script(`
if redis.call('HGET', KEYS[1], 'ticket') ~= ARGV[1] or redis.call('HGET', KEYS[1], 'status') ~= 'running' then
  return 0
end
redis.call('HSET', KEYS[1], 'status', ARGV[2], ARGV[3], ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1
`);

/** How long a failure is shown to followers still polling before it is forgotten. */
const FAILED_TTL_MS = 10_000;

/** coalesce:{t:<tenant>}:<operation>:<hash>, or coalesce:<operation>:<hash> without a tenant. */
export function coalesceKey(operation: string, hash: string, tenantId?: string): string {
  return tenantId === undefined ? globalKey('coalesce', operation, hash) : tenantKey('coalesce', tenantId, operation, hash);
}

export function redisCoalesceStore(redis: Redis, tenantId?: string): CoalesceStore {
  const key = (op: string, hash: string) => coalesceKey(op, hash, tenantId);
  return {
    async claim(op, hash, leaseMs) {
      const ticket = randomUUID();
      const [role, raw] = (await runScript(redis, CLAIM, key(op, hash), [ticket, leaseMs])) as [string, string?];
      if (role === 'leader') return { role, ticket };
      if (role === 'done') return { role, result: JSON.parse(raw!) };
      return { role: 'follower' };
    },
    async complete(op, hash, ticket, result, ttlMs) {
      const json = JSON.stringify(result ?? null);
      return (await runScript(redis, FINISH, key(op, hash), [ticket, 'done', 'result', json, ttlMs])) === 1;
    },
    async fail(op, hash, ticket, error) {
      return (await runScript(redis, FINISH, key(op, hash), [ticket, 'failed', 'error', error, FAILED_TTL_MS])) === 1;
    },
    async peek(op, hash) {
      const [status, result, error] = await redis.hmget(key(op, hash), 'status', 'result', 'error');
      if (status === 'done') return { status, result: JSON.parse(result!) };
      if (status === 'failed') return { status, error: error ?? 'failed' };
      if (status === 'running') return { status };
      return { status: 'abandoned' }; // key gone: the lease expired, or the result's TTL ran out
    },
  };
}

// ---- Postgres: ops.coalesce_claim / _complete / _fail / _wait (supabase/migrations/*_coalesce.sql).

export function pgCoalesceStore(pool: pg.Pool): CoalesceStore {
  return {
    async claim(op, hash, leaseMs) {
      const { rows: [r] } = await pool.query(
        `select role, ticket, result from ops.coalesce_claim($1, $2, make_interval(secs => $3::double precision / 1000))`,
        [op, hash, leaseMs],
      );
      if (r.role === 'leader') return { role: 'leader', ticket: r.ticket };
      if (r.role === 'done') return { role: 'done', result: r.result };
      return { role: 'follower' };
    },
    async complete(op, hash, ticket, result, ttlMs) {
      const { rows: [r] } = await pool.query(
        `select ops.coalesce_complete($1, $2, $3, $4::jsonb, make_interval(secs => $5::double precision / 1000)) as ok`,
        [op, hash, ticket, JSON.stringify(result ?? null), ttlMs],
      );
      return r.ok;
    },
    async fail(op, hash, ticket, error) {
      const { rows: [r] } = await pool.query(`select ops.coalesce_fail($1, $2, $3, $4) as ok`, [op, hash, ticket, error]);
      return r.ok;
    },
    async peek(op, hash) {
      // A zero timeout makes ops.coalesce_wait a single look.
      const { rows: [r] } = await pool.query(
        `select status, result, error from ops.coalesce_wait($1, $2, interval '0')`,
        [op, hash],
      );
      if (r.status === 'done') return { status: 'done', result: r.result };
      if (r.status === 'failed') return { status: 'failed', error: r.error ?? 'failed' };
      if (r.status === 'abandoned') return { status: 'abandoned' };
      return { status: 'running' };
    },
  };
}
