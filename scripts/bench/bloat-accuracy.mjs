// How close each bloat figure is to the truth (pgstattuple / pgstatindex) on fixtures with known
// waste: our tier-1 estimate, our tier-2 measure, and `supabase inspect db bloat`. The figure is
// the mean absolute error in percentage points; ratio = error / the inspect command's error.
import { supabase } from '../lib/db.mjs';
import { dropBenchSchema, opsClient } from './lib/ops-db.mjs';
import { withRatios } from './lib/results.mjs';

export const description = 'bloat error vs pgstattuple/pgstatindex: our tier 1 and tier 2 against `supabase inspect db bloat`';

const SCHEMA = 'bench_mon_bloat';
const ROWS = 200_000;

// name -> statements after the table is filled (all end with VACUUM ANALYZE).
const FIXTURES = {
  fresh: [],
  sparse_half: ['delete from %t where id % 2 = 0'],
  head_60: [`delete from %t where id <= ${ROWS * 0.6}`],
  updated_twice: ['update %t set n = n + 1', 'update %t set n = n + 1'],
  sparse_90: ['delete from %t where id % 10 <> 0'],
};

const UNITS = { bytes: 1, kB: 1024, MB: 1024 ** 2, GB: 1024 ** 3, TB: 1024 ** 4 };
export function parseSize(text) {
  const m = /^([0-9.]+)\s*(bytes|kB|MB|GB|TB)$/.exec(String(text).trim());
  if (!m) throw new Error(`cannot parse size "${text}"`);
  return Number(m[1]) * UNITS[m[2]];
}

async function truth(client, rel, kind) {
  const sql = kind === 'table'
    ? 'select free_percent + dead_tuple_percent as pct from extensions.pgstattuple($1::regclass)'
    : `select greatest(0, 100 * (leaf_pages * (1 - avg_leaf_density / 90) + empty_pages + deleted_pages)
         / (index_size / current_setting('block_size')::numeric)) as pct from extensions.pgstatindex($1::regclass)`;
  return Number((await client.query(sql, [rel])).rows[0].pct);
}

export async function run({ dbUrl, log }) {
  const client = await opsClient(dbUrl);
  try {
    await dropBenchSchema(client, SCHEMA);
    await client.query(`create schema ${SCHEMA}`);
    for (const [name, steps] of Object.entries(FIXTURES)) {
      log(`fixture ${name}`);
      const t = `${SCHEMA}.${name}`;
      await client.query(`create table ${t} (id bigint generated always as identity primary key, n int not null, payload text not null)`);
      await client.query(`insert into ${t} (n, payload) select g, md5(g::text) from generate_series(1, ${ROWS}) g`);
      await client.query(`create index ${name}_payload on ${t} (payload)`);
      for (const s of steps) await client.query(s.replaceAll('%t', t));
      await client.query(`vacuum analyze ${t}`);
    }

    log('supabase inspect db bloat');
    const inspect = JSON.parse((await supabase(['inspect', 'db', 'bloat', '--output-format', 'json'], dbUrl)).stdout).rows;
    const inspectWaste = new Map(inspect.map((r) => [r.name, parseSize(r.waste)]));

    const { rows: rels } = await client.query(
      `select c.oid, format('%I.%I', n.nspname, c.relname) as rel, c.relname, case c.relkind when 'r' then 'table' else 'index' end as kind,
         coalesce(t.relname, c.relname) as tablename, pg_relation_size(c.oid) as size
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
       left join pg_index i on i.indexrelid = c.oid left join pg_class t on t.oid = i.indrelid
       where n.nspname = $1 and c.relkind in ('r', 'i') order by 2`, [SCHEMA]);
    const { rows: est } = await client.query(
      `select relid, bloat_pct from ops.estimate_table_bloat() where schemaname = $1
       union all select relid, bloat_pct from ops.estimate_index_bloat() where schemaname = $1`, [SCHEMA]);
    const tier1 = new Map(est.map((r) => [Number(r.relid), Number(r.bloat_pct)]));

    const errors = { tier1: [], tier2: [], inspect: [] };
    const detail = [];
    for (const r of rels) {
      const real = await truth(client, r.rel, r.kind);
      const t2 = Number((await client.query('select bloat_pct from ops.measure_bloat($1)', [r.oid])).rows[0].bloat_pct);
      const t1 = tier1.get(Number(r.oid));
      const key = r.kind === 'table' ? `${SCHEMA}.${r.relname}` : `${SCHEMA}.${r.tablename}::${r.relname}`;
      const insp = (100 * (inspectWaste.get(key) ?? 0)) / Number(r.size);
      errors.tier1.push(Math.abs(t1 - real));
      errors.tier2.push(Math.abs(t2 - real));
      errors.inspect.push(Math.abs(insp - real));
      detail.push(`${r.rel}: truth ${real.toFixed(1)}%, tier1 ${t1.toFixed(1)}, tier2 ${t2.toFixed(1)}, inspect ${insp.toFixed(1)}`);
    }
    const mae = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const max = (xs) => Math.max(...xs);
    const BASE = 'supabase inspect db bloat, MAE';
    const rows = withRatios([
      { name: BASE, value: mae(errors.inspect), unit: 'points' },
      { name: 'ops tier 1 (estimate), MAE', value: mae(errors.tier1), unit: 'points' },
      { name: 'ops tier 2 (pgstattuple_approx/pgstatindex), MAE', value: mae(errors.tier2), unit: 'points' },
      { name: 'supabase inspect db bloat, worst', value: max(errors.inspect), unit: 'points' },
      { name: 'ops tier 1 (estimate), worst', value: max(errors.tier1), unit: 'points' },
      { name: 'ops tier 2, worst', value: max(errors.tier2), unit: 'points' },
    ], BASE);
    return {
      baseline: BASE,
      rows,
      notes: [
        `${rels.length} relations (${Object.keys(FIXTURES).length} tables of ${ROWS} rows, each with a pkey and a text index), after VACUUM ANALYZE`,
        'truth: pgstattuple free+dead % for tables; pgstatindex leaf space below fillfactor 90 plus empty/deleted pages for indexes',
        ...detail,
      ],
    };
  } finally {
    await dropBenchSchema(client, SCHEMA).catch(() => {});
    await client.end();
  }
}
