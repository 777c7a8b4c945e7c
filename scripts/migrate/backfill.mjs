// migrate backfill: fill a column in batches after the migration that added it, one short
// transaction per batch, walking the key with keyset pagination (key > last ORDER BY key LIMIT n)
// so every batch costs the same; the seed's OFFSET paging rescans all earlier rows each time.
import { CliError, EXIT, parseArgs, positiveInt, reporter } from './cli-kit.mjs';
import { describeUrl, resolveTarget } from './context.mjs';
import { connect } from './ledger.mjs';
import { ident } from './patterns.mjs';

export const usage = 'backfill --table T --column C --set EXPR [--key id] [--where COND] [--batch-size 1000] [--db-url URL] [--json]';

export async function run(argv) {
  const { opts } = parseArgs(argv, {
    valued: ['db-url', 'workdir', 'table', 'column', 'set', 'key', 'where', 'batch-size'],
    booleans: ['json', 'quiet'],
  });
  const out = reporter(opts);
  for (const k of ['table', 'column', 'set']) if (!opts[k]) throw new CliError(`backfill needs --${k}`);
  const { url } = resolveTarget(opts);
  const batchSize = opts.batchSize ? positiveInt(opts.batchSize, '--batch-size') : 1000;
  const parts = opts.table.split('.');
  const table = (parts.length === 2 ? parts : ['public', parts[0]]).map(ident).join('.');
  const col = ident(opts.column);
  const key = ident(opts.key ?? 'id');
  const where = opts.where ?? `${col} is null`;
  const sql = `with batch as (
      select ${key} as k from ${table} where (${key} > $1 or $1 is null) and (${where}) order by ${key} limit $2
    ), upd as (
      update ${table} t set ${col} = ${opts.set} from batch where t.${key} = batch.k returning 1
    )
    select (select count(*) from upd)::bigint as updated, (select max(k) from batch)::text as last`;

  const client = await connect(url);
  let total = 0;
  let batches = 0;
  let last = null;
  try {
    await client.query("set lock_timeout = '5s'; set statement_timeout = '60s'");
    for (;;) {
      const { rows: [r] } = await client.query(sql, [last, batchSize]);
      if (r.last === null) break;
      batches++;
      total += Number(r.updated);
      last = r.last;
      out.progress(`batch ${batches}: ${r.updated} row(s), ${total} so far, up to ${opts.key ?? 'id'} ${last}`);
    }
  } catch (err) {
    throw new CliError(`backfill stopped after ${batches} committed batch(es) (${total} rows, last key ${last ?? 'none'}): ${err.message}\nrerun to continue: finished rows no longer match --where`, EXIT.failed);
  } finally {
    await client.end();
  }
  out.result({ database: describeUrl(url), table, column: opts.column, batches, updated: total },
    [`backfilled ${total} row(s) of ${table}.${col} in ${batches} batch(es)`]);
  return EXIT.ok;
}
