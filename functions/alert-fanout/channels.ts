// One notification (a group's alert set) as the HTTP request(s) each channel expects. Pure: the
// receiver row names its secrets, `secret(name)` resolves them (function env on Supabase).
import { signatureHeader } from '../_shared/auth.ts';

export type Alert = {
  fingerprint: string;
  status: 'firing' | 'resolved';
  severity: 'info' | 'warning' | 'error' | 'critical';
  labels: Record<string, string>;
  message: string;
  details?: Record<string, unknown>;
  starts_at: string;
  ends_at?: string | null;
};

export type Notification = {
  id: string;
  generation: number;
  state: 'firing' | 'resolved';
  receiver: string;
  kind: 'slack' | 'webhook' | 'pagerduty' | 'email';
  url_secret: string | null;
  key_secret: string | null;
  settings: Record<string, unknown>;
  payload: {
    route: string;
    group_key: string;
    group_labels: Record<string, string>;
    firing: number;
    resolved: number;
    alerts: Alert[];
  };
};

export type OutboundRequest = { url: string; headers: Record<string, string>; body: string };

export const PAGERDUTY_URL = 'https://events.pagerduty.com/v2/enqueue';
export const RESEND_URL = 'https://api.resend.com/emails';

export class ConfigError extends Error {}

function need(secret: (name: string) => string | undefined, name: string | null, what: string): string {
  const v = name ? secret(name) : undefined;
  if (!v) throw new ConfigError(`${what}: secret ${name ?? '(unnamed)'} is not set`);
  return v;
}

const optional = (secret: (name: string) => string | undefined, name: string | null) => (name ? secret(name) : undefined);

function title(n: Notification): string {
  const labels = Object.entries(n.payload.group_labels).map(([k, v]) => `${k}=${v}`).join(' ');
  const counts = n.state === 'firing'
    ? `${n.payload.firing} firing${n.payload.resolved ? `, ${n.payload.resolved} resolved` : ''}`
    : `${n.payload.resolved} resolved`;
  return `[${n.state.toUpperCase()}] ${labels || n.payload.route} (${counts})`;
}

// Slack caps a section's text at 3,000 characters and a message at 50 blocks.
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** Slack incoming webhook, Block Kit. A resolved notification is its own follow-up message. */
function slack(n: Notification, secret: (name: string) => string | undefined): OutboundRequest[] {
  const icon = n.state === 'resolved' ? ':white_check_mark:' : ':rotating_light:';
  const prefix = typeof n.settings.title_prefix === 'string' ? `${n.settings.title_prefix} ` : '';
  const text = `${icon} ${prefix}${title(n)}`;
  const shown = n.payload.alerts.slice(0, 20);
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: clip(`${prefix}${title(n)}`, 150) } },
    ...shown.map((a) => ({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: clip(`*${a.status === 'resolved' ? 'RESOLVED' : a.severity.toUpperCase()}* \`${a.labels.alertname}\` ${a.labels.object ?? ''}\n${a.message}`, 3000),
      },
    })),
    { type: 'context', elements: [{ type: 'mrkdwn', text: clip(`group \`${n.payload.group_key}\` · notification ${n.id}`, 300) }] },
  ];
  if (n.payload.alerts.length > shown.length) {
    blocks.splice(blocks.length - 1, 0, { type: 'section', text: { type: 'mrkdwn', text: `…and ${n.payload.alerts.length - shown.length} more` } });
  }
  const body = JSON.stringify({ text, blocks, ...(typeof n.settings.channel === 'string' ? { channel: n.settings.channel } : {}) });
  return [{ url: need(secret, n.url_secret, n.receiver), headers: { 'content-type': 'application/json' }, body }];
}

/** Generic webhook: the whole notification, HMAC-signed (x-opsbase-signature, timestamped). */
async function webhook(n: Notification, secret: (name: string) => string | undefined, now: number): Promise<OutboundRequest[]> {
  const body = JSON.stringify({
    version: '1',
    id: `${n.id}:${n.generation}`,
    receiver: n.receiver,
    status: n.state,
    group_key: n.payload.group_key,
    group_labels: n.payload.group_labels,
    alerts: n.payload.alerts,
  });
  return [{
    url: need(secret, n.url_secret, n.receiver),
    headers: {
      'content-type': 'application/json',
      'x-opsbase-signature': await signatureHeader(body, need(secret, n.key_secret, n.receiver), now),
      // Receivers can drop a redelivery (at-least-once) by this key.
      'idempotency-key': `alert-notification-${n.id}-${n.generation}`,
    },
    body,
  }];
}

const PD_SEVERITY = { info: 'info', warning: 'warning', error: 'error', critical: 'critical' } as const;

/** PagerDuty Events v2: one event per alert, dedup_key derived from the fingerprint. */
function pagerduty(n: Notification, secret: (name: string) => string | undefined): OutboundRequest[] {
  const routingKey = need(secret, n.key_secret, n.receiver);
  const url = optional(secret, n.url_secret) ?? PAGERDUTY_URL;
  const source = typeof n.settings.source === 'string' ? n.settings.source : 'opsbase';
  return n.payload.alerts.map((a) => ({
    url,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(a.status === 'resolved'
      ? { routing_key: routingKey, event_action: 'resolve', dedup_key: dedupKey(a.fingerprint) }
      : {
        routing_key: routingKey,
        event_action: 'trigger',
        dedup_key: dedupKey(a.fingerprint),
        payload: {
          summary: clip(a.message || `${a.labels.alertname} ${a.labels.object ?? ''}`, 1024),
          source,
          severity: PD_SEVERITY[a.severity],
          timestamp: a.starts_at,
          component: a.labels.object,
          class: a.labels.alertname,
          custom_details: { labels: a.labels, ...(a.details ?? {}) },
        },
      }),
  }));
}

/** Stable per alert: the same fingerprint always maps to the same PagerDuty incident. */
export function dedupKey(fingerprint: string): string {
  return `opsbase:${fingerprint}`.slice(0, 255);
}

/** Resend-style mail API: {from, to, subject, text}. */
function email(n: Notification, secret: (name: string) => string | undefined): OutboundRequest[] {
  const lines = n.payload.alerts.map((a) => `- [${a.status === 'resolved' ? 'RESOLVED' : a.severity}] ${a.labels.alertname} ${a.labels.object ?? ''}: ${a.message}`);
  return [{
    url: optional(secret, n.url_secret) ?? RESEND_URL,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${need(secret, n.key_secret, n.receiver)}`,
      'idempotency-key': `alert-notification-${n.id}-${n.generation}` },
    body: JSON.stringify({ from: n.settings.from, to: n.settings.to, subject: title(n), text: lines.join('\n') }),
  }];
}

export async function buildRequests(
  n: Notification,
  secret: (name: string) => string | undefined,
  now = Date.now(),
): Promise<OutboundRequest[]> {
  switch (n.kind) {
    case 'slack': return slack(n, secret);
    case 'webhook': return await webhook(n, secret, now);
    case 'pagerduty': return pagerduty(n, secret);
    case 'email': return email(n, secret);
  }
}
