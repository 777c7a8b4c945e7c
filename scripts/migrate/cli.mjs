// `opsbase migrate <command>`: dispatch to one module per command.
import { CliError, EXIT } from './cli-kit.mjs';

const COMMANDS = {
  status: () => import('./status.mjs'),
  up: () => import('./up.mjs'),
  down: () => import('./down.mjs'),
  create: () => import('./create.mjs'),
  lint: () => import('./lint.mjs'),
  verify: () => import('./verify.mjs'),
  test: () => import('./roundtrip.mjs'),
  backfill: () => import('./backfill.mjs'),
};

export async function migrate(argv) {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === 'help' || cmd === '--help' || cmd === '-h') {
    process.stdout.write(`${await help()}\n`);
    return cmd ? EXIT.ok : EXIT.usage;
  }
  const load = COMMANDS[cmd];
  if (!load) throw new CliError(`unknown command "migrate ${cmd}"\n\n${await help()}`);
  return (await load()).run(rest);
}

async function help() {
  const lines = ['usage: opsbase migrate <command> [options]', ''];
  for (const [name, load] of Object.entries(COMMANDS)) lines.push(`  ${(await load()).usage ?? name}`);
  lines.push('', 'Database commands target --db-url, else SUPABASE_DB_URL, else the local dev database.',
    'Exit codes: 0 ok, 1 check failed (drift, lint errors, failed migration), 2 bad input, 3 migration lock busy.',
    'See docs/migrations.md.');
  return lines.join('\n');
}
