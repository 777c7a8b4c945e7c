// cache-invalidate: drains the cache.invalidate outbox topic into Redis (see drain.ts).
// Called by net.http_post wake-ups and the pg_cron catch-up ({"action":"drain"}, HMAC-signed),
// by Supabase Database Webhooks ({type, table, schema, record, old_record}: treated as a wake-up,
// since the rules in Postgres, not the webhook body, decide what to invalidate), or by an
// operator with the service-role key. verify_jwt is off: callers are verified here, before the
// body is parsed, so an unsigned or malformed request never claims anything.
import { z } from 'zod';
import { isServiceRole, verifySignature } from '../_shared/auth.ts';
import { json, problem } from '../_shared/http.ts';
import { createDrainer, type DrainOptions } from './drain.ts';

const drainRequest = z.object({
  action: z.literal('drain'),
  max_events: z.number().int().min(1).max(100_000).optional(),
}).strict();

const row = z.record(z.string(), z.unknown());
const webhookRequest = z.object({
  type: z.enum(['INSERT', 'UPDATE', 'DELETE']),
  table: z.string().min(1),
  schema: z.string().min(1),
  record: row.nullable(),
  old_record: row.nullable(),
});

export const requestBody = z.union([drainRequest, webhookRequest]);

export type HandlerEnv = DrainOptions & { serviceRoleKey: string; signingSecret?: string };

export function createHandler(env: HandlerEnv) {
  const drainer = createDrainer(env);
  return async (req: Request): Promise<Response> => {
    if (req.method !== 'POST') return problem(405, 'method not allowed');
    const raw = await req.text();
    const signed = env.signingSecret
      ? (await verifySignature(req.headers.get('x-opsbase-signature'), raw, env.signingSecret)).ok
      : false;
    if (!signed && !isServiceRole(req, env.serviceRoleKey)) return problem(401, 'unauthorized');

    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return problem(400, 'body is not JSON');
    }
    const parsed = requestBody.safeParse(body);
    if (!parsed.success) {
      return problem(400, 'invalid request', parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
    }
    const trigger = 'action' in parsed.data ? 'drain' : 'webhook';
    if (drainer.busy()) {
      // A run is going: it makes one more pass for this wake-up. Answer now, don't hold the caller.
      drainer.poke();
      return json({ trigger, joined: true }, 202);
    }
    const counts = await drainer.drain('action' in parsed.data ? parsed.data.max_events : undefined);
    // 503 tells the caller (and net._http_response) that Redis failed and events were given back.
    return json({ trigger, ...counts }, counts.error ? 503 : 200);
  };
}
