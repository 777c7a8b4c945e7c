// Two-tier bloat against pgstattuple / pgstatindex on real, vacuumed fixtures (VACUUM needs commits).
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bloatFixture, connect, referenceBloat } from './fixtures.ts';

const schema = `mon_bloat_${process.pid}`;
let db: pg.Client;

beforeAll(async () => {
  db = await connect();
  await db.query(`create schema ${schema}`);
  await bloatFixture(db, schema, 'sparse', 'sparse');
  await bloatFixture(db, schema, 'head', 'head');
  await db.query(`update ops.monitoring_config set value = '100' where key = 'bloat_confirm_max_relations'`);
  await db.query(`update ops.monitoring_config set value = '60000' where key = 'bloat_confirm_budget_ms'`);
  await db.query('select ops.capture_table_bloat_snapshot()');
}, 120_000);

afterAll(async () => {
  await db.query(`update ops.monitoring_config set value = '20' where key = 'bloat_confirm_max_relations'`);
  await db.query(`update ops.monitoring_config set value = '2000' where key = 'bloat_confirm_budget_ms'`);
  await db.query(`drop schema ${schema} cascade`);
  await db.end();
});

async function stored(relname: string, method: string): Promise<number> {
  const { rows } = await db.query(
    `select bloat_pct from ops.table_bloat_snapshots
     where schemaname = $1 and coalesce(indexname, tablename) = $2 and method = $3
     order by snapshot_timestamp desc limit 1`, [schema, relname, method]);
  expect(rows, `${method} row for ${relname}`).toHaveLength(1);
  return Number(rows[0].bloat_pct);
}

describe.each(['sparse', 'head'])('a 200k-row table after a bulk delete and VACUUM (%s)', (shape) => {
  const cases: [string, 'table' | 'index', string][] = [
    [shape, 'table', 'pgstattuple_approx'],
    [`${shape}_pkey`, 'index', 'pgstatindex'],
    [`${shape}_payload`, 'index', 'pgstatindex'],
  ];
  it.each(cases)('%s (%s): both tiers within 10 points of pgstattuple/pgstatindex', async (rel, kind, tier2) => {
    const reference = await referenceBloat(db, `${schema}.${rel}`, kind);
    expect(reference).toBeGreaterThan(40); // the fixture really is bloated
    const estimate = await stored(rel, 'estimate');
    const measured = await stored(rel, tier2);
    expect(Math.abs(estimate - reference), `tier 1 ${estimate} vs ${reference}`).toBeLessThanOrEqual(10);
    expect(Math.abs(measured - reference), `tier 2 ${measured} vs ${reference}`).toBeLessThanOrEqual(10);
  });
});

it('flags the bloated relations as high_bloat alerts and resolves them after VACUUM FULL', async () => {
  const obj = `${schema}.sparse`;
  await db.query(`insert into ops.monitoring_check_overrides (check_name, object_name, params) values ('high_bloat', $1, '{"min_bytes": 0}')`, [obj]);
  try {
    expect((await db.query('select ops.check_table_bloat_alerts() as n')).rows[0].n).toBeGreaterThan(0);
    const open = await db.query(`select severity, details ->> 'method' as method from ops.performance_alerts
      where fingerprint = $1 and resolved_at is null`, [`high_bloat:${obj}`]);
    expect(open.rows).toEqual([{ severity: 'warning', method: 'pgstattuple_approx' }]);

    await db.query(`vacuum full ${obj}`);
    await db.query('select ops.capture_table_bloat_snapshot()');
    await db.query('select ops.check_table_bloat_alerts()');
    const after = await db.query('select resolved_at is not null as resolved from ops.performance_alerts where fingerprint = $1',
      [`high_bloat:${obj}`]);
    expect(after.rows).toEqual([{ resolved: true }]);
  } finally {
    await db.query(`delete from ops.monitoring_check_overrides where object_name = $1`, [obj]);
  }
}, 60_000);
