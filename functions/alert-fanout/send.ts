// Send a notification's requests and classify the outcome the way the notification log wants it:
// sent (every request 2xx), retry (429 with its Retry-After, 5xx, 408, network error, timeout)
// or failed (any other 4xx: resending the same request cannot succeed).
import type { OutboundRequest } from './channels.ts';

export type Outcome = {
  outcome: 'sent' | 'retry' | 'failed';
  statusCode?: number;
  error?: string;
  retryAfterMs?: number;
};

/** Retry-After as delay-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

async function sendOne(req: OutboundRequest, timeoutMs: number): Promise<Outcome> {
  let res: Response;
  try {
    res = await fetch(req.url, { method: 'POST', headers: req.headers, body: req.body, signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    return { outcome: 'retry', error: `network: ${(err as Error).message}` };
  }
  const text = (await res.text().catch(() => '')).slice(0, 500);
  if (res.ok) return { outcome: 'sent', statusCode: res.status };
  const error = `HTTP ${res.status}${text ? `: ${text}` : ''}`;
  if (res.status === 429) {
    return { outcome: 'retry', statusCode: 429, error, retryAfterMs: parseRetryAfter(res.headers.get('retry-after')) ?? undefined };
  }
  if (res.status >= 500 || res.status === 408) return { outcome: 'retry', statusCode: res.status, error };
  return { outcome: 'failed', statusCode: res.status, error };
}

/**
 * Requests go out in order and stop at the first that is not 2xx. A retry resends all of them:
 * for PagerDuty that repeats events under the same dedup_key, which PagerDuty folds together.
 */
export async function sendAll(reqs: OutboundRequest[], timeoutMs = 10_000): Promise<Outcome> {
  let last: Outcome = { outcome: 'sent' };
  for (const r of reqs) {
    last = await sendOne(r, timeoutMs);
    if (last.outcome !== 'sent') return last;
  }
  return last;
}
