// A throwaway database in the dev cluster, so benches never write into app data.
import pg from 'pg';
import { withDatabase } from '../../lib/config.mjs';

// Only names like this are ever dropped, so a typo can't take out a real database.
const SCRATCH_NAME = /^opsbase_bench[a-z0-9_]*$/;

async function admin(url, sql) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

// Drops any leftover copy (e.g. from an interrupted run) and creates it fresh.
// Returns { url, drop }; callers drop it in a finally block.
export async function createScratchDb(adminUrl, name = 'opsbase_bench') {
  if (!SCRATCH_NAME.test(name)) throw new Error(`refusing to use ${name} as a scratch database`);
  // FORCE ends stray sessions (e.g. a pgbench killed mid-run) that would block the drop.
  await admin(adminUrl, `drop database if exists ${name} with (force)`);
  await admin(adminUrl, `create database ${name}`);
  return {
    url: withDatabase(adminUrl, name),
    drop: () => admin(adminUrl, `drop database if exists ${name} with (force)`),
  };
}
