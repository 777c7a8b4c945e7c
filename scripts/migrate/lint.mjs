// migrate lint: squawk (with .squawk.toml) plus opsbase's rules (lint-rules.mjs) over the
// migrations and their rollbacks. A file silences a rule for itself with a reasoned comment:
//   -- opsbase-lint-ignore drop-table, truncate: replaced by ops.metrics_v2 in 20261124160500
// An ignore without a reason, or naming no known rule, is itself an error.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../lib/config.mjs';
import { run as runCmd } from '../lib/run.mjs';
import { CliError, EXIT, parseArgs, reporter } from './cli-kit.mjs';
import { resolveTarget } from './context.mjs';
import { readMigrations } from './files.mjs';
import { createdTables, repoFacts, RULES } from './lint-rules.mjs';
import { lex } from './sql.mjs';

export const usage = 'lint [FILE ...] [--workdir DIR] [--format text|json|sarif] [--json]';

const IGNORE_RE = /^opsbase-lint-ignore\b\s*(.*)$/;

export async function run(argv) {
  const { opts, positional } = parseArgs(argv, { valued: ['workdir', 'format'], booleans: ['json', 'quiet'] });
  const format = opts.json ? 'json' : (opts.format ?? 'text');
  if (!['text', 'json', 'sarif'].includes(format)) throw new CliError(`--format must be text, json or sarif, got "${format}"`);
  const { paths } = resolveTarget(opts);
  const result = await lint(paths, positional);
  const out = reporter({ json: false });
  if (format === 'json') process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else if (format === 'sarif') process.stdout.write(`${JSON.stringify(toSarif(result), null, 2)}\n`);
  else {
    out.result(null, [
      ...result.findings.map((f) => `${f.file}:${f.line}: ${f.severity} [${f.rule}] ${f.message}`),
      `${result.files.length} file(s): ${result.errors} error(s), ${result.warnings} warning(s), ${result.ignored.length} ignored by reasoned comments`,
    ]);
  }
  return result.errors > 0 ? EXIT.failed : EXIT.ok;
}

/**
 * Lint the project's migrations (or only `only`, paths of migration files) and their rollbacks.
 * @returns {{ files, findings, ignored, errors, warnings }}
 */
export async function lint(paths, only = []) {
  const { migrations } = readMigrations(paths);
  let selected = migrations;
  if (only.length) {
    const wanted = new Set(only.map((p) => path.resolve(p)));
    selected = migrations.filter((m) => wanted.has(m.path) || wanted.has(m.rollback ?? ''));
    const unknown = [...wanted].filter((w) => !selected.some((m) => m.path === w || m.rollback === w));
    if (unknown.length) throw new CliError(`not a migration (or rollback) of ${paths.migrations}: ${unknown.join(', ')}`);
  }
  const lexed = new Map(migrations.map((m) => [m.path, lex(m.sql)]));
  const repo = repoFacts([...lexed.values()].map((l) => l.statements));

  const units = [];
  for (const m of selected) {
    units.push({ kind: 'migration', path: m.path, lexed: lexed.get(m.path), hasRollback: Boolean(m.rollback), rollbackFile: `supabase/rollbacks/${m.rollbackFile}` });
    if (m.rollback && existsSync(m.rollback)) units.push({ kind: 'rollback', path: m.rollback, lexed: lex(readFileSync(m.rollback, 'utf8')) });
  }

  const squawk = await runSquawk(paths, selected.map((m) => m.path));
  const raw = [...squawk];
  for (const u of units) {
    const ctx = { ...u, statements: u.lexed.statements, createdTables: createdTables(u.lexed.statements), repo };
    for (const [rule, def] of Object.entries(RULES)) {
      for (const f of def.check(ctx)) raw.push({ path: u.path, rule, severity: def.severity, source: 'opsbase', ...f });
    }
  }

  // Apply each file's reasoned ignores.
  const ignoresByFile = new Map(units.map((u) => [u.path, parseIgnores(u.lexed.comments)]));
  const findings = [];
  const ignored = [];
  for (const u of units) {
    for (const bad of ignoresByFile.get(u.path).invalid) {
      findings.push({ path: u.path, rule: 'invalid-ignore', severity: 'error', source: 'opsbase', ...bad });
    }
  }
  for (const f of raw) {
    const ig = ignoresByFile.get(f.path)?.rules.get(f.rule);
    if (ig) ignored.push({ ...f, reason: ig.reason });
    else findings.push(f);
  }
  const rel = (p) => path.relative(paths.workdir, p);
  const shape = (f) => ({ file: rel(f.path), line: f.line, rule: f.rule, severity: f.severity, source: f.source, message: f.message, ...(f.reason ? { reason: f.reason } : {}) });
  findings.sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line);
  return {
    files: units.map((u) => rel(u.path)),
    findings: findings.map(shape),
    ignored: ignored.map(shape),
    errors: findings.filter((f) => f.severity === 'error').length,
    warnings: findings.filter((f) => f.severity === 'warning').length,
  };
}

