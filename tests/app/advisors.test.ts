// Splinter decides which schemas the Data API exposes from pgrst.db_schemas; several lints
// (security_definer_view, rls_disabled_in_public, materialized_view_in_api, …) only look at
// exposed schemas. tests/supabase-cli.test.ts runs advisors without the setting; this runs them
// with it set as on a hosted project, so exposed-schema lints see the app model.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DB_URL } from '../../scripts/lib/config.mjs';
import { supabase } from '../../scripts/lib/db.mjs';

const dbName = new URL(TEST_DB_URL).pathname.slice(1);
const db = new pg.Client({ connectionString: TEST_DB_URL });
const ident = (s: string) => `"${s.replaceAll('"', '""')}"`;

async function advisors() {
  const r = await supabase(['db', 'advisors', '--level', 'warn', '--output-format', 'json'], TEST_DB_URL, { must: false });
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout).results as { name: string; detail: string }[];
}

beforeAll(async () => {
  await db.connect();
  await db.query(`alter database ${ident(dbName)} set pgrst.db_schemas = 'public'`);
});
afterAll(async () => {
  await db.query(`alter database ${ident(dbName)} reset pgrst.db_schemas`);
  await db.end();
});

describe('supabase db advisors with pgrst.db_schemas = public', () => {
  it('new sessions see the setting', async () => {
    const c = new pg.Client({ connectionString: TEST_DB_URL });
    await c.connect();
    try {
      expect((await c.query("select current_setting('pgrst.db_schemas', true) as s")).rows[0].s).toBe('public');
    } finally {
      await c.end();
    }
  });

  it('reports nothing at WARN or above', async () => {
    expect(await advisors()).toEqual([]);
  }, 60_000);

  it('would catch a security-definer view in the exposed schema', async () => {
    await db.query('create view public.advisor_probe_view as select id from public.user_profiles');
    try {
      const found = await advisors();
      expect(found.map((f) => f.name)).toContain('security_definer_view');
      expect(found.some((f) => f.detail.includes('advisor_probe_view'))).toBe(true);
    } finally {
      await db.query('drop view public.advisor_probe_view');
    }
  }, 60_000);
});
