// opsbase backup [--db-url URL] [--out FILE]: pg_dump in custom format plus a manifest of
// per-table row counts and checksums taken from the very snapshot the dump reads.
// opsbase backup verify FILE --scratch-url URL: restore into a scratch database and compare.
import { createReadStream, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { DB_URL, ROOT } from '../lib/config.mjs';
import { mustRun } from '../lib/run.mjs';
import { CliError, EXIT, parseArgs, reporter } from '../migrate/cli-kit.mjs';
import { describeUrl } from '../migrate/context.mjs';
import { connect } from '../migrate/ledger.mjs';
import { libpqEnv, pgTool } from '../migrate/schema-snapshot.mjs';
import { DIGEST_QUERY, DIGEST_SETTINGS } from './digest.mjs';
import { verifyBackup } from './verify.mjs';

export async function backup(argv) {
  if (argv[0] === 'verify') return verifyBackup(argv.slice(1));
  const { opts } = parseArgs(argv, { valued: ['db-url', 'out'], booleans: ['json', 'quiet'] });
  const out = reporter(opts);
  const url = opts.dbUrl ?? DB_URL;
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
  const file = path.resolve(opts.out ?? path.join(ROOT, '.local/backups', `${new URL(url).pathname.slice(1) || 'db'}-${stamp}.dump`));
  mkdirSync(path.dirname(file), { recursive: true });

  // Hold a repeatable-read snapshot, digest the tables in it, and let pg_dump share it.
  const client = await connect(url);
  let tables;
  try {
    await client.query('begin isolation level repeatable read, read only');
    const { rows: [{ snap }] } = await client.query('select pg_export_snapshot() as snap');
    const done = out.step(1, 2, `pg_dump --format=custom of ${describeUrl(url)}`);
    const dump = mustRun(pgTool('pg_dump'), ['--format=custom', `--snapshot=${snap}`, `--file=${file}`, `--dbname=${url}`], { env: libpqEnv(url) });
    await client.query(DIGEST_SETTINGS);
    tables = (await client.query(DIGEST_QUERY)).rows[0].digests;
    await dump;
    done(`${statSync(file).size} bytes`);
    await client.query('commit');
  } finally {
    await client.end();
  }
  const manifest = {
    format: 'opsbase-backup/1',
    source: describeUrl(url),
    createdAt: new Date().toISOString(),
    dump: path.basename(file),
    dumpSha256: await sha256File(file),
    tables,
  };
  writeFileSync(`${file}.manifest.json`, `${JSON.stringify(manifest, null, 2)}\n`);
  out.step(2, 2, 'manifest')(`${tables.length} tables`);
  out.result({ file, manifest: `${file}.manifest.json`, tables: tables.length, bytes: statSync(file).size },
    [`backup ${file}`, `manifest ${file}.manifest.json (${tables.length} tables, ${tables.reduce((s, t) => s + Number(t.rows), 0)} rows)`]);
  return EXIT.ok;
}

export function sha256File(file) {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(file).on('data', (d) => h.update(d)).on('end', () => resolve(h.digest('hex'))).on('error', reject);
  });
}

export function readManifest(file) {
  try {
    return JSON.parse(readFileSync(`${file}.manifest.json`, 'utf8'));
  } catch (err) {
    throw new CliError(`cannot read ${file}.manifest.json (written by opsbase backup): ${err.message}`);
  }
}
