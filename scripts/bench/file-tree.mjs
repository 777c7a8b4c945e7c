// Does public.get_file_tree cost the same per file whatever the size of the workspace? Workspaces
// of 2,500 / 5,000 / 10,000 / 20,000 files (depth up to 12) are read by an authenticated member
// (RLS on), next to a plain indexed `select path … order by path` of the same workspace. The
// per-file cost at 8x the files, relative to the smallest workspace, should stay near 1.0
// (goal <= 1.25). The smallest workspace is also timed before the others are loaded: its cost must
// not depend on what else the table holds (goal <= 1.25 as well; the LANGUAGE sql version failed
// this one, its generic plan scanned the whole table). Everything runs in one transaction that is
// rolled back at the end, so the bench leaves nothing behind, not even audit rows (audit_logs is
// append-only).
//
// Knobs: BENCH_SECONDS < 5 is the quick mode (a tenth of the files, 3 rounds; the smoke test uses
// it), otherwise 2 x BENCH_SECONDS + 1 rounds (at most 31). BENCH_FILE_TREE_SIZES=2500,20000,80000
// picks other sizes (multiples of 250).
//
// Layout: 250-file modules, Java style, 48 directories each, so directories grow with files:
//   m<m>/README<p>.md                                          depth 2
//   m<m>/src/build<p>.gradle                                   depth 3
//   m<m>/src/main/java/com/acme/{api|core}/pkg<p>/[impl/[internal/[gen/]]]F<k>.java   depth 9-12
// (p = package 0..9, 25 files each; fan-out 2 under acme, 5 under api/core, 1-4 below).
import pg from 'pg';
import { median } from './lib/ops-db.mjs';

export const description =
  'get_file_tree on 2,500-20,000 files (depth 12) as an RLS member: per-file cost vs the smallest (goal <= 1.25 at 8x) and vs select path … order by path';

const MODULE_FILES = 250;
const DIRS_PER_MODULE = 48;
const GOAL = 1.25;
const FULL_SIZES = [2_500, 5_000, 10_000, 20_000];
// Quick mode (BENCH_SECONDS < 5, as the smoke test runs it): the same 8x span, a tenth of the files.
const QUICK_SIZES = [250, 500, 1_000, 2_000];

const fmt = (n) => n.toLocaleString('en-US');

function sizesFor(seconds) {
  const raw = process.env.BENCH_FILE_TREE_SIZES;
  if (raw) {
    const sizes = raw.split(',').map((s) => Number(s.trim()));
    if (sizes.some((n) => !Number.isInteger(n) || n < MODULE_FILES || n % MODULE_FILES !== 0)) {
      throw new Error(`BENCH_FILE_TREE_SIZES: positive multiples of ${MODULE_FILES}, got "${raw}"`);
    }
    return [...new Set(sizes)].sort((a, b) => a - b);
  }
  return seconds < 5 ? QUICK_SIZES : FULL_SIZES;
}

// The path of file g (0-based) in a workspace, as SQL over a bigint g.
const PATH_SQL = `(select case
    when k % 25 = 0 then format('m%s/README%s.md', m, p)
    when k % 25 = 1 then format('m%s/src/build%s.gradle', m, p)
    else format('m%s/src/main/java/com/acme/%s/pkg%s/%sF%s.java', m,
                case when p % 2 = 0 then 'api' else 'core' end, p,
                (array['', 'impl/', 'impl/internal/', 'impl/internal/gen/'])[1 + k % 4], k)
  end
  from (select g / ${MODULE_FILES} as m, g % ${MODULE_FILES} as k, (g % ${MODULE_FILES}) / 25 as p) x)`;

const TREE = 'select count(*)::int as n from public.get_file_tree($1)';
const BASELINE = 'select count(*)::int as n from (select path from public.files where workspace_id = $1 order by path) s';

async function timed(client, sql, params) {
  const t0 = performance.now();
  const { rows } = await client.query(sql, params);
  return { ms: performance.now() - t0, n: rows[0].n };
}

