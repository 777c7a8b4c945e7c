// ops.breaker_* with concurrent callers on real connections: transitions happen exactly at the
// configured thresholds, exactly once, and half-open admits exactly the permitted trials.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DB_URL } from '../../scripts/lib/config.mjs';

const RUN = `cb-${process.pid}-${Date.now()}`;
const CLIENTS = 16;
let clients: pg.Client[] = [];
const admin = () => clients[0];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  clients = await Promise.all(Array.from({ length: CLIENTS }, async () => {
    const c = new pg.Client({ connectionString: TEST_DB_URL });
    await c.connect();
    return c;
  }));
});
afterAll(async () => {
  await admin().query(`delete from ops.outbox where topic = 'breaker.state_changed' and aggregate_id like $1`, [`${RUN}%`]);
  await admin().query('delete from public.circuit_breaker_states where service_name like $1', [`${RUN}%`]);
  await Promise.all(clients.map((c) => c.end()));
});

/** Spread calls over the clients, each client running its share sequentially. */
async function spread<T>(n: number, call: (c: pg.Client, i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(n);
  await Promise.all(clients.map(async (c, k) => {
    for (let i = k; i < n; i += CLIENTS) out[i] = await call(c, i);
  }));
  return out;
}

async function record(service: string, outcomes: { ok: boolean; ms: number }[]) {
  return spread(outcomes.length, async (c, i) =>
    (await c.query('select ops.breaker_record($1, $2, $3) as s', [service, outcomes[i].ok, outcomes[i].ms])).rows[0].s as string);
}

async function transitions(service: string) {
  const { rows } = await admin().query(
    `select from_state || '>' || to_state as t from ops.circuit_breaker_history where service_name = $1 order by id`, [service]);
  return rows.map((r) => r.t);
}

async function state(service: string) {
  return (await admin().query('select state from public.circuit_breaker_states where service_name = $1', [service])).rows[0].state;
}

const outcomes = (failures: number, total: number, slow = 0) =>
  Array.from({ length: total }, (_, i) => ({ ok: i >= failures, ms: i < slow ? 5000 : 10 }))
    .sort(() => Math.random() - 0.5);

describe('circuit breakers under concurrent calls', () => {
  it('count window: 49 of 100 failures stays closed; 50 of 100 opens, exactly once', async () => {
    for (const [name, failures, expected] of [['below', 49, 'closed'], ['at', 50, 'open']] as const) {
      const svc = `${RUN}-count-${name}`;
      await admin().query(`select ops.breaker_configure($1, p_sliding_window_size => 100, p_minimum_number_of_calls => 100,
        p_failure_rate_threshold => 50)`, [svc]);
      const results = await record(svc, outcomes(failures, 100));
      expect(await state(svc)).toBe(expected);
      expect(results.filter((s) => s === 'open').length).toBe(expected === 'open' ? 1 : 0);
      expect(await transitions(svc)).toEqual(expected === 'open' ? ['closed>open'] : []);
      const { rows: [w] } = await admin().query(
        'select call_count, failure_count from public.circuit_breaker_states where service_name = $1', [svc]);
      expect(w).toEqual({ call_count: 100, failure_count: failures });
    }
  });

  it('slow calls: 60 slow successes of 100 open a breaker with a 60 % slow-call threshold', async () => {
    const svc = `${RUN}-slow`;
    await admin().query(`select ops.breaker_configure($1, p_sliding_window_size => 100, p_minimum_number_of_calls => 100,
      p_slow_call_duration_ms => 1000, p_slow_call_rate_threshold => 60)`, [svc]);
    await record(svc, outcomes(0, 100, 60));
    expect(await state(svc)).toBe('open');
    expect(await transitions(svc)).toEqual(['closed>open']);
  });

  it('time window: the minimum number of calls gates the decision', async () => {
    const svc = `${RUN}-time`;
    await admin().query(`select ops.breaker_configure($1, p_sliding_window_type => 'time', p_sliding_window_size => 60,
      p_minimum_number_of_calls => 40, p_failure_rate_threshold => 50)`, [svc]);
    await record(svc, outcomes(39, 39)); // 100 % failures, but below the minimum
    expect(await state(svc)).toBe('closed');
    await record(svc, outcomes(0, 1)); // 40th call: 39/40 = 97.5 %
    expect(await state(svc)).toBe('open');
    expect(await transitions(svc)).toEqual(['closed>open']);
  });

  it('half-open admits exactly the permitted trials to 16 concurrent callers, then closes or reopens', async () => {
    for (const [name, trialFailures, expected] of [['close', 2, 'closed'], ['reopen', 3, 'open']] as const) {
      const svc = `${RUN}-half-${name}`;
      await admin().query(`select ops.breaker_configure($1, p_sliding_window_size => 10, p_minimum_number_of_calls => 10,
        p_failure_rate_threshold => 50, p_wait_duration_in_open => '1 second', p_permitted_calls_in_half_open => 5)`, [svc]);
      await record(svc, outcomes(10, 10));
      expect(await state(svc)).toBe('open');
      const early = await spread(64, async (c) => (await c.query('select ops.breaker_allow($1) as a', [svc])).rows[0].a);
      expect(early.filter(Boolean).length).toBe(0);
      await sleep(1100);
      const allowed = await spread(128, async (c) => (await c.query('select ops.breaker_allow($1) as a', [svc])).rows[0].a);
      expect(allowed.filter(Boolean).length).toBe(5);
      expect(await state(svc)).toBe('half-open');
      // Five trial outcomes, concurrently: 2 of 5 failures (40 %) closes, 3 of 5 (60 %) reopens.
      const results = await record(svc, outcomes(trialFailures, 5));
      expect(results.filter((s) => s !== 'half-open')).toEqual([expected]);
      expect(await state(svc)).toBe(expected);
      expect(await transitions(svc)).toEqual(['closed>open', 'open>half-open', `half-open>${expected}`]);
    }
  });

  it('every transition is in the outbox, in order, with the breaker as aggregate and ordering key', async () => {
    const { rows } = await admin().query(`
      select h.service_name, array_agg(h.from_state || '>' || h.to_state order by h.id) as history,
        (select array_agg((o.payload ->> 'from') || '>' || (o.payload ->> 'to') order by o.id) from ops.outbox o
          where o.topic = 'breaker.state_changed' and o.aggregate_type = 'circuit_breaker'
            and o.aggregate_id = h.service_name and o.ordering_key = h.service_name) as outbox
      from ops.circuit_breaker_history h where h.service_name like $1 group by h.service_name`, [`${RUN}%`]);
    expect(rows.length).toBeGreaterThanOrEqual(5);
    for (const r of rows) expect(r.outbox, r.service_name).toEqual(r.history);
  });
});
