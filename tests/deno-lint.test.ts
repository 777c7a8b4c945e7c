// The edge functions pass `deno lint` with its recommended rules (unused imports, needless async, …).
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DENO_BIN, ROOT } from '../scripts/lib/config.mjs';
import { run } from '../scripts/lib/run.mjs';

const lint = (target: string) => run(DENO_BIN, ['lint', target], { quiet: true, capture: true, env: { NO_COLOR: '1' } });

describe('deno lint', () => {
  it('is clean over functions/', async () => {
    const r = await lint(path.join(ROOT, 'functions'));
    expect(r.stdout + r.stderr).toMatch(/Checked \d+ files/);
    expect(r.stdout + r.stderr).not.toMatch(/^error\[/m);
    expect(r.code).toBe(0);
  }, 60_000);

  it('catches a planted defect (probe)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'opsbase-lint-'));
    try {
      writeFileSync(path.join(dir, 'bad.ts'), "import { x } from './x.ts';\nexport const f = async () => 1;\n");
      writeFileSync(path.join(dir, 'x.ts'), 'export const x = 1;\n');
      const r = await lint(dir);
      expect(r.code).not.toBe(0);
      expect(r.stdout + r.stderr).toMatch(/no-unused-vars/);
      expect(r.stdout + r.stderr).toMatch(/require-await/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
