// The real Supabase CLI against the test database, built from migrations by `npm test`:
// advisors and lint stay clean, each check demonstrably catches a planted defect, and the
// committed database types match the migrations.
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DB_URL } from '../scripts/lib/config.mjs';
import { generateTypes, supabase } from '../scripts/lib/db.mjs';

const cli = (...args: string[]) => supabase(args, TEST_DB_URL, { must: false });
const db = new pg.Client({ connectionString: TEST_DB_URL });

async function advisors() {
  const r = await cli('db', 'advisors', '--level', 'warn', '--output-format', 'json');
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout).results as { name: string; detail: string }[];
}

async function lint() {
  const r = await cli('db', 'lint', '--schema', 'public,ops', '--level', 'warning', '--fail-on', 'warning', '--output-format', 'json');
  return { code: r.code, results: JSON.parse(r.stdout || '{"results":[]}').results as { function: string }[] };
}

beforeAll(() => db.connect());
afterAll(() => db.end());

describe('supabase db advisors', () => {
  it('reports nothing at WARN or above', async () => {
    expect(await advisors()).toEqual([]);
  });

  it('catches a public table without RLS', async () => {
    await db.query('create table public.advisor_probe (id int)');
    try {
      const found = await advisors();
      expect(found.map((f) => f.name)).toContain('rls_disabled_in_public');
      expect(found.some((f) => f.detail.includes('advisor_probe'))).toBe(true);
    } finally {
      await db.query('drop table public.advisor_probe');
    }
  });
});

describe('supabase db lint (plpgsql_check)', () => {
  it('reports nothing on public and ops', async () => {
    const { code, results } = await lint();
    expect(results).toEqual([]);
    expect(code).toBe(0);
  });

  it('catches a function that reads a missing table', async () => {
    await db.query(`create function ops.lint_probe() returns bigint language plpgsql set search_path = '' as $$
      begin return (select count(*) from ops.no_such_table); end $$`);
    try {
      const { code, results } = await lint();
      expect(code).not.toBe(0);
      expect(results.map((r) => r.function)).toContain('ops.lint_probe');
    } finally {
      await db.query('drop function ops.lint_probe()');
    }
  });
});

describe('supabase inspect db', () => {
  it('reads table stats from the local cluster', async () => {
    const r = await cli('inspect', 'db', 'table-stats');
    expect(r.code, r.stderr).toBe(0);
  });
});

describe('generated database types', () => {
  it('functions/_shared/database.types.ts matches the migrations (run `npm run gen:types`)', async () => {
    const committed = readFileSync(new URL('../functions/_shared/database.types.ts', import.meta.url), 'utf8');
    expect(await generateTypes(TEST_DB_URL)).toBe(committed);
  });
});
