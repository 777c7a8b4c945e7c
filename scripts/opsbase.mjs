#!/usr/bin/env node
// The opsbase CLI (`npx opsbase ...`): migrate <command>, backup [verify].
import { CliError, EXIT } from './migrate/cli-kit.mjs';

const USAGE = `usage:
  opsbase migrate <status|up|down|create|lint|verify|test|backfill> [options]   (opsbase migrate help)
  opsbase backup [--db-url URL] [--out FILE]
  opsbase backup verify FILE --scratch-url URL`;

async function main(argv) {
  const [area, ...rest] = argv;
  if (area === 'migrate') return (await import('./migrate/cli.mjs')).migrate(rest);
  if (area === 'backup') return (await import('./backup/cli.mjs')).backup(rest);
  if (!area || area === 'help' || area === '--help' || area === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return area ? EXIT.ok : EXIT.usage;
  }
  throw new CliError(`unknown command "${area}"\n${USAGE}`);
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  const json = process.argv.includes('--json');
  if (err instanceof CliError) {
    if (json) process.stdout.write(`${JSON.stringify({ error: err.message, exitCode: err.code, ...(err.details ? { details: err.details } : {}) }, null, 2)}\n`);
    process.stderr.write(`opsbase: ${err.message}\n`);
    process.exitCode = err.code;
  } else {
    process.stderr.write(`opsbase: unexpected error: ${err?.stack ?? err}\n`);
    process.exitCode = EXIT.failed;
  }
}
