import { loadConfig } from '../_shared/config.ts';
import { getPool } from '../_shared/db.ts';
import { getRedis } from '../_shared/redis.ts';
import { createHandler } from './handler.ts';

const config = loadConfig();
if (!config.REDIS_URL) throw new Error('cache-invalidate needs REDIS_URL');
const num = (name: string) => (Deno.env.get(name) ? Number(Deno.env.get(name)) : undefined);

Deno.serve(createHandler({
  pool: getPool(config.SUPABASE_DB_URL),
  redis: getRedis(config.REDIS_URL),
  // One consumer name per instance: the outbox only lets the current lease holder ack.
  consumer: `cache-invalidate@${crypto.randomUUID()}`,
  serviceRoleKey: config.SUPABASE_SERVICE_ROLE_KEY,
  signingSecret: config.OPSBASE_FUNCTIONS_SECRET,
  batchSize: num('CACHE_INVALIDATE_BATCH'),
  visibilitySeconds: num('CACHE_INVALIDATE_VISIBILITY_SECONDS'),
}));
