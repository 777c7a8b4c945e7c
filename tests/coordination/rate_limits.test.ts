// ops.rate_limit_check across 32 real connections on one key: exactly `limit` admissions, never
// more, for unit and weighted costs. (The Redis twin is functions/_shared/rate-limit.test.ts.)
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DB_URL } from '../../scripts/lib/config.mjs';

const RUN = `rl-${process.pid}-${Date.now()}`;
const CLIENTS = 32;
let clients: pg.Client[] = [];

beforeAll(async () => {
  clients = await Promise.all(Array.from({ length: CLIENTS }, async () => {
    const c = new pg.Client({ connectionString: TEST_DB_URL });
    await c.connect();
    return c;
  }));
});
afterAll(async () => {
  await clients[0].query('delete from ops.rate_limits where rate_key like $1', [`${RUN}%`]);
  await Promise.all(clients.map((c) => c.end()));
});

describe('ops.rate_limit_check under concurrency', () => {
  it('32 clients hammering one key are admitted exactly `limit` times', async () => {
    // 50 per day: one unit refills every 28.8 minutes, so none can refill during the test.
    const key = `${RUN}:burst`;
    const perClient = await Promise.all(clients.map(async (c) => {
      let admitted = 0;
      for (let i = 0; i < 20; i++) {
        const { rows: [r] } = await c.query(`select allowed from ops.rate_limit_check($1, 50, interval '1 day')`, [key]);
        if (r.allowed) admitted++;
      }
      return admitted;
    }));
    expect(perClient.reduce((a, b) => a + b, 0)).toBe(50);
    const { rows: [after] } = await clients[0].query(`select * from ops.rate_limit_check($1, 50, interval '1 day', 0)`, [key]);
    expect(after).toMatchObject({ allowed: true, remaining: 0 });
  });

  it('admits exactly `limit` per period across several periods', async () => {
    // 20 per 2 s, hammered for ~5 s by 32 clients. GCRA admits the burst of 20, then one every
    // 100 ms: at most 20 + span/100 ms in total. Admission times are server clock reads taken just
    // after each decision; the bounds allow 2 extra for the gap between decision and read.
    const key = `${RUN}:periods`;
    const admittedAt: number[] = [];
    const deadline = Date.now() + 5000;
    await Promise.all(clients.map(async (c) => {
      while (Date.now() < deadline) {
        const { rows: [r] } = await c.query(
          `select allowed, (extract(epoch from clock_timestamp()) * 1000)::float8 as at from ops.rate_limit_check($1, 20, interval '2 seconds')`,
          [key]);
        if (r.allowed) admittedAt.push(r.at);
      }
    }));
    admittedAt.sort((a, b) => a - b);
    const span = admittedAt[admittedAt.length - 1] - admittedAt[0];
    expect(admittedAt.length).toBeGreaterThan(20); // it kept admitting after the burst
    expect(admittedAt.length).toBeLessThanOrEqual(20 + Math.floor(span / 100) + 2);
    // No sliding 2 s window saw more than the burst plus one period's refill (GCRA's worst case).
    let worst = 0;
    for (let i = 0, j = 0; i < admittedAt.length; i++) {
      while (admittedAt[i] - admittedAt[j] >= 2000) j++;
      worst = Math.max(worst, i - j + 1);
    }
    expect(worst).toBeLessThanOrEqual(40 + 2);
  });

  it('weighted costs: admitted cost plus what remains is exactly the limit', async () => {
    const key = `${RUN}:weighted`;
    const results = (await Promise.all(clients.map(async (c, k) => {
      const mine = [];
      for (let i = 0; i < 8; i++) {
        const cost = 1 + ((k * 8 + i) * 7) % 5;
        const { rows: [r] } = await c.query(`select allowed, remaining from ops.rate_limit_check($1, 100, interval '1 day', $2)`, [key, cost]);
        mine.push({ cost, ...r });
      }
      return mine;
    }))).flat();
    const admitted = results.filter((r) => r.allowed).reduce((s, r) => s + r.cost, 0);
    const { rows: [peek] } = await clients[0].query(`select remaining from ops.rate_limit_check($1, 100, interval '1 day', 0)`, [key]);
    expect(admitted + peek.remaining).toBe(100);
    for (const r of results) if (!r.allowed) expect(r.cost).toBeGreaterThan(r.remaining);
  });
});
