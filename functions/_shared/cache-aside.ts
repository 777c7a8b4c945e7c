// Cache-aside for app code (seed 003's CacheManager, done properly):
// - get(): read Redis; on a miss one caller across all instances loads, under a short lease
//   (SET <key>:lease NX PX, Facebook memcache style), while the others poll briefly for its
//   result. The load is written only if the lease is still ours: cache-invalidate deletes
//   <key>:lease with <key>, so a load that raced an invalidation cannot write stale data back.
// - XFetch (Vattani et al.): each value carries how long it took to load (d) and its expiry (e);
//   a hit refreshes early, in the background, with probability rising as e nears and with d, so
//   a hot key is reloaded once before it expires instead of by every caller after.
// - refresh-ahead: optionally refresh any hit within refreshAheadSeconds of expiry.
// - set(): write-through after a source write. Tags (SADD into tag:{t:…}:<tag>) and
//   public.cache_metadata tracking (ops.cache_track) are recorded before the value is written.
// Failure policy: reads fail OPEN. If Redis cannot answer, get() loads from the source (one
// load per key per instance at a time) and the caller still gets an answer, just uncached.
import type { Redis } from 'ioredis';
import type pg from 'pg';
import { keys } from './redis-keys.ts';

export type CacheType = 'document' | 'enhancement' | 'similarity';
export type Track = { type: CacheType; documentId?: string | null; userId?: string | null };
export type CacheOptions = {
  ttlSeconds: number;
  tags?: string[]; // tag set keys, e.g. keys.tag(userId, 'documents')
  track?: Track; // record the key in public.cache_metadata (needs `db`)
  refreshAheadSeconds?: number;
};
type Entry<T> = { v: T; d: number; e: number };

// Write only while holding the lease (KEYS: key, lease; ARGV: token, value, ttl ms).
const SET_IF_LEASE = `
if redis.call('GET', KEYS[2]) == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
  redis.call('DEL', KEYS[2])
  return 1
end
return 0`;

export class CacheAside {
  readonly stats = { hits: 0, misses: 0, loads: 0, waits: 0, earlyRefreshes: 0, refusedWrites: 0, failOpen: 0 };
  private readonly inflight = new Map<string, Promise<unknown>>();
  private readonly background = new Set<Promise<void>>();
  private readonly redis: Redis;
  private readonly db?: pg.Pool;
  private readonly leaseMs: number;
  private readonly waitMs: number;
  private readonly pollMs: number;
  private readonly beta: number;
  private readonly now: () => number;
  private readonly random: () => number;

  constructor(o: {
    redis: Redis;
    db?: pg.Pool;
    leaseMs?: number; // longer than a normal load; a crashed loader blocks others this long at most
    waitMs?: number; // how long a caller waits for another's load before loading itself
    pollMs?: number;
    beta?: number; // XFetch: > 1 refreshes earlier, < 1 later
    now?: () => number;
    random?: () => number;
  }) {
    this.redis = o.redis;
    this.db = o.db;
    this.leaseMs = o.leaseMs ?? 5_000;
    this.waitMs = o.waitMs ?? 2_000;
    this.pollMs = o.pollMs ?? 25;
    this.beta = o.beta ?? 1;
    this.now = o.now ?? Date.now;
    this.random = o.random ?? Math.random;
  }

  /** Get-or-load with stampede protection, XFetch early refresh and optional refresh-ahead. */
  async get<T>(key: string, loader: () => Promise<T>, opts: CacheOptions): Promise<T> {
    let entry: Entry<T> | null;
    try {
      entry = parse<T>(await this.redis.get(key));
    } catch {
      this.stats.failOpen++;
      return this.singleFlight(key, loader);
    }
    if (entry) {
      this.stats.hits++;
      const now = this.now();
      // XFetch: -d·β·ln(U) is an exponential draw scaled by the load time.
      const early = now - entry.d * this.beta * Math.log(this.random()) >= entry.e;
      const ahead = opts.refreshAheadSeconds !== undefined && entry.e - now < opts.refreshAheadSeconds * 1000;
      if (early || ahead) this.refreshInBackground(key, loader, opts);
      return entry.v;
    }
    this.stats.misses++;
    return this.singleFlight(key, () => this.loadUnderLease(key, loader, opts));
  }

  /** Write-through: store a value the caller just wrote to the source; cancels racing loads. */
  async set<T>(key: string, value: T, opts: CacheOptions & { loadMs?: number }): Promise<void> {
    await this.record(key, opts);
    const entry: Entry<T> = { v: value, d: opts.loadMs ?? 0, e: this.now() + opts.ttlSeconds * 1000 };
    await this.redis.multi().set(key, JSON.stringify(entry), 'PX', opts.ttlSeconds * 1000).del(keys.lease(key)).exec();
  }

