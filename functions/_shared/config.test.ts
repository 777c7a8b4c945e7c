import assert from 'node:assert/strict';
import { loadConfig } from './config.ts';

Deno.test('config names every missing or malformed variable', () => {
  assert.throws(() => loadConfig({ SUPABASE_DB_URL: 'not a url' }), /SUPABASE_DB_URL, SUPABASE_SERVICE_ROLE_KEY/);
  const ok = loadConfig({ SUPABASE_DB_URL: 'postgresql://u:p@127.0.0.1:1/db', SUPABASE_SERVICE_ROLE_KEY: 'x'.repeat(40) });
  assert.equal(ok.REDIS_URL, undefined);
});
