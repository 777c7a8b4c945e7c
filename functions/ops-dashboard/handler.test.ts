import assert from 'node:assert/strict';
import pg from 'pg';
import { closePool } from '../_shared/db.ts';
import { doc, slug } from './assets.ts';
import { createHandler, parseWindow, SECTIONS } from './handler.ts';
import { COOKIE, issueSession, validSession } from './session.ts';

const dbUrl = Deno.env.get('SUPABASE_DB_URL') ?? 'postgresql://postgres:postgres@127.0.0.1:54332/postgres';
const serviceRoleKey = 'test-service-role-key-0123456789';
const opts = { sanitizeOps: false, sanitizeResources: false };
const handler = createHandler({ dbUrl, serviceRoleKey, sessionTtlSeconds: 60 });

const get = (path: string, headers: Record<string, string> = { authorization: `Bearer ${serviceRoleKey}` }) =>
  handler(new Request(`http://x/ops-dashboard${path}`, { headers }));

Deno.test('ops-dashboard: every section answers the service role with JSON from ops.dashboard', opts, async () => {
  for (const section of SECTIONS) {
    const res = await get(`/api/${section}?window=6h`);
    const body = await res.json();
    assert.equal(res.status, 200, JSON.stringify(body));
    assert.equal(body.section, section);
    assert.equal(body.window_seconds, 6 * 3600);
    assert.equal(res.headers.get('cache-control'), 'no-store');
  }
  const overview = await (await get('/api/overview')).json();
  assert.equal(overview.window_seconds, 86400, 'the default window is 24 hours');
  // One row per configured check, each with a status and a fix.
  const db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  try {
    const { rows: [{ n }] } = await db.query('select count(*)::int as n from ops.monitoring_checks');
    assert.equal(overview.checks.length, n);
  } finally {
    await db.end();
  }
  for (const c of overview.checks) {
    assert.match(c.status, /^(ok|warning|critical|disabled)$/);
    assert.ok(c.fix && c.doc, `check ${c.check} has a fix and a doc link`);
  }
});

Deno.test('ops-dashboard: no credentials, a wrong key, a forged or expired session all get 401', opts, async () => {
  assert.equal((await get('', {})).status, 401);
  assert.equal((await get('/api/overview', {})).status, 401);
  assert.equal((await get('/assets/dashboard.js', {})).status, 401);
  assert.equal((await get('/api/overview', { authorization: 'Bearer anon-key-that-is-not-the-service-role' })).status, 401);
  assert.equal((await get('?token=wrong-key')).status, 401);
  const forged = await issueSession('some-other-key-0123456789', 60);
  assert.equal((await get('/api/overview', { cookie: `${COOKIE}=${forged}` })).status, 401);
  const expired = await issueSession(serviceRoleKey, 60, Date.now() - 120_000);
  assert.equal(await validSession(expired, serviceRoleKey), false);
  assert.equal((await get('/api/overview', { cookie: `${COOKIE}=${expired}` })).status, 401);
  const html = await get('', { accept: 'text/html' });
  assert.equal(html.status, 401);
  assert.match(await html.text(), /\?token=/);
});

Deno.test('ops-dashboard: ?token= becomes an HttpOnly signed cookie and the key leaves the address', opts, async () => {
  const res = await get('?token=' + serviceRoleKey + '&window=6h', {});
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), 'ops-dashboard?window=6h');
  const cookie = res.headers.get('set-cookie')!;
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Strict/);
  assert.match(cookie, /Max-Age=60/);
  const value = /ops_dashboard_session=([^;]+)/.exec(cookie)![1];
  const page = await get('', { cookie: `${COOKIE}=${value}` });
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-security-policy')!, /script-src 'self'/);
  const html = await page.text();
  assert.match(html, /<base href="ops-dashboard\/">/);
  assert.doesNotMatch(html, /https?:\/\//, 'no third-party origin: the page works offline');
  assert.equal((await get('/api/alerts', { cookie: `${COOKIE}=${value}` })).status, 200);
  // With a trailing slash the base is the directory itself.
  assert.match(await (await get('/', { cookie: `${COOKIE}=${value}` })).text(), /<base href="\.\/">/);
});

Deno.test('ops-dashboard: assets are served locally; unknown paths are 404', opts, async () => {
  for (const [name, type] of [['uPlot.min.js', /javascript/], ['uPlot.min.css', /css/], ['dashboard.js', /javascript/]] as const) {
    const res = await get(`/assets/${name}`);
    assert.equal(res.status, 200, name);
    assert.match(res.headers.get('content-type')!, type);
    assert.ok((await res.text()).length > 1000, `${name} has content`);
  }
  assert.equal((await get('/assets/..%2F..%2Fdeno.json')).status, 404);
  assert.equal((await get('/docs/secrets.md')).status, 404);
  assert.equal((await get('/api/everything')).status, 404);
  assert.equal((await handler(new Request('http://x/ops-dashboard', { method: 'POST' }))).status, 405);
});

Deno.test('ops-dashboard: bad windows are a 400 that says why', opts, async () => {
  assert.ok(parseWindow('7d') === '7 days' && parseWindow(null) === '24 hours');
  const bad = await get('/api/overview?window=yesterday');
  assert.equal(bad.status, 400);
  assert.match((await bad.json()).error, /30m, 6h or 7d/);
  const tooLong = await get('/api/overview?window=400d');
  assert.equal(tooLong.status, 400);
  assert.match((await tooLong.json()).error, /between 5 minutes and 90 days/);
});

Deno.test('ops-dashboard: every docs link the SQL emits lands on a heading that exists', opts, async () => {
  const db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  const docs = new Set<string>();
  try {
    const { rows } = await db.query('select doc from ops.dashboard_advice()');
    for (const r of rows) docs.add(r.doc);
    for (const section of SECTIONS) {
      const { rows: [{ d }] } = await db.query('select ops.dashboard($1) as d', [section]);
      JSON.stringify(d, (k, v) => {
        if ((k === 'doc' || k === 'locks_doc') && typeof v === 'string') docs.add(v);
        if (k === 'docs') Object.values(v as Record<string, string>).forEach((x) => docs.add(x));
        return v;
      });
    }
  } finally {
    await db.end();
  }
  assert.ok(docs.size >= 6, [...docs].join(', '));
  for (const link of docs) {
    const [file, anchor] = link.split('#');
    const html = await doc(file);
    assert.ok(html, `${file} is served`);
    assert.ok(html!.includes(`id="${anchor}"`), `${link}: no heading with that anchor`);
  }
  assert.equal(slug('Schedules and `ops.jobs`'), 'schedules-and-opsjobs');
  await closePool();
});
