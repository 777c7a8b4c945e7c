import assert from 'node:assert/strict';
import { closePool } from '../_shared/db.ts';
import { createHandler } from './handler.ts';

const dbUrl = Deno.env.get('SUPABASE_DB_URL') ?? 'postgresql://postgres:postgres@127.0.0.1:54332/postgres';
const serviceRoleKey = 'test-service-role-key-0123456789';
const opts = { sanitizeOps: false, sanitizeResources: false };
const handler = createHandler({ dbUrl, serviceRoleKey });

const get = (query: string, key: string | null = serviceRoleKey) =>
  handler(new Request(`http://x/performance${query}`, { headers: key ? { authorization: `Bearer ${key}` } : {} }));

Deno.test('performance: every metric answers the service role with its report section', opts, async () => {
  for (const metric of ['summary', 'slow_queries', 'bloat', 'indexes', 'alerts']) {
    const res = await get(`?metric=${metric}&hours=2`);
    const body = await res.json();
    assert.equal(res.status, 200, JSON.stringify(body));
    assert.equal(body.section, metric);
    assert.equal(body.window_hours, 2);
  }
  const summary = await (await get('')).json();
  for (const key of ['queries', 'indexes', 'tables', 'live', 'alerts']) assert.ok(key in summary, key);
});

Deno.test('performance: no key, a wrong key or an anon-looking token are refused', opts, async () => {
  assert.equal((await get('?metric=summary', null)).status, 401);
  assert.equal((await get('?metric=summary', 'anon-key-that-is-not-the-service-role')).status, 401);
});

Deno.test('performance: bad input is a 400 that says why', opts, async () => {
  const bad = async (q: string) => {
    const res = await get(q);
    return { status: res.status, error: (await res.json()).error as string };
  };
  assert.deepEqual((await bad('?metric=everything')).status, 400);
  const negative = await bad('?metric=slow_queries&hours=-5');
  assert.equal(negative.status, 400);
  assert.match(negative.error, /hours must be > 0/);
  const absurd = await bad('?metric=slow_queries&min_ms=1e12');
  assert.equal(absurd.status, 400);
  assert.match(absurd.error, /threshold must be between/);
  assert.equal((await bad('?metric=summary&hours=abc')).status, 400);
});

Deno.test('performance: only GET', opts, async () => {
  const res = await handler(new Request('http://x/performance', { method: 'POST', headers: { authorization: `Bearer ${serviceRoleKey}` } }));
  assert.equal(res.status, 405);
  await closePool();
});
