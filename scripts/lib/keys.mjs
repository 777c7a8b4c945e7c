// Local API keys: HS256 JWTs signed with the local JWT secret, as `supabase start` issues them.
// Never used against a real project, whose keys come from its dashboard.
import { createHmac } from 'node:crypto';

export const JWT_SECRET = process.env.SUPABASE_JWT_SECRET ?? 'super-secret-jwt-token-with-at-least-32-characters-long';

const b64url = (v) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

export function signJwt(claims, secret = JWT_SECRET) {
  const head = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url(claims)}`;
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}

// Fixed iat/exp keep the keys stable across runs, like Supabase's local demo keys.
const base = { iss: 'supabase-demo', iat: 1700000000, exp: 2000000000 };
export const SERVICE_ROLE_KEY = process.env.SUPABASE_SERVICE_ROLE_KEY ?? signJwt({ ...base, role: 'service_role' });
export const ANON_KEY = process.env.SUPABASE_ANON_KEY ?? signJwt({ ...base, role: 'anon' });
// HMAC secret the database signs function calls with (x-opsbase-signature); on Supabase it lives
// in Vault (opsbase_functions_secret) and in the functions' secrets.
export const FUNCTIONS_SECRET = process.env.OPSBASE_FUNCTIONS_SECRET ?? 'local-opsbase-functions-secret-not-for-production';

/** Environment every local function and helper process gets. */
export function functionEnv({ dbUrl, redisUrl, functionsUrl }) {
  return {
    SUPABASE_URL: new URL(functionsUrl).origin,
    SUPABASE_DB_URL: dbUrl,
    REDIS_URL: redisUrl,
    FUNCTIONS_URL: functionsUrl,
    SUPABASE_JWT_SECRET: JWT_SECRET,
    SUPABASE_SERVICE_ROLE_KEY: SERVICE_ROLE_KEY,
    SUPABASE_ANON_KEY: ANON_KEY,
    OPSBASE_FUNCTIONS_SECRET: FUNCTIONS_SECRET,
  };
}