export async function run({ dbUrl, seconds, log }) {
  const sizes = sizesFor(seconds);
  // Rounds, each timing every size once (interleaved, so background load hits all sizes alike).
  const runs = seconds < 5 ? 3 : Math.min(31, 2 * seconds + 1);
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    const { rows: [ok] } = await client.query(`select to_regprocedure('public.get_file_tree(uuid)') is not null as ok`);
    if (!ok.ok) {
      throw new Error(`public.get_file_tree is not installed in ${new URL(dbUrl).pathname.slice(1)}: push the migrations first `
        + '(npm start), or point SUPABASE_DB_URL at the test cluster after `npm test`');
    }
    await client.query('begin');
    const stamp = `${Date.now()}-${process.pid}`;
    const { rows: [owner] } = await client.query('insert into auth.users (email) values ($1) returning id', [`bench-tree-owner-${stamp}@bench.opsbase.local`]);
    const { rows: [member] } = await client.query('insert into auth.users (email) values ($1) returning id', [`bench-tree-member-${stamp}@bench.opsbase.local`]);
    const workspaces = {};
    const load = async (n) => {
      const t0 = performance.now();
      const { rows: [ws] } = await client.query('insert into public.workspaces (owner_id, name) values ($1, $2) returning id', [owner.id, `bench file-tree ${n}`]);
      await client.query("insert into public.workspace_members (workspace_id, user_id, role) values ($1, $2, 'member')", [ws.id, member.id]);
      await client.query(`insert into public.files (workspace_id, path, content)
        select $1, ${PATH_SQL}, 'class F {}' from generate_series(0, $2::bigint - 1) g`, [ws.id, n]);
      await client.query('analyze public.files, public.workspace_members');
      workspaces[n] = ws.id;
      log(`loaded ${fmt(n)} files in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    };
    const asMember = () => client.query("select set_config('request.jwt.claims', $1, true), set_config('role', 'authenticated', true)",
      [JSON.stringify({ sub: member.id, role: 'authenticated' })]);
    const asBench = () => client.query("select set_config('role', 'none', true), set_config('request.jwt.claims', '', true)");

    // The smallest workspace first, timed while it is the only bench data in the table: its cost
    // must not grow when the bigger workspaces arrive (it did with a generic plan).
    const [smallest, ...rest] = sizes;
    await load(smallest);
    await asMember();
    await timed(client, TREE, [workspaces[smallest]]);
    const alone = [];
    for (let round = 0; round < runs; round++) alone.push((await timed(client, TREE, [workspaces[smallest]])).ms);
    await asBench();
    for (const n of rest) await load(n);
    const { rows: [depth] } = await client.query('select max(depth)::int as d from public.files where workspace_id = any($1::uuid[])', [Object.values(workspaces)]);
    // From here on: the member, through RLS, as PostgREST would run it.
    await asMember();
    const samples = Object.fromEntries(sizes.map((n) => [n, { tree: [], base: [], nodes: 0, paths: 0 }]));
    // One untimed warm-up round (caches, catalog lookups), then the timed rounds.
    for (let round = 0; round <= runs; round++) {
      for (const n of sizes) {
        const tree = await timed(client, TREE, [workspaces[n]]);
        const base = await timed(client, BASELINE, [workspaces[n]]);
        if (round === 0) {
          samples[n].nodes = tree.n;
          samples[n].paths = base.n;
          continue;
        }
        samples[n].tree.push(tree.ms);
        samples[n].base.push(base.ms);
      }
      if (round > 0) log(`round ${round}/${runs}`);
    }

    const stats = sizes.map((n) => {
      const s = samples[n];
      const tree = median(s.tree);
      const base = median(s.base);
      return { n, nodes: s.nodes, paths: s.paths, tree, base, perFileTree: tree / n, perFileBase: base / n };
    });
    const [small] = stats;
    const aloneMs = median(alone);
    const isolation = small.tree / aloneMs;
    const others = sizes.slice(1).reduce((a, b) => a + b, 0);
    const largest = stats[stats.length - 1];
    const growth = largest.perFileTree / small.perFileTree;
    const span = largest.n / small.n;
    const bad = stats.filter((s) => s.paths !== s.n || s.nodes !== s.n + (s.n / MODULE_FILES) * DIRS_PER_MODULE);
    if (bad.length) throw new Error(`unexpected counts: ${JSON.stringify(bad)}`);

    const treeName = (n) => `get_file_tree, ${fmt(n)} files`;
    const baseName = (n) => `baseline select path, ${fmt(n)} files`;
    const rows = [
      { name: `get_file_tree, ${fmt(small.n)} files, before the others were loaded`, value: aloneMs, unit: 'ms', ratio: aloneMs / small.tree },
      ...stats.map((s) => ({ name: treeName(s.n), value: s.tree, unit: 'ms', ratio: s.perFileTree / small.perFileTree })),
      ...stats.map((s) => ({ name: baseName(s.n), value: s.base, unit: 'ms', ratio: s.perFileBase / small.perFileBase })),
      ...stats.map((s) => ({ name: `get_file_tree / baseline, ${fmt(s.n)} files`, value: s.tree / s.base, unit: 'x', ratio: s.tree / s.base })),
    ];
    return {
      baseline: treeName(small.n),
      rows,
      notes: [
        `ratio column: get_file_tree rows = per-file cost / per-file cost at ${fmt(small.n)} files (1.0 = linear); `
          + `baseline rows = the same for the baseline; last rows = get_file_tree ms / baseline ms at that size`,
        ...stats.map((s) => `${fmt(s.n)} files, ${fmt(s.nodes)} nodes: get_file_tree ${s.tree.toFixed(1)} ms = `
          + `${((s.tree * 1000) / s.nodes).toFixed(2)} µs/node; baseline ${s.base.toFixed(1)} ms; tree/baseline ${(s.tree / s.base).toFixed(1)}`),
        `${fmt(small.n)} files alone in the table: ${aloneMs.toFixed(1)} ms; next to ${fmt(others)} other files: ${small.tree.toFixed(1)} ms `
          + `(x${isolation.toFixed(3)}, goal <= ${GOAL}: ${isolation <= GOAL ? 'met' : 'NOT met'}; the "before" row's ratio is alone / next to them)`,
        `per-file cost at ${span}x the files: ${growth.toFixed(3)} of the smallest (goal <= ${GOAL}: ${growth <= GOAL ? 'met' : 'NOT met'})`,
        `${MODULE_FILES}-file modules with ${DIRS_PER_MODULE} directories each, max depth ${depth.d}; an authenticated member (RLS on) `
          + `runs select count(*) over each query; median of ${runs} interleaved rounds after one warm-up; `
          + 'data loaded and measured in one transaction, rolled back at the end (nothing is left behind)',
      ],
    };
  } finally {
    await client.query('rollback').catch(() => {});
    await client.end();
  }
}
