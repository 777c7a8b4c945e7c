import { loadConfig } from '../_shared/config.ts';
import { getPool } from '../_shared/db.ts';
import { createHandler } from './handler.ts';

const config = loadConfig();
const num = (name: string) => (Deno.env.get(name) ? Number(Deno.env.get(name)) : undefined);

Deno.serve(createHandler({
  pool: getPool(config.SUPABASE_DB_URL),
  // One consumer name per instance: only the lease holder may ack or record.
  consumer: `alert-fanout@${crypto.randomUUID()}`,
  serviceRoleKey: config.SUPABASE_SERVICE_ROLE_KEY,
  signingSecret: config.OPSBASE_FUNCTIONS_SECRET,
  // Receiver URLs and keys: only ALERT_* secrets (the table's check constraint enforces the prefix).
  secret: (name) => (name.startsWith('ALERT_') ? Deno.env.get(name) : undefined),
  lingerMs: num('ALERT_FANOUT_LINGER_MS'),
  timeBudgetMs: num('ALERT_FANOUT_TIME_BUDGET_MS'),
}));
