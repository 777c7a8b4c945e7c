import { createHandler } from './handler.ts';

Deno.serve(createHandler({ dbUrl: Deno.env.get('SUPABASE_DB_URL')!, redisUrl: Deno.env.get('REDIS_URL') }));
