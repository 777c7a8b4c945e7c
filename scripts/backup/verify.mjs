// opsbase backup verify FILE --scratch-url URL: recreate the scratch database, restore the dump
// into it in one transaction, and compute the table digests inside that same transaction, before
// it commits, so pg_cron jobs restored with the data cannot change anything before we measure.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { withDatabase } from '../lib/config.mjs';
import { CliError, EXIT, parseArgs, reporter } from '../migrate/cli-kit.mjs';
import { describeUrl } from '../migrate/context.mjs';
import { connect } from '../migrate/ledger.mjs';
import { libpqEnv, pgTool } from '../migrate/schema-snapshot.mjs';
import { readManifest, sha256File } from './cli.mjs';
import { compareDigests, DIGEST_QUERY, DIGEST_SETTINGS } from './digest.mjs';

const MARK = 'OPSBASE_DIGEST ';

export async function verifyBackup(argv) {
  const { opts, positional } = parseArgs(argv, { valued: ['scratch-url'], booleans: ['json', 'quiet'] });
  const out = reporter(opts);
  const [file] = positional;
  if (!file || positional.length > 1) throw new CliError('usage: opsbase backup verify FILE --scratch-url URL');
  if (!existsSync(file)) throw new CliError(`no such backup: ${file}`);
  const scratch = opts.scratchUrl ?? process.env.OPSBASE_SCRATCH_DB_URL;
  if (!scratch) throw new CliError('backup verify needs --scratch-url (or OPSBASE_SCRATCH_DB_URL): a database it may drop and recreate');
  const manifest = readManifest(file);
  if (describeUrl(scratch) === manifest.source) throw new CliError(`--scratch-url is the database the backup was taken from (${manifest.source}); refusing to drop it`);

  const sha = await sha256File(file);
  if (sha !== manifest.dumpSha256) {
    throw new CliError(`${file} does not match its manifest (sha256 ${sha.slice(0, 12)}…, manifest ${manifest.dumpSha256.slice(0, 12)}…): corrupt or replaced`, EXIT.failed);
  }
  const step1 = out.step(1, 2, `recreate ${describeUrl(scratch)}`);
  await recreateEmpty(scratch);
  step1('ok');
  const step2 = out.step(2, 2, `restore ${file} and measure`);
  const actual = await restoreAndDigest(file, scratch);
  step2('ok');

  const tables = compareDigests(manifest.tables, actual);
  const bad = tables.filter((t) => !t.ok);
  out.result({ ok: bad.length === 0, backup: file, source: manifest.source, scratch: describeUrl(scratch), tables },
    [
      ...tables.map((t) => (t.ok ? `ok    ${t.table}: ${t.rows} rows, checksum equal` : `FAIL  ${t.table}: ${t.problem} (rows ${t.rows ?? '-'} vs ${t.expectedRows ?? '-'})`)),
      `${tables.length - bad.length} of ${tables.length} tables equal${bad.length ? `; ${bad.length} differ` : ''}`,
    ]);
  return bad.length ? EXIT.failed : EXIT.ok;
}

/** Drop and create the scratch database empty (template0): the dump brings every object. */
async function recreateEmpty(url) {
  const name = new URL(url).pathname.slice(1);
  const admin = await connect(withDatabase(url, 'template1'));
  const q = `"${name.replaceAll('"', '""')}"`;
  try {
    await admin.query(`drop database if exists ${q} with (force)`);
    await admin.query(`create database ${q} template template0`);
  } finally {
    await admin.end();
  }
}

function restoreAndDigest(file, url) {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, ...libpqEnv(url), PGOPTIONS: '-c client_min_messages=warning' };
    const restore = spawn(pgTool('pg_restore'), ['--file=-', file], { env });
    const psql = spawn(pgTool('psql'), ['-XAtq', '-v', 'ON_ERROR_STOP=1', '--single-transaction', '-f', '-', url], { env });
    let stdout = '';
    let stderr = '';
    restore.stderr.on('data', (d) => (stderr += d));
    psql.stdout.on('data', (d) => (stdout += d));
    psql.stderr.on('data', (d) => (stderr += d));
    restore.stdout.pipe(psql.stdin, { end: false });
    restore.on('close', (code) => {
      if (code !== 0) psql.stdin.end('\n\\q\n');
      else psql.stdin.end(`\n${DIGEST_SETTINGS}\nselect '${MARK}' || (${DIGEST_QUERY});\n`);
    });
    psql.on('error', reject);
    psql.on('close', (code) => {
      const line = stdout.split('\n').find((l) => l.startsWith(MARK));
      if (code !== 0 || !line) return reject(new CliError(`restore into ${describeUrl(url)} failed (psql exit ${code}):\n${stderr.trim()}`, EXIT.failed));
      resolve(JSON.parse(line.slice(MARK.length)));
    });
  });
}
