// alert-fanout: delivers the 'alert' outbox topic to Slack, PagerDuty, signed webhooks and email
// by the routing tree in ops.alert_routes (see drain.ts and docs/alerts.md). Called by the
// net.http_post wake-ups and cron jobs ({"action":"drain"}, HMAC-signed), by Supabase Database
// Webhooks (treated as a wake-up: the outbox, not the webhook body, is the source of truth), or
// by an operator with the service-role key. Callers are verified before the body is parsed.
import { z } from 'zod';
import { isServiceRole, verifySignature } from '../_shared/auth.ts';
import { json, problem } from '../_shared/http.ts';
import { createDrainer, type DrainOptions } from './drain.ts';

const drainRequest = z.object({ action: z.literal('drain') }).strict();

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
