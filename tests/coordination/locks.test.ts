// ops.lock_* under stress: 16 workers make 100,000 acquire attempts on 8 keys while a killer
// terminates holders' connections mid-hold (pg_terminate_backend). Checks, from the clients' side
// and from the protected resource's side:
//   - no two holds of a key overlap (a dead holder's lease counts until its TTL has passed);
//   - every granted token is larger than the last one granted for its key;
//   - protected writes reach the resource in token order;
//   - a killed holder that comes back with its old token has its protected write rejected.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DB_URL } from '../../scripts/lib/config.mjs';

const RUN = `stress-${process.pid}-${Date.now()}`;
const WORKERS = 16;
const ATTEMPTS = 100_000;
const KEYS = Array.from({ length: 8 }, (_, i) => `${RUN}:${i}`);
const TTL_MS = 1000;
const MAX_KILLS = 30;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const admin = new pg.Client({ connectionString: TEST_DB_URL });

async function connect() {
  const c = new pg.Client({ connectionString: TEST_DB_URL });
  c.on('error', () => {}); // a terminated backend surfaces through the failing query instead
  await c.connect();
  return c;
}

beforeAll(async () => {
  await admin.connect();
  await admin.query(`create table if not exists tests.lock_stress_writes (
    id bigint generated always as identity primary key, lock_key text not null, token bigint not null, worker int not null)`);
});
afterAll(async () => {
  await admin.query('drop table if exists tests.lock_stress_writes');
  await admin.query('delete from ops.distributed_locks where lock_key like $1', [`${RUN}%`]);
  await admin.end();
});

// A protected write: the token check and the write commit together, or not at all.
async function protectedWrite(c: pg.Client, key: string, token: bigint, worker: number) {
  await c.query('begin');
  try {
    await c.query('select ops.lock_assert($1, $2)', [key, token.toString()]);
    await c.query('insert into tests.lock_stress_writes (lock_key, token, worker) values ($1, $2, $3)', [key, token.toString(), worker]);
    await c.query('commit');
  } catch (err) {
    await c.query('rollback').catch(() => {});
    throw err;
  }
}