/** `-- opsbase-lint-ignore rule[, rule]: reason` comments of one file. */
export function parseIgnores(comments) {
  const rules = new Map();
  const invalid = [];
  for (const c of comments) {
    const m = IGNORE_RE.exec(c.text);
    if (!m) continue;
    const [list, ...rest] = m[1].split(':');
    const reason = rest.join(':').trim();
    const names = list.split(',').map((s) => s.trim()).filter(Boolean);
    if (!names.length) {
      invalid.push({ line: c.line, message: 'opsbase-lint-ignore names no rule (syntax: -- opsbase-lint-ignore <rule>[, <rule>]: <reason>)' });
      continue;
    }
    if (reason.length < 10) {
      invalid.push({ line: c.line, message: `opsbase-lint-ignore ${names.join(', ')} needs a reason after a colon (10+ characters)` });
      continue;
    }
    for (const n of names) {
      if (!RULES[n] && !/^[a-z]+(-[a-z0-9]+)+$/.test(n)) {
        invalid.push({ line: c.line, message: `opsbase-lint-ignore: "${n}" is not a rule name` });
      } else {
        rules.set(n, { reason, line: c.line });
      }
    }
  }
  return { rules, invalid };
}

async function runSquawk(paths, files) {
  if (!files.length) return [];
  const bin = path.join(ROOT, 'node_modules/.bin/squawk');
  const config = existsSync(path.join(paths.workdir, '.squawk.toml')) ? path.join(paths.workdir, '.squawk.toml') : path.join(ROOT, '.squawk.toml');
  const r = await runCmd(bin, ['-c', config, '--reporter', 'json', ...files], { quiet: true, cwd: paths.workdir });
  let items;
  try {
    items = JSON.parse(r.stdout || '[]');
  } catch {
    throw new CliError(`squawk failed (exit ${r.code}): ${r.stderr || r.stdout}`, EXIT.failed);
  }
  return items.map((i) => ({
    path: path.resolve(paths.workdir, i.file),
    // squawk's JSON lines are 0-based.
    line: i.line + 1,
    rule: i.rule_name,
    severity: 'error', // the repository treats squawk warnings as failures (tests/migrations.test.ts)
    source: 'squawk',
    message: `${i.message}${i.help ? ` (${i.help})` : ''}`,
  }));
}

function toSarif(result) {
  const rules = [...new Set([...result.findings, ...result.ignored].map((f) => f.rule))];
  return {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [{
      tool: { driver: { name: 'opsbase migrate lint', rules: rules.map((id) => ({ id, shortDescription: { text: RULES[id]?.summary ?? `squawk: ${id}` } })) } },
      results: [
        ...result.findings.map((f) => sarifResult(f, [])),
        ...result.ignored.map((f) => sarifResult(f, [{ kind: 'inSource', justification: f.reason }])),
      ],
    }],
  };
}

function sarifResult(f, suppressions) {
  return {
    ruleId: f.rule,
    level: f.severity === 'error' ? 'error' : 'warning',
    message: { text: f.message },
    locations: [{ physicalLocation: { artifactLocation: { uri: f.file }, region: { startLine: f.line } } }],
    suppressions,
  };
}
