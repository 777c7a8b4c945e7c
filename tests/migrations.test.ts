// Every migration is well named, has a rollback, and passes squawk with .squawk.toml.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../scripts/lib/config.mjs';
import { run } from '../scripts/lib/run.mjs';

const migrations = readdirSync(path.join(ROOT, 'supabase/migrations')).filter((f) => f.endsWith('.sql')).sort();
const rollbacks = new Set(readdirSync(path.join(ROOT, 'supabase/rollbacks')));

describe('migrations', () => {
  it('are named <14-digit timestamp>_<name>.sql', () => {
    for (const m of migrations) expect(m).toMatch(/^\d{14}_[a-z0-9_]+\.sql$/);
  });

  it('each have a rollback in supabase/rollbacks/', () => {
    const missing = migrations.filter((m) => !rollbacks.has(m.replace(/\.sql$/, '.down.sql')));
    expect(missing).toEqual([]);
  });

  it('pass squawk', async () => {
    const files = migrations.map((m) => path.join('supabase/migrations', m));
    const r = await run(path.join(ROOT, 'node_modules/.bin/squawk'), ['--reporter', 'gcc', ...files], { quiet: true });
    expect(r.stdout + r.stderr).not.toMatch(/warning|error/i);
    expect(r.code).toBe(0);
  });
});
