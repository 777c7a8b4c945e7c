// One small pg pool per function instance. Edge functions are short-lived; keep the pool tiny.
import pg from 'pg';

let pool: pg.Pool | null = null;

export function getPool(url: string): pg.Pool {
  pool ??= new pg.Pool({ connectionString: url, max: 3, idleTimeoutMillis: 10_000, connectionTimeoutMillis: 5_000 });
  return pool;
}

export async function closePool(): Promise<void> {
  await pool?.end();
  pool = null;
}
