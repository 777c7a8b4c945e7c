// Function configuration from the environment, validated once. On Supabase the platform injects
// SUPABASE_URL, SUPABASE_DB_URL and SUPABASE_SERVICE_ROLE_KEY; secrets come from `supabase secrets set`.
import { z } from 'zod';

const schema = z.object({
  SUPABASE_DB_URL: z.string().url(),
  SUPABASE_SERVICE_ROLE_KEY: z.string().min(20),
  REDIS_URL: z.string().url().optional(),
  // HMAC secret for x-opsbase-signature; the same value as Vault's opsbase_functions_secret.
  OPSBASE_FUNCTIONS_SECRET: z.string().min(16).optional(),
});

export type Config = z.infer<typeof schema>;

export function loadConfig(env: Record<string, string | undefined> = Deno.env.toObject()): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => i.path.join('.')).join(', ');
    throw new Error(`invalid function configuration: ${fields}`);
  }
  return parsed.data;
}
