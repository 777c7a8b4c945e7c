// Coordination primitives against their baselines, all measured in one run (docs/benchmarks.md):
//   locks       ops.lock_acquire/ops.lock_release pairs vs the bare lease SQL of the `locks` bench
//               (goal: >= 90 %), pg_advisory_lock pairs, and the ops.lock_xact_try fast path;
//   rate limits ops.rate_limit_check vs the seed's Redis sorted-set sliding window and vs our
//               Redis GCRA script (functions/_shared/rate-limit-lua.js), both driven from Node.
// Postgres cases: pgbench, 8 clients, 2 threads, prepared. Redis cases: 8 ioredis connections, one
// request in flight each (as pgbench's clients), for the same duration.
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import pg from 'pg';
import { GCRA_LUA } from '../../functions/_shared/rate-limit-lua.js';
import { runPgbench } from './lib/pgbench.mjs';
import { createScratchDb } from './lib/scratch-db.mjs';
import { LEASE_TABLE, leaseScript } from './lib/lease-baseline.mjs';
import { withRatios } from './lib/results.mjs';

export const description =
  'ops.lock_* pairs vs bare lease SQL and advisory locks; ops.rate_limit_check vs Redis sorted-set window and Redis GCRA (8 clients)';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const KEYS = 1000;
const CLIENTS = 8;
const THREADS = 2;
const RATE_LIMIT = 100; // per second per key: with 1,000 keys the benchmark almost never hits it
const ROUNDS = 3;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const LEASE = 'lease insert/delete (bare SQL)';
const OPS_LOCK = 'ops.lock_acquire/release';
const ADVISORY = 'pg_advisory_lock/unlock';
const XACT = 'ops.lock_xact_try (xact advisory)';
const PG_RL = 'ops.rate_limit_check';
const ZSET = 'redis zset sliding window (seed)';
const GCRA = 'redis GCRA (ours)';

const SCRIPTS = {
  // The foundation baseline, the same SQL as the `locks` bench.
  [LEASE]: leaseScript(KEYS),
  // A refused acquire returns NULL; 0 then makes the release a no-op, like the lease's DELETE.
  [OPS_LOCK]: `\\set k random(1, ${KEYS})
select coalesce(ops.lock_acquire(:k, :client_id, interval '30 seconds'), 0) as tok \\gset
select ops.lock_release(:k, :client_id, :tok);
`,
  [ADVISORY]: `\\set k random(1, ${KEYS})
select pg_advisory_lock(:k);
select pg_advisory_unlock(:k);
`,
  // One statement = one transaction: the lock is taken and released at its commit.
  [XACT]: `\\set k random(1, ${KEYS})
select ops.lock_xact_try(:k);
`,
  [PG_RL]: `\\set k random(1, ${KEYS})
select allowed from ops.rate_limit_check('rl:' || :k, ${RATE_LIMIT}, interval '1 second');
`,
};

// The scratch database gets the platform stand-in and the two coordination migrations that the
// Postgres cases call. pg_cron can only live in the cluster's cron database, so the migrations'
// cron.schedule lines are left out here; nothing else is changed.
async function loadSchema(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const f of ['00_roles.sql', '10_schemas.sql', '20_auth.sql']) {
      await client.query(await readFile(join(ROOT, 'supabase/platform', f), 'utf8'));
    }
    await client.query(`create schema if not exists ops; grant usage on schema ops to service_role;
      ${LEASE_TABLE}`);
    for (const f of ['20261124150000_ops_coordination_locks.sql', '20261124150100_ops_coordination_rate_limits.sql']) {
      const sql = (await readFile(join(ROOT, 'supabase/migrations', f), 'utf8'))
        .split('\n').filter((line) => !line.startsWith('select cron.schedule(')).join('\n');
      await client.query(sql);
    }
  } finally {
    await client.end();
  }
}

// The seed's limiter: rl:{…} sorted set of request timestamps, trimmed to the window, in one MULTI.
async function zsetCheck(redis, key, nowMs, seq) {
  const res = await redis.multi()
    .zremrangebyscore(key, 0, nowMs - 1000)
    .zadd(key, nowMs, `${nowMs}-${seq}`)
    .zcard(key)
    .pexpire(key, 1000)
    .exec();
  return res[2][1] <= RATE_LIMIT;
}

async function gcraCheck(redis, sha, key) {
  const [allowed] = await redis.evalsha(sha, 1, key, RATE_LIMIT, 1_000_000, 1);
  return allowed === 1;
}

// CLIENTS connections, each issuing one request after another for `seconds`; returns ops/s.
async function redisLoop(redisUrl, seconds, prefix, op) {
  const conns = Array.from({ length: CLIENTS }, () => new Redis(redisUrl, { maxRetriesPerRequest: 1 }));
  try {
    const sha = await conns[0].script('LOAD', GCRA_LUA);
    await Promise.all(conns.map((c) => c.ping()));
    let done = 0;
    const start = performance.now();
    const until = start + seconds * 1000;
    await Promise.all(conns.map(async (c, ci) => {
      let seq = 0;
      while (performance.now() < until) {
        const key = `${prefix}:${1 + Math.floor(Math.random() * KEYS)}`;
        await op(c, key, sha, `${ci}-${seq++}`);
        done++;
      }
    }));
    const tps = done / ((performance.now() - start) / 1000);
    const keys = await conns[0].keys(`${prefix}:*`);
    for (let i = 0; i < keys.length; i += 500) await conns[0].del(...keys.slice(i, i + 500));
    return tps;
  } finally {
    conns.forEach((c) => c.disconnect());
  }
}

