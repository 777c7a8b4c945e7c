// Alert fan-out end to end: ops.create_performance_alert commits an outbox event, the outbox
// trigger queues a signed net.http_post wake-up, the relay calls alert-fanout behind the gateway
// (a Deno process), and loopback receivers stand in for Slack and PagerDuty. Timers with no event
// (a retry's backoff) are driven by the opsbase-alert-fanout-tick cron command.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDIS_URL, TEST_DB_URL } from '../../scripts/lib/config.mjs';
import { FUNCTIONS_SECRET } from '../../scripts/lib/keys.mjs';
import { accepts, freePort, startGateway, startRelay, waitFor } from '../../scripts/lib/procs.mjs';

type Hit = { path: string; body: any; status: number };
const hits: Hit[] = [];
const failNext = new Map<string, number>(); // path -> how many 503s to answer first
let receiver: http.Server;
let base: string;
let fnUrl: string;
type Proc = Awaited<ReturnType<typeof startRelay>>;
let relay: Proc;
let gateway: Proc;
const db = new pg.Client({ connectionString: TEST_DB_URL });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const at = (path: string) => hits.filter((h) => h.path === path);

/** What the opsbase-alert-fanout-tick cron job runs each minute, run now. */
async function cronTick() {
  const { rows } = await db.query(`select command from cron.job where jobname = 'opsbase-alert-fanout-tick'`);
  await db.query(rows[0].command);
}

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      const left = failNext.get(path) ?? 0;
      const status = left > 0 ? 503 : path === '/pd' ? 202 : 200;
      if (left > 0) failNext.set(path, left - 1);
      hits.push({ path, body: JSON.parse(Buffer.concat(chunks).toString('utf8')), status });
      res.writeHead(status).end(status < 300 ? 'ok' : 'unavailable');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

  await db.connect();
  const port = (await accepts(54403)) ? await freePort() : 54403;
  const functionsUrl = `http://127.0.0.1:${port}/functions/v1`;
  fnUrl = `${functionsUrl}/alert-fanout`;
  await db.query(`delete from ops.alert_notifications; delete from ops.alert_groups; delete from ops.alert_states;
    delete from ops.alert_routes; delete from ops.alert_receivers; delete from ops.outbox where topic = 'alert';
    delete from ops.performance_alerts where object_name like 'e2e:%'; delete from net.http_request_queue`);
  await db.query(`insert into ops.alert_receivers (name, kind, url_secret, key_secret, backoff_base) values
    ('slack-ops', 'slack', 'ALERT_E2E_SLACK_URL', null, '6 seconds'),
    ('pd', 'pagerduty', 'ALERT_E2E_PD_URL', 'ALERT_E2E_PD_KEY', '6 seconds')`);
  const { rows: [root] } = await db.query(`insert into ops.alert_routes (name, receiver, group_by, group_wait, group_interval)
    values ('root', 'slack-ops', '{alertname,object}', '0 seconds', '1 second') returning id`);
  await db.query(`insert into ops.alert_routes (name, parent_id, position, receiver, continue_matching) values
    ('to-slack', $1, 0, 'slack-ops', true), ('to-pd', $1, 1, 'pd', true)`, [root.id]);
  await db.query(`insert into ops.settings (key, value) values ('opsbase_functions_url', $1), ('opsbase_functions_secret', $2)
    on conflict (key) do update set value = excluded.value`, [functionsUrl, FUNCTIONS_SECRET]);
  relay = await startRelay(TEST_DB_URL);
  gateway = await startGateway({
    dbUrl: TEST_DB_URL, redisUrl: REDIS_URL, functionsUrl, needs: ['alert-fanout'],
    // The function waits in-process for timers due within 3 s; later ones need the cron wake-up.
    env: { ALERT_E2E_SLACK_URL: `${base}/slack`, ALERT_E2E_PD_URL: `${base}/pd`, ALERT_E2E_PD_KEY: 'e2e-routing-key', ALERT_FANOUT_LINGER_MS: '3000' },
  });
}, 120_000);

