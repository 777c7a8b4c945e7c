// Baseline for the lock modules: what a plain lease table costs next to Postgres advisory locks.
// Each pgbench "transaction" is one acquire + release pair, 8 clients, keys spread over KEYS
// so clients sometimes collide (realistic) but rarely queue behind each other (not a convoy test).
import pg from 'pg';
import { runPgbench } from './lib/pgbench.mjs';
import { createScratchDb } from './lib/scratch-db.mjs';
import { LEASE_TABLE, leaseScript } from './lib/lease-baseline.mjs';
import { withRatios } from './lib/results.mjs';

export const description =
  'lease-table INSERT..ON CONFLICT/DELETE pairs vs pg_advisory_lock/unlock pairs (8 clients), select 1 for context';

const KEYS = 1000;
const CLIENTS = 8;
const THREADS = 2;

const LEASE = 'lease insert/delete';
const ADVISORY = 'advisory lock/unlock';
const SELECT1 = 'select 1';

const SCRIPTS = {
  [LEASE]: leaseScript(KEYS),
  [ADVISORY]: `\\set k random(1, ${KEYS})
select pg_advisory_lock(:k);
select pg_advisory_unlock(:k);
`,
  [SELECT1]: `select 1;
`,
};

async function query(url, sql) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

export async function run({ dbUrl, seconds, tmpDir, log }) {
  const scratch = await createScratchDb(dbUrl);
  try {
    await query(scratch.url, LEASE_TABLE);

    const tps = {};
    // Baseline first, then the lease run, then the floor: the order is fixed so runs compare.
    for (const name of [ADVISORY, LEASE, SELECT1]) {
      log(`${name}: ${seconds}s, -c ${CLIENTS} -j ${THREADS}`);
      const { tps: value } = await runPgbench({
        url: scratch.url, name, script: SCRIPTS[name], dir: tmpDir,
        clients: CLIENTS, threads: THREADS, seconds,
      });
      tps[name] = value;
    }

    // Every acquire is paired with a release by the same holder, so nothing should be left behind.
    const [{ left }] = await query(scratch.url, 'select count(*)::int as left from bench_lease');

    const rows = withRatios(
      [LEASE, ADVISORY, SELECT1].map((name) => ({ name, value: tps[name], unit: 'tps' })),
      ADVISORY,
    );
    return {
      baseline: ADVISORY,
      rows,
      notes: [
        `${CLIENTS} clients, ${THREADS} threads, ${seconds}s per case, keys random(1, ${KEYS}), -M prepared`,
        `one transaction = one acquire + one release (two autocommit statements)`,
        `lease rows left after run: ${left} (expected 0)`,
      ],
    };
  } finally {
    await scratch.drop();
  }
}