export async function run({ dbUrl, seconds, tmpDir, log }) {
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:54379';
  const scratch = await createScratchDb(dbUrl, 'opsbase_bench_coord');
  const tps = {};
  let samples;
  try {
    await loadSchema(scratch.url);
    // The lock cases run interleaved, ROUNDS times in rotating order, and each reports its median:
    // the ratio against the lease baseline is the headline, and on a shared or fsync-bound machine
    // one pass per case is at the mercy of whatever else the disk and CPUs are doing at that moment.
    const lockCases = [ADVISORY, LEASE, OPS_LOCK, XACT];
    samples = Object.fromEntries(lockCases.map((n) => [n, []]));
    for (let round = 0; round < ROUNDS; round++) {
      for (let i = 0; i < lockCases.length; i++) {
        const name = lockCases[(i + round) % lockCases.length];
        log(`${name} (round ${round + 1}/${ROUNDS}): ${seconds}s, -c ${CLIENTS} -j ${THREADS}`);
        const { tps: value } = await runPgbench({
          url: scratch.url, name, script: SCRIPTS[name], dir: tmpDir, clients: CLIENTS, threads: THREADS, seconds,
        });
        samples[name].push(value);
      }
    }
    for (const name of lockCases) tps[name] = median(samples[name]);
    log(`${PG_RL}: ${seconds}s, -c ${CLIENTS} -j ${THREADS}`);
    ({ tps: tps[PG_RL] } = await runPgbench({
      url: scratch.url, name: PG_RL, script: SCRIPTS[PG_RL], dir: tmpDir, clients: CLIENTS, threads: THREADS, seconds,
    }));
    const prefix = `rl:bench${process.pid}`;
    log(`${ZSET}: ${seconds}s, ${CLIENTS} connections`);
    tps[ZSET] = await redisLoop(redisUrl, seconds, `${prefix}z`, (c, key, _sha, member) => zsetCheck(c, key, Date.now(), member));
    log(`${GCRA}: ${seconds}s, ${CLIENTS} connections`);
    tps[GCRA] = await redisLoop(redisUrl, seconds, `${prefix}g`, (c, key, sha) => gcraCheck(c, sha, key));

    const client = new pg.Client({ connectionString: scratch.url });
    await client.connect();
    const { rows: [left] } = await client.query(
      `select (select count(*) from ops.distributed_locks where lock_holder is not null)::int as held,
              (select count(*) from bench_lease)::int as leases`);
    await client.end();

    const ratio = (a, b) => (tps[a] / tps[b]).toFixed(3);
    const fmt = (xs) => xs.map((x) => Math.round(x)).join('/');
    const rows = withRatios(
      [LEASE, OPS_LOCK, ADVISORY, XACT, PG_RL, ZSET, GCRA].map((name) => ({
        name, value: tps[name], unit: [ZSET, GCRA].includes(name) ? 'checks/s' : name === PG_RL ? 'checks/s' : 'pairs/s',
      })),
      LEASE,
    );
    return {
      baseline: LEASE,
      rows,
      notes: [
        `${OPS_LOCK} / ${LEASE} = ${ratio(OPS_LOCK, LEASE)} (goal >= 0.90)`,
        `${OPS_LOCK} / ${ADVISORY} = ${ratio(OPS_LOCK, ADVISORY)}; ${XACT} / ${ADVISORY} = ${ratio(XACT, ADVISORY)}`,
        `${PG_RL} / ${ZSET} = ${ratio(PG_RL, ZSET)}; ${PG_RL} / ${GCRA} = ${ratio(PG_RL, GCRA)}; ${GCRA} / ${ZSET} = ${ratio(GCRA, ZSET)}`,
        `Postgres: pgbench -c ${CLIENTS} -j ${THREADS} -M prepared, keys random(1, ${KEYS}); a lock pair is two autocommit statements; `
          + `lock cases: median of ${ROUNDS} interleaved ${seconds}s runs (lease ${fmt(samples[LEASE])}, ops ${fmt(samples[OPS_LOCK])}); rate limit: one ${seconds}s run`,
        `Redis: ${CLIENTS} ioredis connections from one Node process, one request in flight each, ${seconds}s per case, same key spread; `
          + `zset = MULTI ZREMRANGEBYSCORE/ZADD/ZCARD/PEXPIRE, GCRA = one EVALSHA`,
        `rate limit ${RATE_LIMIT}/s per key; locks left held after the run: ${left.held} (expected 0), leases left: ${left.leases} (expected 0)`,
      ],
    };
  } finally {
    await scratch.drop();
  }
}
