// GET ?metric=summary|slow_queries|bloat|indexes|alerts[&hours=24][&min_ms=500]: ops.report() as JSON.
// Service-role only: the caller must present the service-role key (verify_jwt is off in
// config.toml because this check is stricter than a valid JWT). The report runs under
// `set local role service_role`, so it can read nothing the service role could not.
import { isServiceRole } from '../_shared/auth.ts';
import { getPool } from '../_shared/db.ts';
import { json, problem } from '../_shared/http.ts';

const METRICS = new Set(['summary', 'slow_queries', 'bloat', 'indexes', 'alerts']);

function numberParam(url: URL, name: string): number | null | Error {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === '') return null;
  const n = Number(raw);
  return Number.isFinite(n) ? n : new Error(`${name} must be a number, got "${raw}"`);
}

export function createHandler(env: { dbUrl: string; serviceRoleKey: string }) {
  return async (req: Request): Promise<Response> => {
    if (req.method !== 'GET') return problem(405, 'method not allowed');
    if (!isServiceRole(req, env.serviceRoleKey)) return problem(401, 'service role key required');

    const url = new URL(req.url);
    const metric = url.searchParams.get('metric') ?? 'summary';
    if (!METRICS.has(metric)) return problem(400, `metric must be one of ${[...METRICS].join(', ')}`);
    const hours = numberParam(url, 'hours');
    const minMs = numberParam(url, 'min_ms');
    for (const p of [hours, minMs]) if (p instanceof Error) return problem(400, p.message);

    const client = await getPool(env.dbUrl).connect();
    try {
      await client.query('begin read only');
      await client.query('set local role service_role');
      const { rows } = await client.query('select ops.report($1, $2, $3) as report', [metric, hours ?? 24, minMs]);
      await client.query('commit');
      return json(rows[0].report);
    } catch (err) {
      await client.query('rollback').catch(() => {});
      const e = err as { code?: string; message?: string };
      // invalid_parameter_value from the report's own argument checks: the caller's mistake.
      if (e.code === '22023') return problem(400, e.message ?? 'invalid parameter');
      console.error('performance report failed:', err);
      return problem(500, 'report failed');
    } finally {
      client.release();
    }
  };
}
