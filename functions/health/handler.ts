// Liveness and readiness of what the functions depend on: Postgres (and the ops schema) and Redis.
// Open to anyone by design (verify_jwt = false): it reveals only up/down and latencies.
import { getPool } from '../_shared/db.ts';
import { json } from '../_shared/http.ts';
import { getRedis } from '../_shared/redis.ts';

type Check = { ok: boolean; ms: number; error?: string };

async function timed(fn: () => Promise<unknown>): Promise<Check> {
  const start = performance.now();
  try {
    await fn();
    return { ok: true, ms: Math.round(performance.now() - start) };
  } catch (err) {
    return { ok: false, ms: Math.round(performance.now() - start), error: (err as Error).message };
  }
}

export function createHandler(env: { dbUrl: string; redisUrl?: string }) {
  return async (req: Request): Promise<Response> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return json({ error: 'method not allowed' }, 405);
    const [db, redis] = await Promise.all([
      timed(() => getPool(env.dbUrl).query("select to_regnamespace('ops') is not null as ok")),
      env.redisUrl ? timed(() => getRedis(env.redisUrl!).ping()) : Promise.resolve(undefined),
    ]);
    const checks = redis ? { db, redis } : { db };
    const ok = Object.values(checks).every((c) => c.ok);
    return json({ status: ok ? 'ok' : 'degraded', checks }, ok ? 200 : 503);
  };
}
