// The front door shared by the outbox consumer functions (cache-invalidate, alert-fanout): POST
// only, the caller verified (HMAC x-opsbase-signature or the service-role bearer) before the body
// is parsed, then the body validated with zod. An unsigned or malformed request never claims work.
import { z } from 'zod';
import { isServiceRole, verifySignature } from './auth.ts';
import { problem } from './http.ts';

const row = z.record(z.string(), z.unknown());

/** Supabase Database Webhook payload; consumers treat it as a wake-up. */
export const webhookRequest = z.object({
  type: z.enum(['INSERT', 'UPDATE', 'DELETE']),
  table: z.string().min(1),
  schema: z.string().min(1),
  record: row.nullable(),
  old_record: row.nullable(),
});

export type CallerEnv = { serviceRoleKey: string; signingSecret?: string };

export type VerifiedRequest<T> = { ok: true; data: T } | { ok: false; response: Response };

export async function readVerifiedRequest<T>(req: Request, env: CallerEnv, schema: z.ZodType<T>): Promise<VerifiedRequest<T>> {
  if (req.method !== 'POST') return { ok: false, response: problem(405, 'method not allowed') };
  const raw = await req.text();
  const signed = env.signingSecret
    ? (await verifySignature(req.headers.get('x-opsbase-signature'), raw, env.signingSecret)).ok
    : false;
  if (!signed && !isServiceRole(req, env.serviceRoleKey)) return { ok: false, response: problem(401, 'unauthorized') };

  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return { ok: false, response: problem(400, 'body is not JSON') };
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    return { ok: false, response: problem(400, 'invalid request', issues) };
  }
  return { ok: true, data: parsed.data };
}
