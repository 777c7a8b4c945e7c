// cache-invalidate: drains the cache.invalidate outbox topic into Redis (see drain.ts).
// Called by net.http_post wake-ups and the pg_cron catch-up ({"action":"drain"}, HMAC-signed),
// by Supabase Database Webhooks ({type, table, schema, record, old_record}: treated as a wake-up,
// since the rules in Postgres, not the webhook body, decide what to invalidate), or by an
// operator with the service-role key. verify_jwt is off: callers are verified here, before the
// body is parsed, so an unsigned or malformed request never claims anything.
import { z } from 'zod';
import { type CallerEnv, readVerifiedRequest, webhookRequest } from '../_shared/consumer-request.ts';
import { json } from '../_shared/http.ts';
import { createDrainer, type DrainOptions } from './drain.ts';

const drainRequest = z.object({
  action: z.literal('drain'),
  max_events: z.number().int().min(1).max(100_000).optional(),
}).strict();

export const requestBody = z.union([drainRequest, webhookRequest]);

export type HandlerEnv = DrainOptions & CallerEnv;

export function createHandler(env: HandlerEnv) {
  const drainer = createDrainer(env);
  return async (req: Request): Promise<Response> => {
    const request = await readVerifiedRequest(req, env, requestBody);
    if (!request.ok) return request.response;
    const trigger = 'action' in request.data ? 'drain' : 'webhook';
    if (drainer.busy()) {
      // A run is going: it makes one more pass for this wake-up. Answer now, don't hold the caller.
      drainer.poke();
      return json({ trigger, joined: true }, 202);
    }
    const counts = await drainer.drain('action' in request.data ? request.data.max_events : undefined);
    // 503 tells the caller (and net._http_response) that Redis failed and events were given back.
    return json({ trigger, ...counts }, counts.error ? 503 : 200);
  };
}
