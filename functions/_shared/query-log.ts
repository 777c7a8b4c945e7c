// App-side query timing (seed 002's logQuery / withQueryLogging), batched: entries queue in memory
// and go to ops.log_query_performance() as one JSON array per flush, by size or by timer.
// Logging never breaks the caller: failures go to onError and the batch is dropped, and a full
// queue drops new entries (counted) rather than growing without bound.
import type pg from 'pg';

export type QueryLogEntry = {
  query_text: string;
  duration_ms: number;
  endpoint?: string;
  user_id?: string;
  parameters?: Record<string, unknown>;
  error_message?: string;
  stack_trace?: string;
  executed_at?: string;
  query_hash?: string;
};

export type QueryLoggerOptions = {
  /** Flush when this many entries are queued (ops.log_query_performance takes at most 10,000). */
  maxBatch?: number;
  /** Flush queued entries at least this often. */
  flushIntervalMs?: number;
  /** Entries beyond this are dropped until a flush makes room. */
  maxQueue?: number;
  onError?: (err: unknown, dropped: number) => void;
};

type Queryable = Pick<pg.Pool, 'query'>;

export class QueryLogger {
  readonly #db: Queryable;
  readonly #maxBatch: number;
  readonly #maxQueue: number;
  readonly #onError: (err: unknown, dropped: number) => void;
  #queue: QueryLogEntry[] = [];
  #timer: ReturnType<typeof setInterval> | undefined;
  #flushing: Promise<void> = Promise.resolve();
  /** Entries lost to a full queue or a failed insert. */
  dropped = 0;
  /** Entries written. */
  written = 0;

  constructor(db: Queryable, opts: QueryLoggerOptions = {}) {
    this.#db = db;
    this.#maxBatch = Math.min(opts.maxBatch ?? 100, 10_000);
    this.#maxQueue = opts.maxQueue ?? 10_000;
    this.#onError = opts.onError ?? ((err) => console.error('query log flush failed:', err));
    const interval = opts.flushIntervalMs ?? 1_000;
    if (interval > 0) {
      const timer = setInterval(() => void this.flush(), interval);
      // A pending flush timer must not keep a function instance alive.
      Deno.unrefTimer(timer);
      this.#timer = timer;
    }
  }

  log(entry: QueryLogEntry): void {
    if (this.#queue.length >= this.#maxQueue) {
      this.dropped++;
      return;
    }
    this.#queue.push({ executed_at: new Date().toISOString(), ...entry });
    if (this.#queue.length >= this.#maxBatch) void this.flush();
  }

  /** Time fn, log it (with the error, if any), and return or rethrow its result unchanged. */
  async withQueryLogging<T>(
    fn: () => Promise<T>,
    ctx: { queryName: string; endpoint?: string; userId?: string; parameters?: Record<string, unknown> },
  ): Promise<T> {
    const start = performance.now();
    let error: Error | undefined;
    try {
      return await fn();
    } catch (err) {
      error = err instanceof Error ? err : new Error(String(err));
      throw err;
    } finally {
      this.log({
        query_text: ctx.queryName,
        duration_ms: Math.round((performance.now() - start) * 1000) / 1000,
        endpoint: ctx.endpoint,
        user_id: ctx.userId,
        parameters: ctx.parameters,
        error_message: error?.message,
        stack_trace: error?.stack,
      });
    }
  }

  /** Write everything queued so far; flushes run one at a time, in order. */
  flush(): Promise<void> {
    this.#flushing = this.#flushing.then(async () => {
      while (this.#queue.length > 0) {
        const batch = this.#queue.splice(0, this.#maxBatch);
        try {
          await this.#db.query('select ops.log_query_performance($1::jsonb)', [JSON.stringify(batch)]);
          this.written += batch.length;
        } catch (err) {
          this.dropped += batch.length;
          this.#onError(err, batch.length);
        }
      }
    });
    return this.#flushing;
  }

  /** Stop the timer and write what is left. */
  async close(): Promise<void> {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.flush();
  }

  get pending(): number {
    return this.#queue.length;
  }
}
