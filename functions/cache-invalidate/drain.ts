// Drains the cache.invalidate outbox topic into Redis. Each event names exact keys, SCAN
// patterns and tag sets; applying one twice is harmless (UNLINK of a missing key is a no-op),
// which is what at-least-once delivery needs. Events are claimed in batches under a visibility
// timeout: if this process dies mid-batch, the lease runs out and another drain re-delivers.
import type pg from 'pg';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { claimUntilSettled } from '../_shared/outbox-settle.ts';
import { isSafePattern, keys as keyOf } from '../_shared/redis-keys.ts';

export const TOPIC = 'cache.invalidate';
const UNLINK_CHUNK = 1000;
const SCAN_COUNT = 1000;
const PATTERN_CONCURRENCY = 4;

const redisKey = z.string().min(1).max(1024);
export const eventPayload = z.object({
  keys: z.array(redisKey).default([]),
  patterns: z.array(redisKey).default([]),
  tags: z.array(redisKey).default([]),
}).passthrough();

export type DrainCounts = {
  claimed: number;
  acked: number;
  nacked: number;
  batches: number;
  unlinked: number; // keys that existed and are gone (data keys, leases, tag sets)
  patterns: number; // distinct patterns scanned
  tags: number; // distinct tag sets expanded
  refused: number; // events rejected as invalid (nacked, never applied)
  error?: string; // set when a Redis failure stopped the run
};

export type DrainOptions = {
  pool: pg.Pool;
  redis: Redis;
  consumer: string;
  batchSize?: number;
  visibilitySeconds?: number;
  timeBudgetMs?: number;
  /** After the topic looks empty, claim once more this much later (outbox-settle.ts; default 25). */
  settleMs?: number;
};

const zero = (): DrainCounts => ({ claimed: 0, acked: 0, nacked: 0, batches: 0, unlinked: 0, patterns: 0, tags: 0, refused: 0 });

type Valid = { id: string; keys: string[]; patterns: string[]; tags: string[] };

/** Why an event can never be applied, or null when it is fine. */
function validate(payload: unknown): { event?: Omit<Valid, 'id'>; reason?: string } {
  const parsed = eventPayload.safeParse(payload);
  if (!parsed.success) return { reason: `malformed payload: ${parsed.error.issues.map((i) => i.path.join('.') || i.message).join(', ')}` };
  const unsafe = parsed.data.patterns.filter((p) => !isSafePattern(p));
  if (unsafe.length) return { reason: `refused pattern(s) ${JSON.stringify(unsafe)}: first two segments must be literal` };
  const badTags = parsed.data.tags.filter((t) => !t.startsWith('tag:'));
  if (badTags.length) return { reason: `refused tag key(s) ${JSON.stringify(badTags)}: not in the tag: namespace` };
  return { event: parsed.data };
}

async function unlinkAll(redis: Redis, list: string[]): Promise<number> {
  let n = 0;
  for (let i = 0; i < list.length; i += UNLINK_CHUNK) n += await redis.unlink(...list.slice(i, i + UNLINK_CHUNK));
  return n;
}

async function scanUnlink(redis: Redis, pattern: string): Promise<number> {
  let cursor = '0';
  let n = 0;
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', SCAN_COUNT);
    if (found.length) n += await redis.unlink(...found);
    cursor = next;
  } while (cursor !== '0');
  return n;
}

/** Apply a batch: tag sets first (their members join the exact keys), then UNLINK, then patterns. */
async function apply(redis: Redis, events: Valid[], counts: DrainCounts): Promise<void> {
  const exact = new Set<string>();
  const tags = new Set<string>();
  const patterns = new Set<string>();
  for (const e of events) {
    e.keys.forEach((k) => exact.add(k));
    e.tags.forEach((t) => tags.add(t));
    e.patterns.forEach((p) => patterns.add(p));
  }
  for (const tag of tags) {
    // Read and drop the set atomically: a member added afterwards lands in a fresh set.
    const res = await redis.multi().smembers(tag).unlink(tag).exec();
    const failed = res?.find(([err]) => err);
    if (!res || failed) throw failed?.[0] ?? new Error(`tag ${tag}: transaction aborted`);
    (res[0][1] as string[]).forEach((k) => exact.add(k));
    counts.unlinked += res[1][1] as number;
  }
  // A load that raced this invalidation holds the key's lease; deleting it makes its write fail.
  const withLeases = [...exact].flatMap((k) => [k, keyOf.lease(k)]);
  counts.unlinked += await unlinkAll(redis, withLeases);
  const queue = [...patterns];
  await Promise.all(Array.from({ length: Math.min(PATTERN_CONCURRENCY, queue.length) }, async () => {
    for (let p = queue.shift(); p !== undefined; p = queue.shift()) counts.unlinked += await scanUnlink(redis, p);
  }));
  counts.tags += tags.size;
  counts.patterns += patterns.size;
}

