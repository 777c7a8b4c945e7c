// opsbase backup / backup verify on a seeded database: every table restores with equal row
// counts and checksums; a corrupted dump or a differing table is caught.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { push } from '../../scripts/lib/db.mjs';
import { cli, ensureCluster, freshScratch, q, SCRATCH } from './helpers';

const dir = mkdtempSync(path.join(os.tmpdir(), 'opsbase-backup-'));
const dump = path.join(dir, 'seeded.dump');

beforeAll(async () => {
  await freshScratch(SCRATCH.backupSource);
  await ensureCluster(SCRATCH.backupScratch);
  await push(SCRATCH.backupSource, { includeSeed: true });
  // Values whose text form is easy to get wrong: quotes, newlines, floats, bytea, json, nulls, time zones.
  await q(SCRATCH.backupSource, `create table public.backup_probe (id bigint primary key, t text, f double precision, b bytea, j jsonb, ts timestamptz);
    alter table public.backup_probe enable row level security;
    insert into public.backup_probe
    select g, case when g % 7 = 0 then null else format(E'row %s, "quoted" \\'x\\'\\n', g) end, g / 3.0, decode(md5(g::text), 'hex'),
           jsonb_build_object('g', g, 'half', g / 2.0), timestamptz '2026-01-01 00:00:00+05' + g * interval '1 minute'
    from generate_series(1, 1000) g`);
}, 300_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('opsbase backup', () => {
  it('backup verify restores the seeded database with equal row counts and checksums for every table', async () => {
    const b = await cli(['backup', '--db-url', SCRATCH.backupSource, '--out', dump, '--json']);
    expect(b.code).toBe(0);
    const manifest = JSON.parse(readFileSync(`${dump}.manifest.json`, 'utf8'));
    expect(manifest.tables.find((t: { table: string }) => t.table === 'public.backup_probe').rows).toBe(1000);
    expect(manifest.tables.some((t: { table: string }) => t.table === 'cron.job')).toBe(true);

    const v = await cli(['backup', 'verify', dump, '--scratch-url', SCRATCH.backupScratch, '--json']);
    const report = JSON.parse(v.stdout);
    expect(report.tables.filter((t: { ok: boolean }) => !t.ok)).toEqual([]);
    expect(report.tables.map((t: { table: string }) => t.table)).toEqual(manifest.tables.map((t: { table: string }) => t.table));
    expect(v.code).toBe(0);
    // The restored copy really holds the data.
    expect(await q(SCRATCH.backupScratch, 'select count(*)::int as n from public.backup_probe')).toEqual([{ n: 1000 }]);
  }, 120_000);

  it('a table whose data differs from the manifest fails verify and is named', async () => {
    const other = path.join(dir, 'tampered.dump');
    copyFileSync(dump, other);
    const manifest = JSON.parse(readFileSync(`${dump}.manifest.json`, 'utf8'));
    manifest.tables.find((t: { table: string }) => t.table === 'public.backup_probe').checksum = '1';
    writeFileSync(`${other}.manifest.json`, JSON.stringify(manifest));
    const v = await cli(['backup', 'verify', other, '--scratch-url', SCRATCH.backupScratch]);
    expect(v.code).toBe(1);
    expect(v.stdout).toContain('FAIL  public.backup_probe: checksum differs');
  }, 120_000);

  it('a corrupted dump is refused before anything is restored', async () => {
    const bad = path.join(dir, 'corrupt.dump');
    const bytes = readFileSync(dump);
    bytes[bytes.length - 10] ^= 0xff;
    writeFileSync(bad, bytes);
    copyFileSync(`${dump}.manifest.json`, `${bad}.manifest.json`);
    const v = await cli(['backup', 'verify', bad, '--scratch-url', SCRATCH.backupScratch]);
    expect(v.code).toBe(1);
    expect(v.stderr).toContain('does not match its manifest');
  });

  it('refuses to use the source database as the scratch database', async () => {
    const v = await cli(['backup', 'verify', dump, '--scratch-url', SCRATCH.backupSource]);
    expect(v.code).toBe(2);
    expect(v.stderr).toContain('refusing to drop it');
  });
});