afterAll(async () => {
  await db.query(`delete from ops.settings where key in ('opsbase_functions_url', 'opsbase_functions_secret')`).catch(() => {});
  await db.query(`delete from ops.alert_notifications; delete from ops.alert_groups; delete from ops.alert_states;
    delete from ops.alert_routes; delete from ops.alert_receivers; delete from ops.outbox where topic = 'alert'`).catch(() => {});
  if (process.env.ALERT_E2E_DEBUG) console.log(gateway?.output(), relay?.output());
  await Promise.allSettled([gateway?.stop(), relay?.stop()]);
  await new Promise((r) => receiver?.close(r));
  await db.end();
}, 60_000);

describe('alert fan-out, end to end', () => {
  it('a performance alert reaches Slack and PagerDuty once, and its resolve once each', async () => {
    const { rows: [{ id }] } = await db.query(
      `select ops.create_performance_alert('slow_query', 'critical', 'e2e: mean 3 s', '{}', 'e2e:q1', 3000) as id`);
    await waitFor(() => at('/slack').length === 1 && at('/pd').length === 1, 20_000, 'the trigger notifications');
    expect(at('/pd')[0].body).toMatchObject({ event_action: 'trigger', dedup_key: 'opsbase:slow_query:e2e:q1', routing_key: 'e2e-routing-key' });
    expect(at('/slack')[0].body.text).toMatch(/FIRING/);
    // Repeats of an open alert write no event and send nothing.
    await db.query(`select ops.create_performance_alert('slow_query', 'critical', 'e2e: mean 3.1 s', '{}', 'e2e:q1', 3100)`);
    await db.query(`select ops.resolve_performance_alert($1, 'fixed', 'e2e')`, [id]);
    await waitFor(() => at('/slack').length === 2 && at('/pd').length === 2, 20_000, 'the resolved notifications');
    await sleep(1_500);
    await cronTick();
    await sleep(1_500);
    expect(at('/slack').length).toBe(2);
    expect(at('/slack')[1].body.text).toMatch(/RESOLVED/);
    expect(at('/pd').map((h) => h.body.event_action)).toEqual(['trigger', 'resolve']);
    expect(at('/pd')[1].body.dedup_key).toBe('opsbase:slow_query:e2e:q1');
  }, 60_000);

  it('a retry waiting on backoff is sent by the cron wake-up, once', async () => {
    hits.length = 0;
    failNext.set('/slack', 1);
    await db.query(`select ops.create_performance_alert('slow_query', 'warning', 'e2e: retry', '{}', 'e2e:q2', 700)`);
    await waitFor(() => at('/slack').length === 1 && at('/pd').length === 1, 20_000, 'the first attempts');
    expect(at('/slack')[0].status).toBe(503);
    const { rows: [n] } = await db.query(
      `select status, next_attempt_at > now() as later from ops.alert_notifications where receiver = 'slack-ops' order by id desc limit 1`);
    expect(n).toEqual({ status: 'pending', later: true });
    await waitFor(async () => {
      await cronTick();
      return at('/slack').some((h) => h.status === 200);
    }, 20_000, 'the retry', 500);
    await sleep(1_000);
    expect(at('/slack').map((h) => h.status)).toEqual([503, 200]);
    expect(at('/pd').length).toBe(1);
  }, 60_000);

  it('through the gateway, a missing or forged signature is 401 and delivers nothing', async () => {
    hits.length = 0;
    await db.query(`delete from ops.settings where key = 'opsbase_functions_url'`); // no wake-ups
    await db.query(`select ops.create_performance_alert('slow_query', 'warning', 'e2e: unsigned', '{}', 'e2e:q3', 900)`);
    const body = JSON.stringify({ action: 'drain' });
    const unsigned = await fetch(fnUrl, { method: 'POST', body });
    const forged = await fetch(fnUrl, { method: 'POST', body, headers: { 'x-opsbase-signature': `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}` } });
    expect([unsigned.status, forged.status]).toEqual([401, 401]);
    await sleep(1_000);
    expect(hits.length).toBe(0);
    const { rows } = await db.query(`select status from ops.outbox where topic = 'alert' and payload ->> 'fingerprint' = 'slow_query:e2e:q3'`);
    expect(rows).toEqual([{ status: 'pending' }]);
  }, 30_000);
});