async function nackAll(pool: pg.Pool, consumer: string, ids: string[], error: string): Promise<number> {
  if (!ids.length) return 0;
  const { rows } = await pool.query(
    `select count(*) filter (where r <> 'ignored')::int as n
     from unnest($1::bigint[]) id, ops.outbox_nack(id, $2, $3) r`, [ids, consumer, error.slice(0, 1000)]);
  return rows[0].n;
}

/**
 * One drain run: claim, apply, ack until the topic is empty (settled, see outbox-settle.ts),
 * maxEvents or the time budget.
 */
export async function drainRun(opts: DrainOptions, maxEvents = 100_000): Promise<DrainCounts> {
  const { pool, redis, consumer, batchSize = 500, visibilitySeconds = 30, timeBudgetMs = 20_000, settleMs } = opts;
  const counts = zero();
  const deadline = Date.now() + timeBudgetMs;
  await claimUntilSettled(async () => {
    if (counts.claimed >= maxEvents || Date.now() >= deadline) return null;
    const { rows } = await pool.query<{ id: string; payload: unknown }>(
      'select id, payload from ops.outbox_claim($1, $2, $3, make_interval(secs => $4))',
      [TOPIC, consumer, Math.min(batchSize, maxEvents - counts.claimed), visibilitySeconds]);
    if (rows.length === 0) return 0;
    counts.claimed += rows.length;
    counts.batches++;
    const valid: Valid[] = [];
    const refused = new Map<string, string[]>(); // reason -> ids
    for (const row of rows) {
      const { event, reason } = validate(row.payload);
      // Only the three lists: the payload's own `id` is the changed row's, not the event's.
      if (event) valid.push({ id: row.id, keys: event.keys, patterns: event.patterns, tags: event.tags });
      else refused.set(reason!, [...(refused.get(reason!) ?? []), row.id]);
    }
    // Invalid events can never succeed: nack them so they back off and dead-letter with an alert.
    for (const [reason, ids] of refused) {
      counts.nacked += await nackAll(pool, consumer, ids, reason);
      counts.refused += ids.length;
      console.warn(`[cache-invalidate] refused event(s) ${ids.join(',')}: ${reason}`);
    }
    try {
      await apply(redis, valid, counts);
    } catch (err) {
      // Redis is down or failing: give the whole batch back (backoff) and stop this run.
      counts.error = `redis: ${(err as Error).message}`;
      counts.nacked += await nackAll(pool, consumer, valid.map((e) => e.id), counts.error);
      console.error(`[cache-invalidate] ${counts.error}; nacked ${valid.length} event(s)`);
      return null;
    }
    if (valid.length) {
      const { rows: [{ n }] } = await pool.query<{ n: number }>(
        'select ops.outbox_ack($1::bigint[], $2) as n', [valid.map((e) => e.id), consumer]);
      counts.acked += n;
    }
    return rows.length;
  }, settleMs);
  return counts;
}

/**
 * Single flight per instance. A wake-up that arrives during a run only asks for one more pass
 * (poke) and is answered at once, so bursts of wake-ups cost one claim loop, an event committed
 * during a run is never left for the next cron tick, and the relay is not held for a whole run.
 * The run as a whole stays within the time budget; what is left waits for the next wake-up.
 */
export function createDrainer(opts: DrainOptions) {
  let running: Promise<DrainCounts> | null = null;
  let again = false;
  const budget = opts.timeBudgetMs ?? 20_000;
  return {
    busy: () => running !== null,
    poke: () => {
      again = true;
    },
    drain(maxEvents?: number): Promise<DrainCounts> {
      if (running) {
        again = true;
        return running;
      }
      const deadline = Date.now() + budget;
      running = (async () => {
        const total = zero();
        try {
          do {
            again = false;
            const c = await drainRun({ ...opts, timeBudgetMs: deadline - Date.now() }, maxEvents);
            for (const k of Object.keys(zero()) as (keyof DrainCounts)[]) (total[k] as number) += c[k] as number;
            if (c.error) {
              total.error = c.error;
              break;
            }
          } while (again && Date.now() < deadline);
        } finally {
          // Cleared in the same tick as the last `again` check, so no wake-up falls in between.
          running = null;
        }
        return total;
      })();
      return running;
    },
  };
}
