// Where a result was measured, recorded with it so numbers from different machines aren't compared blindly.
import os from 'node:os';
import pg from 'pg';

export async function collectEnv(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query('show server_version');
    return {
      pg: rows[0].server_version,
      cpus: os.availableParallelism?.() ?? os.cpus().length,
      node: process.version,
    };
  } finally {
    await client.end();
  }
}
