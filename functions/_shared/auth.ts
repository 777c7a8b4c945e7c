// Caller verification for functions that only the platform or operators may call.
// Two accepted forms: the service-role key as a bearer token, or an HMAC-SHA256 signature over
// "<timestamp>.<body>" (Standard-Webhooks style), fresh within a tolerance to stop replays.

const encoder = new TextEncoder();

/** Constant-time comparison of two strings. */
export function safeEqual(a: string, b: string): boolean {
  const x = encoder.encode(a);
  const y = encoder.encode(b);
  let diff = x.length ^ y.length;
  for (let i = 0; i < Math.max(x.length, y.length); i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}

export function bearerToken(req: Request): string | null {
  const m = /^Bearer\s+(.+)$/i.exec(req.headers.get('authorization') ?? '');
  return m ? m[1].trim() : null;
}

export function isServiceRole(req: Request, serviceRoleKey: string): boolean {
  const token = bearerToken(req);
  return token !== null && safeEqual(token, serviceRoleKey);
}

export async function hmacHex(secret: string, message: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  const sig = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(message)));
  return Array.from(sig, (b) => b.toString(16).padStart(2, '0')).join('');
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

/**
 * Verify `x-opsbase-signature: t=<unix seconds>,v1=<hex hmac of "t.body">`.
 * `now` is injectable for tests; tolerance defaults to five minutes either way.
 */
export async function verifySignature(
  header: string | null,
  body: string,
  secret: string,
  { now = Date.now(), toleranceSeconds = 300 } = {},
): Promise<SignatureCheck> {
  if (!header) return { ok: false, reason: 'missing signature' };
  const parts = Object.fromEntries(header.split(',').map((p) => p.trim().split('=', 2)));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || !parts.v1) return { ok: false, reason: 'malformed signature' };
  if (Math.abs(now / 1000 - t) > toleranceSeconds) return { ok: false, reason: 'signature timestamp outside tolerance' };
  const expected = await hmacHex(secret, `${t}.${body}`);
  return safeEqual(expected, parts.v1) ? { ok: true } : { ok: false, reason: 'signature mismatch' };
}

export async function signatureHeader(body: string, secret: string, now = Date.now()): Promise<string> {
  const t = Math.floor(now / 1000);
  return `t=${t},v1=${await hmacHex(secret, `${t}.${body}`)}`;
}
