// alert-fanout: delivers the 'alert' outbox topic to Slack, PagerDuty, signed webhooks and email
// by the routing tree in ops.alert_routes (see drain.ts and docs/alerts.md). Called by the
// net.http_post wake-ups and cron jobs ({"action":"drain"}, HMAC-signed), by Supabase Database
// Webhooks (treated as a wake-up: the outbox, not the webhook body, is the source of truth), or
// by an operator with the service-role key. Callers are verified before the body is parsed.
import { z } from 'zod';
import { type CallerEnv, readVerifiedRequest, webhookRequest } from '../_shared/consumer-request.ts';
import { json, problem } from '../_shared/http.ts';
import { createDrainer, type DrainOptions } from './drain.ts';

const drainRequest = z.object({ action: z.literal('drain') }).strict();

export const requestBody = z.union([drainRequest, webhookRequest]);

export type HandlerEnv = DrainOptions & CallerEnv;

export function createHandler(env: HandlerEnv) {
  const drainer = createDrainer(env);
  return async (req: Request): Promise<Response> => {
    const request = await readVerifiedRequest(req, env, requestBody);
    if (!request.ok) return request.response;
    const trigger = 'action' in request.data ? 'drain' : 'webhook';
    if (drainer.busy()) {
      drainer.poke();
      return json({ trigger, joined: true }, 202);
    }
    try {
      return json({ trigger, ...(await drainer.drain()) });
    } catch (err) {
      // Database unreachable or a bug: claimed work goes back when its lease runs out.
      console.error(`[alert-fanout] drain failed: ${(err as Error).message}`);
      return problem(503, 'drain failed', (err as Error).message);
    }
  };
}
