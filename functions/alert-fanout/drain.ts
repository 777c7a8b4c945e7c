// One drain pass: fold the 'alert' outbox topic into alert state and groups (SQL), flush due
// groups into the notification log (SQL), then claim due notifications and deliver them. The
// database decides what to send and when; this file only moves bytes and reports outcomes.
// Timers (group_wait, retries, Retry-After) that fall due within the run's budget are waited
// for here; later ones are picked up by the opsbase-alert-fanout-tick cron wake-up.
import type pg from 'pg';
import { claimUntilSettled } from '../_shared/outbox-settle.ts';
import { buildRequests, ConfigError, type Notification } from './channels.ts';
import { sendAll } from './send.ts';

export type DrainOptions = {
  pool: pg.Pool;
  consumer: string;
  secret: (name: string) => string | undefined;
  ingestBatch?: number;
  notifyBatch?: number;
  leaseSeconds?: number;
  requestTimeoutMs?: number;
  timeBudgetMs?: number;
  /** Wait in-process for a timer due within this many ms (bounded by the budget). */
  lingerMs?: number;
  /** After the alert topic looks empty, ingest once more this much later (outbox-settle.ts; default 25). */
  settleMs?: number;
};

export type DrainCounts = {
  events: number; // outbox events claimed
  changed: number; // events that changed an alert's status or severity
  refused: number; // malformed events (nacked)
  notifications: number; // notifications logged by group flushes
  sent: number;
  retried: number;
  failed: number;
  rate_limited: number;
  passes: number;
};

export const zero = (): DrainCounts => ({
  events: 0, changed: 0, refused: 0, notifications: 0, sent: 0, retried: 0, failed: 0, rate_limited: 0, passes: 0,
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Claimed = Notification & { rate_limit: number; rate_period: string; attempts: number };

async function record(pool: pg.Pool, consumer: string, id: string, outcome: string, o: {
  statusCode?: number; error?: string; retryAfterMs?: number; durationMs?: number;
}): Promise<string> {
  const { rows } = await pool.query<{ r: string }>(
    `select ops.alert_notification_record($1, $2, $3, $4, $5,
       case when $6::numeric is null then null else make_interval(secs => $6::numeric / 1000) end, $7) as r`,
    [id, consumer, outcome, o.statusCode ?? null, o.error ?? null, o.retryAfterMs ?? null, o.durationMs ?? null]);
  return rows[0].r;
}

async function deliver(opts: DrainOptions, n: Claimed, counts: DrainCounts): Promise<void> {
  const { pool, consumer } = opts;
  // Per-receiver limit (GCRA, ops.rate_limit_check): over it, wait the limiter's retry_after.
  const { rows: [rl] } = await pool.query<{ allowed: boolean; retry_after_ms: string }>(
    'select allowed, retry_after_ms from ops.rate_limit_check($1, $2, $3::interval)',
    [`alert-receiver:${n.receiver}`, n.rate_limit, n.rate_period]);
  if (!rl.allowed) {
    await record(pool, consumer, n.id, 'rate_limited', { retryAfterMs: Number(rl.retry_after_ms), error: 'receiver rate limit' });
    counts.rate_limited++;
    return;
  }
  const t0 = performance.now();
  let outcome;
  try {
    outcome = await sendAll(await buildRequests(n, opts.secret), opts.requestTimeoutMs ?? 10_000);
  } catch (err) {
    // A missing secret can be fixed with `supabase secrets set`: retry with backoff, then fail.
    if (!(err instanceof ConfigError)) throw err;
    outcome = { outcome: 'retry' as const, error: `config: ${err.message}` };
  }
  const r = await record(pool, consumer, n.id, outcome.outcome, { ...outcome, durationMs: performance.now() - t0 });
  if (r === 'sent') counts.sent++;
  else if (r === 'failed') counts.failed++;
  else if (r === 'pending') counts.retried++;
  if (outcome.outcome !== 'sent') console.warn(`[alert-fanout] ${n.receiver} notification ${n.id}: ${outcome.error} -> ${r}`);
}

/** Ingest, flush and deliver until nothing is due right now. */
export async function drainPass(opts: DrainOptions, counts: DrainCounts): Promise<void> {
  const { pool, consumer, ingestBatch = 1000, notifyBatch = 50, leaseSeconds = 60, settleMs } = opts;
  counts.passes++;
  await claimUntilSettled(async () => {
    const { rows: [r] } = await pool.query<{ claimed: number; changed: number; refused: number }>(
      'select * from ops.alert_fanout_ingest($1, $2)', [consumer, ingestBatch]);
    counts.events += r.claimed;
    counts.changed += r.changed;
    counts.refused += r.refused;
    return r.claimed;
  }, settleMs);
  const { rows: [f] } = await pool.query<{ n: number }>('select ops.alert_fanout_flush(1000) as n');
  counts.notifications += f.n;
  for (;;) {
    const { rows } = await pool.query<Claimed>(
      `select id::text, generation, attempts, state, payload, receiver, kind, url_secret, key_secret, settings,
              rate_limit, rate_period::text
       from ops.alert_notifications_claim($1, $2, make_interval(secs => $3))`, [consumer, notifyBatch, leaseSeconds]);
    if (rows.length === 0) break;
    // Different groups in parallel; one group's notifications are ordered by the claim.
    await Promise.all(rows.map((n) => deliver(opts, n, counts)));
  }
}

/** Milliseconds until the next change-driven flush or notification retry; null when none. */
export async function nextDueMs(pool: pg.Pool): Promise<number | null> {
  const { rows: [r] } = await pool.query<{ ms: number | null }>(
    `select (extract(epoch from ops.alert_fanout_next_due(true) - now()) * 1000)::float8 as ms`);
  return r.ms === null ? null : Math.max(0, r.ms);
}

/**
 * Single flight per instance, as in cache-invalidate: a wake-up during a run asks for one more
 * pass and is answered at once. A run lingers for timers due within `lingerMs`, up to its budget.
 */
export function createDrainer(opts: DrainOptions) {
  let running: Promise<DrainCounts> | null = null;
  let again = false;
  const budget = opts.timeBudgetMs ?? 20_000;
  const linger = opts.lingerMs ?? 5_000;
  return {
    busy: () => running !== null,
    poke: () => {
      again = true;
    },
    drain(): Promise<DrainCounts> {
      if (running) {
        again = true;
        return running;
      }
      const deadline = Date.now() + budget;
      running = (async () => {
        const counts = zero();
        try {
          for (;;) {
            again = false;
            await drainPass(opts, counts);
            if (Date.now() >= deadline) break; // what is left waits for the next wake-up
            if (again) continue;
            const due = await nextDueMs(opts.pool);
            if (due === null || due > linger || Date.now() + due >= deadline) break;
            await sleep(due + 20);
          }
        } finally {
          running = null;
        }
        return counts;
      })();
      return running;
    },
  };
}
