// Shared plumbing of the opsbase CLI: argument parsing, exit codes, progress and JSON output.

/** Exit codes, documented in docs/migrations.md; CI keys off them. */
export const EXIT = { ok: 0, failed: 1, usage: 2, locked: 3 };

/** An error meant for the operator: printed without a stack, exits with `code`. */
export class CliError extends Error {
  constructor(message, code = EXIT.usage, details = undefined) {
    super(message);
    this.code = code;
    this.details = details;
  }
}

/**
 * Parse argv. `valued` names the options that take a value (`--steps 2` or `--steps=2`);
 * every other `--flag` is boolean. Unknown options are refused, so a typo never runs a command
 * with defaults.
 */
export function parseArgs(argv, { valued = [], booleans = [] } = {}) {
  const opts = {};
  const positional = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const key = a.slice(2, eq < 0 ? undefined : eq);
    if (valued.includes(key)) {
      const value = eq < 0 ? argv[++i] : a.slice(eq + 1);
      if (value === undefined) throw new CliError(`--${key} needs a value`);
      opts[camel(key)] = value;
    } else if (booleans.includes(key) && eq < 0) {
      opts[camel(key)] = true;
    } else {
      throw new CliError(`unknown option --${key}`);
    }
  }
  return { opts, positional };
}

const camel = (s) => s.replace(/-([a-z])/g, (_, c) => c.toUpperCase());

/** Progress goes to stderr so that stdout stays machine-readable under --json. */
export function reporter({ json = false, quiet = false } = {}) {
  const tty = process.stderr.isTTY;
  return {
    json,
    progress(msg) {
      if (!quiet) process.stderr.write(`${msg}\n`);
    },
    /** A step of a long operation: "[3/7] label ... detail". */
    step(i, n, label) {
      const started = Date.now();
      if (!quiet) process.stderr.write(`[${i}/${n}] ${label} ...${tty ? ' ' : '\n'}`);
      return (detail) => {
        const ms = Date.now() - started;
        if (!quiet) process.stderr.write(`${tty ? '' : `[${i}/${n}] ${label} `}${detail} (${ms} ms)\n`);
        return ms;
      };
    },
    /** Final result: JSON on stdout, or the human lines. */
    result(obj, lines) {
      if (json) process.stdout.write(`${JSON.stringify(obj, null, 2)}\n`);
      else if (lines.length) process.stdout.write(`${lines.join('\n')}\n`);
    },
  };
}

export function positiveInt(value, name) {
  if (!/^[1-9][0-9]*$/.test(String(value))) throw new CliError(`${name} must be a positive integer, got "${value}"`);
  return Number(value);
}
