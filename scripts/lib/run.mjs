// Child-process helpers: run a command with inherited output, or capture it.
import { spawn } from 'node:child_process';
import { ROOT } from './config.mjs';

/** Run cmd, streaming output; resolves to { code, stdout } (stdout captured only if capture). */
export function run(cmd, args, { env = {}, capture = false, quiet = false, cwd = ROOT } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', capture || quiet ? 'pipe' : 'inherit', quiet ? 'pipe' : 'inherit'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d) => {
      stdout += d;
      if (!quiet && capture) process.stdout.write(d);
    });
    child.stderr?.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Like run, but throws with the command's stderr when it exits non-zero. */
export async function mustRun(cmd, args, opts) {
  const r = await run(cmd, args, { quiet: true, ...opts });
  if (r.code !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} exited ${r.code}\n${r.stderr}${r.stdout}`);
  }
  return r;
}
