import assert from 'node:assert/strict';
import { createHandler } from './handler.ts';

const dbUrl = Deno.env.get('SUPABASE_DB_URL') ?? 'postgresql://postgres:postgres@127.0.0.1:54332/postgres';
const redisUrl = Deno.env.get('REDIS_URL') ?? 'redis://127.0.0.1:54379';
const opts = { sanitizeOps: false, sanitizeResources: false };

Deno.test('health reports ok when Postgres and Redis answer', opts, async () => {
  const res = await createHandler({ dbUrl, redisUrl })(new Request('http://x/health'));
  const body = await res.json();
  assert.equal(res.status, 200);
  assert.equal(body.status, 'ok');
  assert.equal(body.checks.db.ok, true);
  assert.equal(body.checks.redis.ok, true);
});

Deno.test('health is 503 and names the failing dependency when Redis is down', opts, async () => {
  // Nothing listens on port 1: the Redis check must fail, the DB check must still pass.
  const res = await createHandler({ dbUrl, redisUrl: 'redis://127.0.0.1:1' })(new Request('http://x/health'));
  const body = await res.json();
  assert.equal(res.status, 503);
  assert.equal(body.status, 'degraded');
  assert.equal(body.checks.db.ok, true);
  assert.equal(body.checks.redis.ok, false);
});

Deno.test('health rejects writes', opts, async () => {
  const res = await createHandler({ dbUrl })(new Request('http://x/health', { method: 'POST' }));
  assert.equal(res.status, 405);
});
