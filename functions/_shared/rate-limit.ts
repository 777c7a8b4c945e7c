// GCRA rate limiting on Redis: the same algorithm, arithmetic and result shape as
// ops.rate_limit_check in Postgres (docs/coordination.md). One EVALSHA per check, O(1) state per
// key (one integer: the theoretical arrival time), exact under any concurrency because Redis runs
// the script atomically.
//
// Failure policy: when Redis cannot answer, check() fails OPEN by default (allowed, with
// degraded: true) — limits here are abuse protection, and refusing every request because the
// limiter is down turns a Redis outage into a full outage. Pass failClosed: true for limits that
// guard spend (e.g. paid model calls); then a Redis error denies the request.
import type { Redis } from 'ioredis';
import { globalKey, tenantKey } from './redis-keys.ts';
import { GCRA_LUA } from './rate-limit-lua.js';
import { runScript, script } from './redis-script.ts';

export const GCRA = script(GCRA_LUA);

export interface RateLimitResult {
  allowed: boolean;
  limit: number;
  /** Whole units of cost still available right after this decision. */
  remaining: number;
  /** Milliseconds until this cost would be admitted; 0 when admitted. Rounded up. */
  retryAfterMs: number;
  /** Milliseconds until the bucket is full again. Rounded up. */
  resetAfterMs: number;
  /** True when Redis failed and the fail-open/fail-closed policy decided instead. */
  degraded?: boolean;
}

export interface RateLimitOptions {
  limit: number;
  periodMs: number;
  /** Weight of this request, 0..limit; 0 only reads the state. Default 1. */
  cost?: number;
  failClosed?: boolean;
}

/** rl:{t:<tenant>}:<parts…> (tenant-scoped, Redis Cluster hash tag) or rl:<parts…>. */
export function rateLimitKey(parts: string[], tenantId?: string): string {
  return tenantId === undefined ? globalKey('rl', ...parts) : tenantKey('rl', tenantId, ...parts);
}

function validate(key: string, { limit, periodMs, cost = 1 }: RateLimitOptions): void {
  if (typeof key !== 'string' || key === '') throw new Error('rate limit key must be a non-empty string');
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`rate limit must be a positive integer, got ${limit}`);
  if (!Number.isInteger(periodMs) || periodMs < 1) throw new Error(`rate limit period must be a positive number of ms, got ${periodMs}`);
  if (!Number.isInteger(cost) || cost < 0 || cost > limit) {
    throw new Error(`rate limit cost must be between 0 and the limit (${limit}), got ${cost}`);
  }
}

/** Raw script call: [allowed 0|1, remaining, retry_after_us, reset_after_us]. args: limit, period_us, cost[, now_us]. */
export async function evalGcra(redis: Redis, key: string, args: (string | number)[]): Promise<number[]> {
  return (await runScript(redis, GCRA, key, args)) as number[];
}

export function toResult(limit: number, reply: number[]): RateLimitResult {
  const [allowed, remaining, retryUs, resetUs] = reply.map(Number);
  return {
    allowed: allowed === 1,
    limit,
    remaining,
    retryAfterMs: Math.ceil(retryUs / 1000),
    resetAfterMs: Math.ceil(resetUs / 1000),
  };
}

export async function checkRateLimit(redis: Redis, key: string, opts: RateLimitOptions): Promise<RateLimitResult> {
  validate(key, opts);
  const { limit, periodMs, cost = 1 } = opts;
  try {
    return toResult(limit, await evalGcra(redis, key, [limit, periodMs * 1000, cost]));
  } catch (err) {
    // A reply error is a bug or a foreign value under our key, not an outage: surface it.
    if ((err as Error)?.name === 'ReplyError') throw err;
    if (opts.failClosed) {
      return { allowed: false, limit, remaining: 0, retryAfterMs: 1000, resetAfterMs: periodMs, degraded: true };
    }
    console.warn(`rate limit ${key}: Redis unavailable, failing open: ${(err as Error).message}`);
    return { allowed: true, limit, remaining: limit - cost, retryAfterMs: 0, resetAfterMs: 0, degraded: true };
  }
}
