// The ops dashboard: GET /ops-dashboard (the page), /ops-dashboard/api/<section>?window=24h (the
// JSON of ops.dashboard(section, window)), /ops-dashboard/assets/<file> and /ops-dashboard/docs/<file>.md.
// Every route needs the service-role key as a bearer token or a session cookie obtained with
// ?token=<service-role key> (verify_jwt is off: an anon JWT is a valid JWT, and must not pass).
// Data assembly stays in SQL; this only routes, authenticates and serves files.
import { isServiceRole, safeEqual } from '../_shared/auth.ts';
import { getPool } from '../_shared/db.ts';
import { json, problem } from '../_shared/http.ts';
import { asset, doc, page } from './assets.ts';
import { COOKIE, issueSession, readCookie, sessionCookie, validSession } from './session.ts';

export const SECTIONS = ['overview', 'queries', 'indexes', 'bloat', 'jobs', 'partitions', 'alerts', 'coordination'];

// Pages and data are private and change on every refresh.
const PRIVATE = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };
// Everything the page loads comes from this function: no inline script, no third-party origin.
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "base-uri 'self'; form-action 'none'; frame-ancestors 'none'";

/** `30m`, `6h`, `7d` → a Postgres interval; the range itself is ops.dashboard's to check. */
export function parseWindow(raw: string | null): string | Error {
  if (raw === null || raw === '') return '24 hours';
  const m = /^(\d{1,5})([mhd])$/.exec(raw);
  if (!m) return new Error(`window must look like 30m, 6h or 7d, got "${raw}"`);
  return `${m[1]} ${{ m: 'minutes', h: 'hours', d: 'days' }[m[2] as 'm' | 'h' | 'd']}`;
}

type Env = { dbUrl: string; serviceRoleKey: string; sessionTtlSeconds?: number };

export function createHandler(env: Env) {
  const ttl = env.sessionTtlSeconds ?? 8 * 3600;

  async function section(name: string, window: string): Promise<Response> {
    const client = await getPool(env.dbUrl).connect();
    try {
      await client.query('begin read only');
      await client.query('set local role service_role');
      await client.query(`set local statement_timeout = '15s'`);
      const { rows } = await client.query('select ops.dashboard($1, $2::interval) as data', [name, window]);
      await client.query('commit');
      return json(rows[0].data, 200, PRIVATE);
    } catch (err) {
      await client.query('rollback').catch(() => {});
      const e = err as { code?: string; message?: string };
      if (e.code === '22023') return problem(400, e.message ?? 'invalid parameter');
      console.error(`ops-dashboard: section ${name} failed:`, err);
      return problem(500, `section ${name} failed`);
    } finally {
      client.release();
    }
  }

  function unauthorized(req: Request): Response {
    if (!(req.headers.get('accept') ?? '').includes('text/html')) return problem(401, 'service role key or dashboard session required');
    return new Response(
      '<!doctype html><title>ops dashboard: 401</title><p>Open this page with <code>?token=&lt;service-role key&gt;</code>, ' +
        'or send the key as <code>Authorization: Bearer</code>.</p>',
      { status: 401, headers: { 'content-type': 'text/html; charset=utf-8', ...PRIVATE } },
    );
  }

  return async (req: Request): Promise<Response> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return problem(405, 'method not allowed');
    const url = new URL(req.url);
    // The platform passes /ops-dashboard/...; tolerate being mounted without the name too.
    const path = url.pathname.replace(/^\/ops-dashboard(?=\/|$)/, '') || '';

    const token = url.searchParams.get('token');
    if (token !== null) {
      if (!safeEqual(token, env.serviceRoleKey)) return unauthorized(req);
      // Swap the key for a cookie and drop it from the address bar (and from history) at once.
      url.searchParams.delete('token');
      const last = url.pathname.endsWith('/') ? './' : url.pathname.split('/').pop()!;
      const secure = url.protocol === 'https:' || req.headers.get('x-forwarded-proto') === 'https';
      return new Response(null, {
        status: 303,
        headers: { location: `${last}${url.search}`, 'set-cookie': sessionCookie(await issueSession(env.serviceRoleKey, ttl), ttl, secure), ...PRIVATE },
      });
    }
    const authed = isServiceRole(req, env.serviceRoleKey) || await validSession(readCookie(req, COOKIE), env.serviceRoleKey);
    if (!authed) return unauthorized(req);

    if (path === '' || path === '/') {
      // Relative URLs in the page resolve against this base whether or not the address ends in '/'.
      const base = path === '/' ? './' : 'ops-dashboard/';
      const html = (await page()).replace('<base href="./">', `<base href="${base}">`);
      return new Response(html, { headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': CSP, ...PRIVATE } });
    }
    let m = /^\/api\/([a-z]+)$/.exec(path);
    if (m) {
      if (!SECTIONS.includes(m[1])) return problem(404, `unknown section ${m[1]}; one of ${SECTIONS.join(', ')}`);
      const window = parseWindow(url.searchParams.get('window'));
      if (window instanceof Error) return problem(400, window.message);
      return await section(m[1], window);
    }
    m = /^\/assets\/([A-Za-z.]+)$/.exec(path);
    if (m) {
      const a = await asset(m[1]);
      if (a) return new Response(a.body, { headers: { 'content-type': a.type, 'cache-control': 'private, max-age=300', 'x-content-type-options': 'nosniff' } });
    }
    m = /^\/docs\/([a-z]+\.md)$/.exec(path);
    if (m) {
      const html = await doc(m[1]);
      if (html) return new Response(html, { headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': CSP, ...PRIVATE } });
    }
    return problem(404, 'not found');
  };
}
