import assert from 'node:assert/strict';
import pg from 'pg';
import { QueryLogger } from './query-log.ts';

const dbUrl = Deno.env.get('SUPABASE_DB_URL') ?? 'postgresql://postgres:postgres@127.0.0.1:54332/postgres';
const opts = { sanitizeOps: false, sanitizeResources: false };

async function withPool(fn: (pool: pg.Pool, endpoint: string) => Promise<void>) {
  const pool = new pg.Pool({ connectionString: dbUrl, max: 2 });
  const endpoint = `/deno-test/${crypto.randomUUID()}`;
  try {
    await fn(pool, endpoint);
  } finally {
    await pool.end();
  }
}

async function count(pool: pg.Pool, endpoint: string): Promise<number> {
  const { rows } = await pool.query('select count(*)::int as n from ops.query_performance_logs where endpoint = $1', [endpoint]);
  return rows[0].n;
}

Deno.test('query logger writes 250 entries in batches of 100', opts, async () => {
  await withPool(async (pool, endpoint) => {
    let calls = 0;
    const counting = { query: (sql: string, params: unknown[]) => (calls++, pool.query(sql, params)) };
    const logger = new QueryLogger(counting as unknown as pg.Pool, { maxBatch: 100, flushIntervalMs: 0 });
    for (let i = 0; i < 250; i++) logger.log({ query_text: 'docs.list', duration_ms: i, endpoint });
    await logger.close();
    assert.equal(await count(pool, endpoint), 250);
    assert.equal(calls, 3);
    assert.equal(logger.written, 250);
  });
});

Deno.test('withQueryLogging records duration and error, and rethrows', opts, async () => {
  await withPool(async (pool, endpoint) => {
    const logger = new QueryLogger(pool, { flushIntervalMs: 0 });
    assert.equal(await logger.withQueryLogging(() => Promise.resolve(42), { queryName: 'docs.get', endpoint }), 42);
    await assert.rejects(
      logger.withQueryLogging(() => Promise.reject(new Error('boom')), { queryName: 'docs.get', endpoint }),
      /boom/,
    );
    await logger.close();
    const { rows } = await pool.query(
      `select error_message, duration_ms >= 0 as timed, query_hash = ops.query_hash('docs.get') as hashed
       from ops.query_performance_logs where endpoint = $1 order by error_message nulls first`,
      [endpoint],
    );
    assert.deepEqual(rows, [
      { error_message: null, timed: true, hashed: true },
      { error_message: 'boom', timed: true, hashed: true },
    ]);
  });
});

Deno.test('a failing insert is reported, dropped and never thrown', opts, async () => {
  await withPool(async (pool, endpoint) => {
    const errors: unknown[] = [];
    const logger = new QueryLogger(pool, { flushIntervalMs: 0, onError: (e) => errors.push(e) });
    logger.log({ query_text: 'bad', duration_ms: -1, endpoint }); // rejected by the database
    await logger.close();
    assert.equal(errors.length, 1);
    assert.match(String(errors[0]), /duration_ms must be between/);
    assert.equal(logger.dropped, 1);
    assert.equal(await count(pool, endpoint), 0);
  });
});

Deno.test('a full queue drops new entries instead of growing', opts, async () => {
  const logger = new QueryLogger({ query: () => Promise.resolve() } as unknown as pg.Pool, {
    maxQueue: 5,
    maxBatch: 100,
    flushIntervalMs: 0,
  });
  for (let i = 0; i < 8; i++) logger.log({ query_text: 'q', duration_ms: 1 });
  assert.equal(logger.pending, 5);
  assert.equal(logger.dropped, 3);
  await logger.close();
  assert.equal(logger.pending, 0);
});
