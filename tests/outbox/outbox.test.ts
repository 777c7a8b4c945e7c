// ops.outbox across real connections: competing consumers, a consumer that dies holding a
// batch, and the NOTIFY wake-up arriving only after the producing transaction commits.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DB_URL } from '../../scripts/lib/config.mjs';

const topic = `test.outbox.${process.pid}`;
const admin = new pg.Client({ connectionString: TEST_DB_URL });

beforeAll(() => admin.connect());
afterAll(async () => {
  await admin.query('delete from ops.outbox where topic = $1', [topic]);
  await admin.end();
});

async function connect() {
  const c = new pg.Client({ connectionString: TEST_DB_URL });
  await c.connect();
  return c;
}

describe('ops.outbox with real consumers', () => {
  it('four competing consumers deliver 2,000 events exactly once each', async () => {
    await admin.query(
      `select ops.outbox_enqueue($1, jsonb_build_object('n', g)) from generate_series(1, 2000) g`, [topic]);
    const consumers = await Promise.all([1, 2, 3, 4].map(connect));
    const seen = new Map<string, number>();
    await Promise.all(consumers.map(async (c, i) => {
      for (;;) {
        const { rows } = await c.query('select id from ops.outbox_claim($1, $2, 50)', [topic, `w${i}`]);
        if (rows.length === 0) break;
        for (const r of rows) seen.set(r.id, (seen.get(r.id) ?? 0) + 1);
        await c.query('select ops.outbox_ack($1::bigint[], $2)', [rows.map((r) => r.id), `w${i}`]);
      }
    }));
    await Promise.all(consumers.map((c) => c.end()));
    expect(seen.size).toBe(2000);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
    const { rows } = await admin.query(
      `select count(*) filter (where status = 'done')::int as done, max(attempts) as max_attempts
       from ops.outbox where topic = $1`, [topic]);
    expect(rows[0]).toEqual({ done: 2000, max_attempts: 1 });
  });

  it('re-delivers a batch whose consumer died, after the visibility timeout', async () => {
    const { rows: [{ id }] } = await admin.query(`select ops.outbox_enqueue($1, '{"x": 1}') as id`, [topic]);
    const doomed = await connect();
    const claimed = await doomed.query(`select id from ops.outbox_claim($1, 'doomed', 10, interval '1 second')`, [topic]);
    expect(claimed.rows.map((r) => r.id)).toEqual([id]);
    await doomed.end(); // dies without ack

    const again = async () => (await admin.query(`select id from ops.outbox_claim($1, 'rescuer', 10)`, [topic])).rows;
    expect(await again()).toEqual([]); // still leased
    let rescued: { id: string }[] = [];
    for (let i = 0; i < 40 && rescued.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      rescued = await again();
    }
    expect(rescued.map((r) => r.id)).toEqual([id]);
    expect(await admin.query('select ops.outbox_ack($1::bigint[], $2) as n', [[id], 'rescuer']).then((r) => r.rows[0].n)).toBe(1);
  });

  it('wakes listeners with NOTIFY ops_outbox only when the producer commits', async () => {
    const listener = await connect();
    const got: string[] = [];
    listener.on('notification', (n) => got.push(`${n.channel}:${n.payload}`));
    await listener.query('listen ops_outbox');
    const producer = await connect();
    await producer.query('begin');
    await producer.query(`select ops.outbox_enqueue($1, '{}')`, [topic]);
    await producer.query(`select ops.outbox_enqueue($1, '{}')`, [topic]);
    await new Promise((r) => setTimeout(r, 200));
    expect(got).toEqual([]); // nothing before commit
    await producer.query('commit');
    for (let i = 0; i < 50 && got.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 100));
    expect(got).toEqual([`ops_outbox:${topic}`]); // two events, one folded wake-up
    await producer.end();
    await listener.end();
  });
});
