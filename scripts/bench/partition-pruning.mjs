// Does a time-range query on a daily-partitioned table cost the same whatever the history kept?
// The same one-hour window (within the most recent days) is queried with 1x and with 10x the data
// (the extra data is older days). Partition pruning should keep the ratio near 1 (goal <= 1.2).
// An unpartitioned table with a btree on the time column is measured alongside for context.
// Retention: removing one day by DETACH + DROP of its partition vs DELETE (+ the VACUUM it needs).
import pg from 'pg';
import { runPgbench } from './lib/pgbench.mjs';
import { createScratchDb } from './lib/scratch-db.mjs';
import { withRatios } from './lib/results.mjs';

export const description =
  'one-hour range query on daily partitions with 1x and 10x history (goal ratio <= 1.2); retention DROP partition vs DELETE';

const RECENT_DAYS = 6; // 1x: the days the query window falls in
const FACTOR = 10; // 10x: RECENT_DAYS * FACTOR days in total
const ROWS_PER_DAY = 40_000;
const RETENTION_SAMPLES = 3;
const ROUNDS = 3;

const PART_1X = 'range query, partitioned, 1x';
const PART_10X = 'range query, partitioned, 10x';
const FLAT_1X = 'range query, unpartitioned btree, 1x';
const FLAT_10X = 'range query, unpartitioned btree, 10x';
const DROP = 'retention: DETACH + DROP one day';
const DELETE = 'retention: DELETE one day';
const DELETE_VACUUM = 'retention: DELETE one day + VACUUM';

// Day 0 is the newest day; all bounds are UTC midnights.
const BASE = new Date(Date.UTC(2026, 0, 1));
const day = (n) => new Date(BASE.getTime() - n * 86_400_000).toISOString();

async function withClient(url, fn) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

// Days [from, to) back from day 0, rows in time order (as time series arrive).
async function load(c, table, from, to) {
  await c.query(`insert into ${table} (ts, v)
    select $1::timestamptz + (g * interval '1 day') / $3, random()
    from generate_series(0, ($2::int - $4::int) * $3 - 1) g`, [day(to - 1), to, ROWS_PER_DAY, from]);
}

async function createPartitions(c, table, from, to) {
  for (let n = from; n < to; n++) {
    const name = `${table}_d${String(n).padStart(3, '0')}`;
    await c.query(`create table ${name} partition of ${table} for values from ('${day(n)}') to ('${day(n - 1)}')`);
  }
}

