// `supabase db push`, one migration at a time. The CLI applies every pending file; handing it a
// throwaway workdir that holds only the files up to one version makes it apply exactly that
// version, so each migration gets its own progress line, timing and failure report, while the
// real CLI still writes Supabase's ledger and runs each file in its own transaction.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { supabase } from '../lib/db.mjs';

/**
 * Push every migration in `files` that the database lacks (normally: all applied ones plus one
 * pending). Resolves to { ok, output } and never throws for a failed migration.
 */
export async function pushFiles(paths, url, files, { includeAll = false } = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'opsbase-push-'));
  try {
    const migrations = path.join(dir, 'supabase/migrations');
    mkdirSync(migrations, { recursive: true });
    if (existsSync(paths.config)) copyFileSync(paths.config, path.join(dir, 'supabase/config.toml'));
    // The bytes read (and checksummed) before the push, not whatever the file holds by now.
    for (const m of files) writeFileSync(path.join(migrations, m.file), m.sql);
    const args = ['db', 'push', '--yes', '--workdir', dir, ...(includeAll ? ['--include-all'] : [])];
    const r = await supabase(args, url, { must: false });
    return { ok: r.code === 0, output: `${r.stderr}${r.stdout}`.trim() };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The CLI's error lines without its banner ("Target: ...", "Applying migration ..."). */
export function pushError(output) {
  const lines = output.split('\n').filter((l) => !/^(Target:|Confirmed by|Applying migration|Connecting to|Try rerunning|Finished supabase)/.test(l));
  return lines.join('\n').trim() || output;
}