  /** Drop a key now (and its lease), for writes no invalidation rule covers. */
  async invalidate(key: string): Promise<void> {
    await this.redis.unlink(key, keys.lease(key));
  }

  /** Wait for background refreshes; on an edge runtime pass this to EdgeRuntime.waitUntil. */
  async settle(): Promise<void> {
    while (this.background.size) await Promise.allSettled([...this.background]);
  }

  // Concurrent callers in this instance share one promise per key (also when Redis is down).
  private singleFlight<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const existing = this.inflight.get(key) as Promise<T> | undefined;
    if (existing) return existing;
    const p = fn().finally(() => this.inflight.delete(key));
    this.inflight.set(key, p);
    return p;
  }

  private async tryLease(key: string): Promise<string | null> {
    const token = crypto.randomUUID();
    const ok = await this.redis.set(keys.lease(key), token, 'PX', this.leaseMs, 'NX');
    return ok === 'OK' ? token : null;
  }

  private async loadUnderLease<T>(key: string, loader: () => Promise<T>, opts: CacheOptions): Promise<T> {
    let token: string | null;
    try {
      token = await this.tryLease(key);
    } catch {
      this.stats.failOpen++;
      return this.load(loader).then((r) => r.value);
    }
    if (token) return this.loadAndStore(key, token, loader, opts);
    // Someone else is loading: wait for their value rather than hitting the source too.
    this.stats.waits++;
    const deadline = this.now() + this.waitMs;
    while (this.now() < deadline) {
      await new Promise((r) => setTimeout(r, this.pollMs));
      try {
        const entry = parse<T>(await this.redis.get(key));
        if (entry) return entry.v;
      } catch {
        break;
      }
    }
    // The holder is slow or died: serve from the source, leave the write to the lease holder.
    return this.load(loader).then((r) => r.value);
  }

  private async load<T>(loader: () => Promise<T>): Promise<{ value: T; ms: number }> {
    this.stats.loads++;
    const start = this.now();
    const value = await loader();
    return { value, ms: this.now() - start };
  }

  private async loadAndStore<T>(key: string, token: string, loader: () => Promise<T>, opts: CacheOptions): Promise<T> {
    const { value, ms } = await this.load(loader);
    try {
      // Tags and metadata first: once the value is visible, invalidation must be able to find it.
      await this.record(key, opts);
      const entry: Entry<T> = { v: value, d: ms, e: this.now() + opts.ttlSeconds * 1000 };
      const stored = await this.redis.eval(SET_IF_LEASE, 2, key, keys.lease(key), token, JSON.stringify(entry), opts.ttlSeconds * 1000);
      if (stored !== 1) this.stats.refusedWrites++;
    } catch {
      // Tracking or Redis failed: the caller still gets the value, it just is not cached.
      this.stats.failOpen++;
    }
    return value;
  }

  private refreshInBackground<T>(key: string, loader: () => Promise<T>, opts: CacheOptions): void {
    if (this.inflight.has(key)) return;
    const p: Promise<void> = (async () => {
      const token = await this.tryLease(key); // one refresher across all instances
      if (!token) return;
      this.stats.earlyRefreshes++;
      await this.loadAndStore(key, token, loader, opts);
    })().catch(() => {}).finally(() => this.background.delete(p));
    this.background.add(p);
  }

  private async record(key: string, opts: CacheOptions): Promise<void> {
    if (opts.tags?.length) {
      const tx = this.redis.multi();
      for (const tag of opts.tags) {
        tx.sadd(tag, key);
        // A tag set must outlive its members: set a TTL when it has none, only ever extend it.
        tx.expire(tag, opts.ttlSeconds, 'NX');
        tx.expire(tag, opts.ttlSeconds, 'GT');
      }
      await tx.exec();
    }
    if (opts.track) {
      if (!this.db) throw new Error('cache-aside: track needs a db pool');
      await this.db.query('select ops.cache_track($1, $2, $3, $4, $5)',
        [key, opts.track.type, opts.track.documentId ?? null, opts.track.userId ?? null, opts.ttlSeconds]);
    }
  }
}

function parse<T>(raw: string | null): Entry<T> | null {
  if (raw === null) return null;
  try {
    const e = JSON.parse(raw);
    return typeof e === 'object' && e !== null && 'v' in e && typeof e.e === 'number' ? e : null;
  } catch {
    return null; // not ours or corrupt: treat as a miss, the next write replaces it
  }
}