describe('ops.lock_* under stress', () => {
  it('16 workers, 100k attempts, holders killed mid-hold: no overlap, increasing tokens, stale writes rejected', async () => {
    let attempts = 0;
    let grants = 0;
    let overlaps = 0;
    let nonIncreasing = 0;
    let terminations = 0;
    let killedMidHold = 0;
    let writesOk = 0;
    let lateRejected = 0; // a live holder whose lease ran out before its write (allowed, and must be rejected)
    const zombieOutcomes: string[] = [];
    const holding = new Map<string, { worker: number; token: bigint; sentAt: number }>();
    const lastToken = new Map<string, bigint>();
    const workers: { client: pg.Client; pid: number; holding: boolean }[] = [];
    let running = true;

    async function work(w: number) {
      let me = workers[w];
      while (attempts < ATTEMPTS) {
        attempts++;
        const key = KEYS[Math.floor(Math.random() * KEYS.length)];
        const sentAt = Date.now();
        let token: bigint;
        try {
          const { rows } = await me.client.query('select ops.lock_acquire($1, $2, $3::interval) as t', [key, `w${w}`, `${TTL_MS} milliseconds`]);
          if (rows[0].t === null) continue;
          token = BigInt(rows[0].t);
        } catch (err) {
          if (!String(err).match(/terminat|Connection terminated|not queryable/i)) throw err;
          me = workers[w] = await reconnect(w);
          continue;
        }
        const recvAt = Date.now();
        grants++;
        const prev = holding.get(key);
        if (prev && recvAt < prev.sentAt + TTL_MS) overlaps++;
        holding.set(key, { worker: w, token, sentAt });
        const last = lastToken.get(key);
        if (last !== undefined && token <= last) nonIncreasing++;
        lastToken.set(key, token);

        me.holding = true;
        let wrote = false;
        try {
          await protectedWrite(me.client, key, token, w);
          wrote = true;
          writesOk++;
          me.holding = false;
          if (holding.get(key)?.token === token) holding.delete(key);
          await me.client.query('select ops.lock_release($1, $2, $3)', [key, `w${w}`, token.toString()]);
        } catch (err) {
          me.holding = false;
          if ((err as { code?: string }).code === 'OPL01') {
            lateRejected++;
            continue;
          }
          if (!String(err).match(/terminat|Connection terminated|not queryable/i)) throw err;
          // Killed mid-hold. Come back as a zombie: once the lease must have run out, try the
          // protected write with the old token. It has to be rejected.
          killedMidHold++;
          me = workers[w] = await reconnect(w);
          if (!wrote) {
            // The kill may have landed after the server committed but before we heard back.
            const { rows } = await me.client.query('select count(*)::int as n from tests.lock_stress_writes where token = $1', [token.toString()]);
            writesOk += rows[0].n;
          }
          await sleep(TTL_MS + 50);
          try {
            await protectedWrite(me.client, key, token, w);
            zombieOutcomes.push('accepted');
          } catch (e) {
            zombieOutcomes.push((e as { code?: string }).code === 'OPL01' ? 'rejected' : `error ${String(e)}`);
          }
        }
      }
    }

    async function reconnect(w: number) {
      await workers[w].client.end().catch(() => {});
      const client = await connect();
      const { rows } = await client.query('select pg_backend_pid() as pid');
      return { client, pid: rows[0].pid, holding: false };
    }

    async function killer() {
      while (running && terminations < MAX_KILLS) {
        await sleep(100 + Math.random() * 100);
        const victims = workers.filter((w) => w.holding);
        if (victims.length === 0) continue;
        const v = victims[Math.floor(Math.random() * victims.length)];
        const { rows } = await admin.query('select pg_terminate_backend($1) as ok', [v.pid]);
        if (rows[0].ok) terminations++;
      }
    }

    for (let w = 0; w < WORKERS; w++) {
      const client = await connect();
      const { rows } = await client.query('select pg_backend_pid() as pid');
      workers.push({ client, pid: rows[0].pid, holding: false });
    }
    const killing = killer();
    await Promise.all(Array.from({ length: WORKERS }, (_, w) => work(w)));
    running = false;
    await killing;
    await Promise.all(workers.map((w) => w.client.end().catch(() => {})));

    expect(attempts).toBeGreaterThanOrEqual(ATTEMPTS);
    expect(grants).toBeGreaterThan(1000);
    expect(terminations).toBeGreaterThanOrEqual(5);
    expect(killedMidHold).toBeGreaterThanOrEqual(5);
    expect(overlaps).toBe(0);
    expect(nonIncreasing).toBe(0);
    expect(zombieOutcomes.length).toBe(killedMidHold);
    expect(zombieOutcomes.every((o) => o === 'rejected'), zombieOutcomes.join(', ')).toBe(true);

    // The resource's view: per key, writes arrived in strictly increasing token order, and
    // exactly the writes the clients saw commit (no zombie write slipped in).
    const { rows: [order] } = await admin.query(`
      select count(*) filter (where token <= prev)::int as out_of_order, count(*)::int as writes
      from (select token, lag(token) over (partition by lock_key order by id) as prev from tests.lock_stress_writes) w`);
    expect(order.out_of_order).toBe(0);
    expect(order.writes).toBe(writesOk);
    console.log(`locks stress: ${attempts} attempts, ${grants} grants, ${terminations} terminations `
      + `(${killedMidHold} mid-hold, all zombie writes rejected), ${lateRejected} late holders rejected`);
  }, 300_000);

  it('the blocking acquire hands the lock over the moment it is released', async () => {
    const a = await connect();
    const b = await connect();
    try {
      const key = `${RUN}:handover`;
      const { rows: [{ t }] } = await a.query(`select ops.lock_acquire($1, 'a', interval '1 minute') as t`, [key]);
      const waiting = b.query(`select ops.lock_acquire_wait($1, 'b', interval '1 minute', interval '10 seconds') as t`, [key]);
      await sleep(200);
      await a.query(`select ops.lock_release($1, 'a', $2)`, [key, t]);
      const { rows: [{ t: t2 }] } = await waiting;
      expect(t2).not.toBeNull();
      expect(BigInt(t2)).toBeGreaterThan(BigInt(t));
    } finally {
      await a.end();
      await b.end();
    }
  });

  it('a refused acquire inside an open transaction does not block the holder', async () => {
    const a = await connect();
    const b = await connect();
    try {
      const key = `${RUN}:refused`;
      const { rows: [{ t }] } = await a.query(`select ops.lock_acquire($1, 'a', interval '1 minute') as t`, [key]);
      await b.query('begin');
      expect((await b.query(`select ops.lock_acquire($1, 'b', interval '1 minute') as t`, [key])).rows[0].t).toBeNull();
      // b's transaction stays open. If the refusal had row-locked the key, these would wait for it.
      await a.query(`set lock_timeout = '3s'`);
      expect((await a.query(`select ops.lock_extend($1, 'a', $2, interval '1 minute') as ok`, [key, t])).rows[0].ok).toBe(true);
      expect((await a.query(`select ops.lock_release($1, 'a', $2) as ok`, [key, t])).rows[0].ok).toBe(true);
      // And b, still in its transaction, now gets the lock.
      expect((await b.query(`select ops.lock_acquire($1, 'b', interval '1 minute') as t`, [key])).rows[0].t).not.toBeNull();
      await b.query('commit');
    } finally {
      await a.end();
      await b.end();
    }
  });

  it('the advisory fast path excludes other transactions until commit, then frees the key', async () => {
    const a = await connect();
    const b = await connect();
    try {
      const key = `${RUN}:xact`;
      await a.query('begin');
      expect((await a.query('select ops.lock_xact_try($1) as ok', [key])).rows[0].ok).toBe(true);
      expect((await b.query('select ops.lock_xact_try($1) as ok', [key])).rows[0].ok).toBe(false);
      await b.query(`begin; set local lock_timeout = '7s'`);
      expect((await b.query(`select ops.lock_xact($1, interval '50 milliseconds') as ok`, [key])).rows[0].ok).toBe(false);
      // The timeout was only for the wait: the transaction's own lock_timeout is back.
      expect((await b.query('show lock_timeout')).rows[0].lock_timeout).toBe('7s');
      await b.query('rollback');
      await a.query('commit');
      expect((await b.query('select ops.lock_xact_try($1) as ok', [key])).rows[0].ok).toBe(true);
    } finally {
      await a.end();
      await b.end();
    }
  });
});
