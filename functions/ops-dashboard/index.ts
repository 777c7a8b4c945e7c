import { loadConfig } from '../_shared/config.ts';
import { createHandler } from './handler.ts';

const config = loadConfig();
Deno.serve(createHandler({ dbUrl: config.SUPABASE_DB_URL, serviceRoleKey: config.SUPABASE_SERVICE_ROLE_KEY }));
