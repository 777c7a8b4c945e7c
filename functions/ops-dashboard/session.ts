// Browser sessions for the dashboard. A browser cannot send the service-role key as a bearer
// header when someone simply opens the page, so `?token=<service-role key>` is exchanged once for
// an HMAC-signed, expiring, HttpOnly cookie. The cookie is keyed on the service-role key itself:
// rotating the key ends every session, and no extra secret has to be provisioned.
import { hmacHex, safeEqual } from '../_shared/auth.ts';

export const COOKIE = 'ops_dashboard_session';
const PURPOSE = 'ops-dashboard-session.v1';

export async function issueSession(key: string, ttlSeconds: number, now = Date.now()): Promise<string> {
  const exp = Math.floor(now / 1000) + ttlSeconds;
  return `v1.${exp}.${await hmacHex(key, `${PURPOSE}.${exp}`)}`;
}

export async function validSession(value: string | null, key: string, now = Date.now()): Promise<boolean> {
  const m = /^v1\.(\d{1,12})\.([0-9a-f]{64})$/.exec(value ?? '');
  if (!m) return false;
  if (Number(m[1]) <= Math.floor(now / 1000)) return false;
  return safeEqual(await hmacHex(key, `${PURPOSE}.${m[1]}`), m[2]);
}

export function readCookie(req: Request, name: string): string | null {
  for (const part of (req.headers.get('cookie') ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return null;
}

/** Set-Cookie for a session. No Path: it defaults to the page's directory, whatever prefix the platform serves functions under. */
export function sessionCookie(value: string, ttlSeconds: number, secure: boolean): string {
  return `${COOKIE}=${value}; Max-Age=${ttlSeconds}; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}
