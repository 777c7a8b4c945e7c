// Lazily created Redis clients, one per URL. When Redis is down, commands fail after one
// reconnect attempt instead of queueing forever, so callers can fall back or report.
import { Redis } from 'ioredis';

const clients = new Map<string, Redis>();

export function getRedis(url: string): Redis {
  let client = clients.get(url);
  if (!client) {
    client = new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 2_000, retryStrategy: (n) => Math.min(n * 200, 2_000) });
    client.on('error', () => {}); // surfaced through command errors; avoid unhandled 'error' events
    clients.set(url, client);
  }
  return client;
}

export function closeRedis(): void {
  for (const c of clients.values()) c.disconnect();
  clients.clear();
}
