#!/usr/bin/env node
// `npm run gen:types`: write functions/_shared/database.types.ts from the database with the real
// Supabase CLI. Pending migrations are pushed first, so the types match supabase/migrations.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { DB_URL, ROOT } from './lib/config.mjs';
import { generateTypes, push } from './lib/db.mjs';

export const TYPES_FILE = path.join(ROOT, 'functions/_shared/database.types.ts');

await push(DB_URL);
writeFileSync(TYPES_FILE, await generateTypes(DB_URL));
console.log(`wrote ${path.relative(ROOT, TYPES_FILE)}`);
