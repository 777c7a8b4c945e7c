// The Redis key schema (docs/redis-schema.md) as typed builders. Keys that belong to one tenant
// carry the tenant in a hash tag right after the namespace (ns:{t:<id>}:…), so Redis Cluster
// keeps a tenant's keys in one slot and multi-key operations and Lua stay legal. Parts are
// validated so no key can contain glob characters: a key must never double as a SCAN pattern.

const PART = /^[A-Za-z0-9_.\-]+$/;

export function keyPart(value: string): string {
  if (!PART.test(value)) throw new Error(`invalid redis key part: ${JSON.stringify(value)}`);
  return value;
}

export function tenantTag(tenantId: string): string {
  return `{t:${keyPart(tenantId)}}`;
}

/** namespace:{t:tenant}:part:part… — the tenant's hash tag right after the namespace. */
export function tenantKey(namespace: string, tenantId: string, ...parts: string[]): string {
  return [keyPart(namespace), tenantTag(tenantId), ...parts.map(keyPart)].join(':');
}

/** namespace:part:part… for keys shared by all tenants. */
export function globalKey(namespace: string, ...parts: string[]): string {
  return [keyPart(namespace), ...parts.map(keyPart)].join(':');
}

export type RedisType = 'string' | 'hash' | 'set' | 'zset';

/** One row of docs/redis-schema.md. `template` uses <param> for the builder's arguments. */
export type KeySpec = { template: string; type: RedisType; ttl: string; writer: string; invalidator: string };

// Keep in step with docs/redis-schema.md: functions/_shared/redis-keys.test.ts parses the doc's
// table and compares it with this object and with what the builders produce.
export const KEY_SCHEMA = {
  document: {
    template: 'cache:{t:<userId>}:doc:<contentHash>:<prefHash>',
    type: 'string', ttl: 'per tier (cache-aside ttlSeconds)',
    writer: 'app via _shared/cache-aside.ts; tracked in public.cache_metadata (document)',
    invalidator: 'cache-invalidate (exact key from cache_metadata on documents UPDATE/DELETE); TTL',
  },
  enhancement: {
    template: 'cache:{t:<userId>}:enhance:<model>:<docHash>:<prefHash>',
    type: 'string', ttl: 'per tier (cache-aside ttlSeconds)',
    writer: 'app via _shared/cache-aside.ts; tracked in public.cache_metadata (enhancement)',
    invalidator: 'cache-invalidate (exact key from cache_metadata on documents UPDATE/DELETE); TTL',
  },
  lease: {
    template: '<key>:lease',
    type: 'string', ttl: 'lease duration (default 5 s)',
    writer: '_shared/cache-aside.ts (SET NX PX) while one caller loads <key>',
    invalidator: 'cache-invalidate deletes it with <key>, so a load that raced an invalidation cannot write; TTL',
  },
  tag: {
    template: 'tag:{t:<tenantId>}:<tag>',
    type: 'set', ttl: 'at least its longest member',
    writer: '_shared/cache-aside.ts (SADD of each tagged key)',
    invalidator: 'cache-invalidate (members and the set, on a rule with p_tags)',
  },
  rateLimit: {
    template: 'rl:{t:<userId>}:<model>:<window>',
    type: 'zset', ttl: 'the window',
    writer: 'rate limiter (members = request timestamps)',
    invalidator: 'cache-invalidate (pattern rl:{t:<userId>}:* on user_profiles.subscription_tier change); TTL',
  },
  session: {
    template: 'session:{t:<userId>}:<sessionId>',
    type: 'hash', ttl: '24 h, sliding',
    writer: 'realtime/session layer',
    invalidator: 'cache-invalidate (pattern session:{t:<userId>}:* on subscription_tier change); TTL',
  },
  coalesce: {
    template: 'coalesce:<operation>:<hash>',
    type: 'string', ttl: '60 s',
    writer: 'request coalescing (value: the in-flight request id)',
    invalidator: 'TTL only',
  },
  circuitBreaker: {
    template: 'cb:<service>:state',
    type: 'hash', ttl: 'none',
    writer: 'circuit breaker',
    invalidator: 'never (state, not cache)',
  },
  apiKey: {
    template: 'api_key:<model>',
    type: 'hash', ttl: 'none',
    writer: 'key rotation (encrypted values)',
    invalidator: 'never (state, not cache)',
  },
  phashIndex: {
    template: 'phash:index',
    type: 'zset', ttl: 'none',
    writer: 'document pipeline (member = document id, score = perceptual hash)',
    invalidator: 'document pipeline (ZREM on delete)',
  },
} as const satisfies Record<string, KeySpec>;

export type KeyName = keyof typeof KEY_SCHEMA;

export const keys = {
  document: (userId: string, contentHash: string, prefHash: string) =>
    tenantKey('cache', userId, 'doc', contentHash, prefHash),
  enhancement: (userId: string, model: string, docHash: string, prefHash: string) =>
    tenantKey('cache', userId, 'enhance', model, docHash, prefHash),
  lease: (key: string) => `${key}:lease`,
  tag: (tenantId: string, tag: string) => tenantKey('tag', tenantId, tag),
  rateLimit: (userId: string, model: string, window: string) => tenantKey('rl', userId, model, window),
  session: (userId: string, sessionId: string) => tenantKey('session', userId, sessionId),
  coalesce: (operation: string, hash: string) => globalKey('coalesce', operation, hash),
  circuitBreaker: (service: string) => globalKey('cb', service, 'state'),
  apiKey: (model: string) => globalKey('api_key', model),
  phashIndex: () => globalKey('phash', 'index'),
} satisfies Record<KeyName, (...args: string[]) => string>;

/** Segments of a key or pattern, split on ':' outside a {hash tag} (which may contain ':'). */
export function keySegments(key: string): string[] {
  const segs: string[] = [];
  let cur = '';
  let inTag = false;
  for (const c of key) {
    if (c === ':' && !inTag) {
      segs.push(cur);
      cur = '';
      continue;
    }
    if (c === '{') inTag = true;
    else if (c === '}') inTag = false;
    cur += c;
  }
  segs.push(cur);
  return segs;
}

const hasGlob = (s: string) => /[*?[]/.test(s.replace(/\\./g, ''));

/**
 * A SCAN pattern is safe when its first two segments (namespace, then tenant tag or type) are
 * literal: it can never sweep another namespace or tenant. `*` and `cache:*` are refused.
 * Same rule as ops.cache_pattern_is_safe in SQL.
 */
export function isSafePattern(pattern: string): boolean {
  const s = keySegments(pattern);
  return s.length >= 3 && s[0] !== '' && s[1] !== '' && !hasGlob(s[0]) && !hasGlob(s[1]);
}

/** Escape glob metacharacters so a value matches itself inside a SCAN pattern. */
export function globEscape(value: string): string {
  return value.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}
