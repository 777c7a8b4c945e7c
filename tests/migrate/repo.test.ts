// CI gate over the repository itself: every migration passes `migrate lint`, and on a scratch
// cluster `migrate test` finds each rollback to be the exact inverse of its migration.
import { describe, expect, it } from 'vitest';
import { cli, ensureCluster, SCRATCH } from './helpers';

describe('the repository migrations', () => {
  it('pass migrate lint (squawk + opsbase rules)', async () => {
    const r = await cli(['migrate', 'lint', '--json']);
    const report = JSON.parse(r.stdout);
    expect(report.files.length).toBeGreaterThan(0);
    expect(report.findings.map((f: { file: string; line: number; rule: string; message: string }) => `${f.file}:${f.line} [${f.rule}] ${f.message}`)).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('pass migrate test: down is the inverse of up, and up works again after down', async () => {
    await ensureCluster(SCRATCH.roundTrip);
    const r = await cli(['migrate', 'test', '--db-url', SCRATCH.roundTrip, '--reset', '--json']);
    const report = JSON.parse(r.stdout);
    const problems = report.migrations.flatMap((m: { version: string; name: string; problems: string[] }) =>
      m.problems.map((p) => `${m.version}_${m.name}: ${p}`));
    expect(report.aborted ?? null).toBeNull();
    expect(problems).toEqual([]);
    expect(report.migrations.every((m: { checks: { down?: string; reup?: string } }) => m.checks.down === 'ok' && m.checks.reup === 'ok')).toBe(true);
    expect(r.code).toBe(0);
  }, 900_000);
});
