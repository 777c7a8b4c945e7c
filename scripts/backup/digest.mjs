// Per-table row counts and content checksums, computed the same way on the source (inside the
// snapshot pg_dump reads) and on the restored copy, so equal digests mean equal data.

// Row text depends on these settings; both sides pin them. search_path matters too: regclass
// and other reg* columns print schema-qualified names only when the schema is not on the path.
export const DIGEST_SETTINGS = `set timezone = 'UTC'; set datestyle = 'ISO, YMD'; set intervalstyle = 'postgres';
set extra_float_digits = 3; set bytea_output = 'hex'; set row_security = off; set search_path = '';`;

/**
 * Tables whose rows pg_dump writes: ordinary tables outside the system schemas that are not
 * extension members, plus extension configuration tables (e.g. cron.job) with their filter.
 * The checksum is the sum of 64-bit prefixes of md5(row text): order-independent, and a
 * duplicated or changed row changes it. Dynamic SQL runs through query_to_xml in one statement.
 */
export const DIGEST_QUERY = `
with tables as (
  select n.nspname, c.relname,
         coalesce((select e.extcondition[array_position(e.extconfig, c.oid)] from pg_catalog.pg_extension e
                   where c.oid = any(e.extconfig)), '') as cond
  from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  where c.relkind = 'r' and c.relpersistence <> 't'
    and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname !~ '^pg_(toast|temp)'
    and (not exists (select from pg_catalog.pg_depend d
                     where d.classid = 'pg_catalog.pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
         or exists (select from pg_catalog.pg_extension e where c.oid = any(e.extconfig)))
)
select coalesce(json_agg(json_build_object('table', format('%I.%I', nspname, relname),
         'rows', (x.v)[1]::text::bigint, 'checksum', (x.v)[2]::text) order by nspname, relname), '[]') as digests
from tables, lateral (
  select xpath('/row/*/text()', query_to_xml(format(
    'select count(*) as n, coalesce(sum((''x'' || left(md5(t::text), 16))::bit(64)::bigint::numeric), 0) as s from %I.%I t %s',
    nspname, relname, cond), false, true, '')) as v
) x`;

/** Compare manifest digests with restored ones: one entry per table, ok or what differs. */
export function compareDigests(expected, actual) {
  const got = new Map(actual.map((d) => [d.table, d]));
  const want = new Map(expected.map((d) => [d.table, d]));
  const rows = expected.map((e) => {
    const a = got.get(e.table);
    if (!a) return { table: e.table, ok: false, problem: 'missing from the restored database', expected: e };
    const ok = String(a.rows) === String(e.rows) && a.checksum === e.checksum;
    return { table: e.table, ok, rows: a.rows, expectedRows: e.rows, checksum: a.checksum, ...(ok ? {} : { problem: String(a.rows) !== String(e.rows) ? 'row count differs' : 'checksum differs' }) };
  });
  for (const a of actual) if (!want.has(a.table)) rows.push({ table: a.table, ok: false, problem: 'not in the backup manifest', rows: a.rows });
  return rows;
}
