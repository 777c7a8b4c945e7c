// Channel request builders and Retry-After parsing, without a network.
import assert from 'node:assert/strict';
import { verifySignature } from '../_shared/auth.ts';
import { type Alert, buildRequests, ConfigError, dedupKey, type Notification, PAGERDUTY_URL, RESEND_URL } from './channels.ts';
import { parseRetryAfter } from './send.ts';

const alert = (i: number, status: Alert['status'] = 'firing'): Alert => ({
  fingerprint: `slow_query:q${i}`, status, severity: 'critical', message: `query ${i} is slow`,
  labels: { alertname: 'slow_query', severity: 'critical', object: `q${i}` }, starts_at: '2026-11-24T12:00:00Z',
});

function notification(kind: Notification['kind'], alerts: Alert[], extra: Partial<Notification> = {}): Notification {
  const firing = alerts.filter((a) => a.status === 'firing').length;
  return {
    id: '7', generation: 2, state: firing ? 'firing' : 'resolved', receiver: 'r', kind,
    url_secret: 'ALERT_URL', key_secret: 'ALERT_KEY', settings: {},
    payload: { route: 'root', group_key: 'root:{"alertname": "slow_query"}', group_labels: { alertname: 'slow_query' },
      firing, resolved: alerts.length - firing, alerts },
    ...extra,
  };
}

const secrets: Record<string, string> = { ALERT_URL: 'https://example.test/in', ALERT_KEY: 'key-0123456789abcdef' };
const secret = (n: string) => secrets[n];

Deno.test('pagerduty: trigger and resolve per alert, dedup_key from the fingerprint, default endpoint', async () => {
  const reqs = await buildRequests(notification('pagerduty', [alert(1), alert(2, 'resolved')], { url_secret: null }), secret);
  assert.equal(reqs.length, 2);
  assert.ok(reqs.every((r) => r.url === PAGERDUTY_URL));
  const [t, r] = reqs.map((x) => JSON.parse(x.body));
  assert.deepEqual([t.event_action, t.dedup_key, t.routing_key, t.payload.severity], ['trigger', dedupKey('slow_query:q1'), secrets.ALERT_KEY, 'critical']);
  assert.deepEqual(r, { routing_key: secrets.ALERT_KEY, event_action: 'resolve', dedup_key: 'opsbase:slow_query:q2' });
});

Deno.test('webhook: signed over the exact body with the receiver secret, idempotency key per generation', async () => {
  const [req] = await buildRequests(notification('webhook', [alert(1)]), secret);
  assert.ok((await verifySignature(req.headers['x-opsbase-signature'], req.body, secrets.ALERT_KEY)).ok);
  assert.equal(req.headers['idempotency-key'], 'alert-notification-7-2');
  assert.equal(JSON.parse(req.body).id, '7:2');
});

Deno.test('slack: header plus at most 20 alert sections and a "more" line; resolved is a follow-up', async () => {
  const [req] = await buildRequests(notification('slack', Array.from({ length: 25 }, (_, i) => alert(i))), secret);
  const body = JSON.parse(req.body);
  assert.equal(body.blocks[0].type, 'header');
  assert.equal(body.blocks.filter((b: { type: string }) => b.type === 'section').length, 21);
  assert.match(JSON.stringify(body.blocks), /and 5 more/);
  const [res] = await buildRequests(notification('slack', [alert(1, 'resolved')]), secret);
  assert.match(JSON.parse(res.body).text, /^:white_check_mark: \[RESOLVED\]/);
});

Deno.test('email: Resend-style JSON with bearer key, from and to from settings', async () => {
  const [req] = await buildRequests(notification('email', [alert(1)], { url_secret: null, settings: { from: 'ops@x.test', to: ['a@x.test'] } }), secret);
  assert.equal(req.url, RESEND_URL);
  assert.equal(req.headers.authorization, `Bearer ${secrets.ALERT_KEY}`);
  const body = JSON.parse(req.body);
  assert.deepEqual([body.from, body.to], ['ops@x.test', ['a@x.test']]);
  assert.match(body.subject, /FIRING/);
});

Deno.test('a secret that is not set is a ConfigError naming it', async () => {
  await assert.rejects(buildRequests(notification('slack', [alert(1)], { url_secret: 'ALERT_MISSING' }), secret),
    (e: Error) => e instanceof ConfigError && /ALERT_MISSING/.test(e.message));
});

Deno.test('Retry-After: seconds, an HTTP date, garbage', () => {
  assert.equal(parseRetryAfter('7'), 7000);
  assert.equal(parseRetryAfter(new Date(10_000 + 30_000).toUTCString(), 10_000), 30_000);
  assert.equal(parseRetryAfter('soon'), null);
  assert.equal(parseRetryAfter(null), null);
});