// pgbench script: a random one-hour window within the recent days, the same for every case.
// Bounds go through to_timestamp(epoch), which is immutable, so the planner folds them and
// prunes at plan time, as it does for the timestamptz parameters an application binds.
const queryScript = (table) => `\\set h random(0, ${RECENT_DAYS * 24 - 1})
\\set lo ${Date.parse(day(RECENT_DAYS - 1)) / 1000} + :h * 3600
select count(*), avg(v) from ${table} where ts >= to_timestamp(:lo) and ts < to_timestamp(:lo + 3600);
`;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function timed(c, sqls) {
  const t0 = process.hrtime.bigint();
  for (const sql of sqls) await c.query(sql);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

export async function run({ dbUrl, seconds, tmpDir, log }) {
  const scratch = await createScratchDb(dbUrl, 'opsbase_bench_maint_pruning');
  try {
    // 1x and 10x live side by side and are measured in alternating rounds, best round kept, so
    // load from other processes on the machine hits both alike.
    const tables = { [PART_1X]: 'part_1x', [PART_10X]: 'part_10x', [FLAT_1X]: 'flat_1x', [FLAT_10X]: 'flat_10x' };
    await withClient(scratch.url, async (c) => {
      for (const [name, days] of [['part_1x', RECENT_DAYS], ['part_10x', RECENT_DAYS * FACTOR]]) {
        await c.query(`create table ${name} (ts timestamptz not null, v double precision not null) partition by range (ts)`);
        // BRIN on the time column, as the partition manager creates it.
        await c.query(`create index on ${name} using brin (ts) with (pages_per_range = 32)`);
        await createPartitions(c, name, 0, days);
      }
      for (const name of ['flat_1x', 'flat_10x']) {
        await c.query(`create table ${name} (ts timestamptz not null, v double precision not null)`);
        await c.query(`create index on ${name} (ts)`);
      }
      log(`loading: ${ROWS_PER_DAY} rows/day, ${RECENT_DAYS} and ${RECENT_DAYS * FACTOR} days`);
      for (const name of ['part_1x', 'flat_1x']) await load(c, name, 0, RECENT_DAYS);
      for (const name of ['part_10x', 'flat_10x']) await load(c, name, 0, RECENT_DAYS * FACTOR);
      await c.query('vacuum analyze part_1x, part_10x, flat_1x, flat_10x');
    });

    const ms = {};
    const roundSeconds = Math.max(1, Math.round(seconds / ROUNDS));
    for (let round = 1; round <= ROUNDS; round++) {
      for (const [name, table] of Object.entries(tables)) {
        log(`round ${round}/${ROUNDS} ${name}: ${roundSeconds}s, 1 client`);
        const { tps } = await runPgbench({ url: scratch.url, name, script: queryScript(table), dir: tmpDir, clients: 1, threads: 1, seconds: roundSeconds });
        ms[name] = Math.min(ms[name] ?? Infinity, 1000 / tps);
      }
    }

    // Retention of the oldest days of the 10x tables, one day at a time, each way.
    const drops = [];
    const deletes = [];
    const deleteVacuums = [];
    await withClient(scratch.url, async (c) => {
      for (let i = 0; i < RETENTION_SAMPLES; i++) {
        const n = RECENT_DAYS * FACTOR - 1 - i;
        const part = `part_10x_d${String(n).padStart(3, '0')}`;
        drops.push(await timed(c, [`alter table part_10x detach partition ${part}`, `drop table ${part}`]));
        const t = await timed(c, [`delete from flat_10x where ts >= '${day(n)}' and ts < '${day(n - 1)}'`]);
        deletes.push(t);
        deleteVacuums.push(t + await timed(c, ['vacuum flat_10x']));
      }
    });
    ms[DROP] = median(drops);
    ms[DELETE] = median(deletes);
    ms[DELETE_VACUUM] = median(deleteVacuums);

    const queryRows = withRatios([PART_1X, PART_10X, FLAT_1X, FLAT_10X].map((name) => ({ name, value: ms[name], unit: 'ms/query' })), PART_1X);
    // Retention rows are a separate comparison: their ratio is against DETACH + DROP.
    const retentionRows = withRatios([DROP, DELETE, DELETE_VACUUM].map((name) => ({ name, value: ms[name], unit: 'ms/day' })), DROP);
    const pruning = ms[PART_10X] / ms[PART_1X];
    return {
      baseline: PART_1X,
      rows: [...queryRows, ...retentionRows],
      notes: [
        `${ROWS_PER_DAY} rows/day; 1x = ${RECENT_DAYS} days (${RECENT_DAYS * ROWS_PER_DAY} rows), 10x = ${RECENT_DAYS * FACTOR} days; daily partitions with BRIN(ts)`,
        `query: count/avg over a random one-hour window in the newest ${RECENT_DAYS} days, pgbench 1 client, -M prepared, best of ${ROUNDS} alternating rounds of ${roundSeconds}s`,
        `partitioned 10x/1x = ${pruning.toFixed(3)} (goal <= 1.2: ${pruning <= 1.2 ? 'met' : 'NOT met'})`,
        `retention rows: ratio is against "${DROP}", median of ${RETENTION_SAMPLES} days; DELETE leaves ${ROWS_PER_DAY} dead rows per day for VACUUM`,
      ],
    };
  } finally {
    await scratch.drop();
  }
}
