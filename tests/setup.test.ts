// scripts/setup is idempotent, and a taken port fails with a message naming the override variable.
import { existsSync, readFileSync, statSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_URL, TEST_DB_URL } from '../scripts/lib/config.mjs';
import { run } from '../scripts/lib/run.mjs';

const setup = (env: Record<string, string> = {}) => run('bash', ['scripts/setup'], { quiet: true, env });
// Where setup keeps cluster data (the project's .local/, or /var/lib/opsbase when unreachable).
const pgRoot = async () =>
  (await run('bash', ['-c', 'source scripts/lib/env.sh && pg_data_root'], { quiet: true })).stdout.trim();

let squatter: net.Server;
let busyPort: number;

beforeAll(async () => {
  squatter = net.createServer((s) => s.destroy());
  await new Promise<void>((r) => squatter.listen(0, '127.0.0.1', r));
  busyPort = (squatter.address() as net.AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => squatter.close(() => r())));

describe('scripts/setup', () => {
  it('is a no-op when run again: no output, same server processes, same config', async () => {
    expect((await setup()).code).toBe(0);
    const root = await pgRoot();
    const snap = () =>
      [`dev-${new URL(DB_URL).port}`, `test-${new URL(TEST_DB_URL).port}`].map((d) => [
        readFileSync(path.join(root, d, 'postmaster.pid'), 'utf8').split('\n')[0],
        statSync(path.join(root, d, 'opsbase.conf')).mtimeMs,
      ]);
    const before = snap();
    const again = await setup();
    expect(again.code).toBe(0);
    expect(again.stderr).toBe('');
    expect(again.stdout).toBe('');
    expect(snap()).toEqual(before);
  });

  it('names SUPABASE_TEST_DB_URL when the test cluster port is taken, and creates nothing', async () => {
    const r = await setup({ SUPABASE_TEST_DB_URL: `postgresql://postgres:postgres@127.0.0.1:${busyPort}/postgres` });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(`port ${busyPort} is already in use`);
    expect(r.stderr).toContain('SUPABASE_TEST_DB_URL=');
    expect(existsSync(path.join(await pgRoot(), `test-${busyPort}`))).toBe(false);
  });

  it('names REDIS_URL when the Redis port is taken', async () => {
    const r = await setup({ REDIS_URL: `redis://127.0.0.1:${busyPort}` });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(`port ${busyPort} is already in use`);
    expect(r.stderr).toContain('REDIS_URL=');
  });
});
