// opsbase's own migration rules, on top of squawk. Each rule looks at the lexed statements
// (comments gone, literals and function bodies blanked, lower case), so a match is real SQL.
// Rules see { kind: 'migration' | 'rollback', file, statements, hasRollback, repo } and
// return findings { rule, line, message }.

const STARTS_DDL = /^(create|alter|drop|comment|grant|revoke|select|insert|update|delete|truncate|do|reindex|vacuum|cluster|refresh|lock)\b/;
const VOLATILE = /\b(random|gen_random_uuid|uuid_generate_v[14]|clock_timestamp|timeofday|nextval|txid_current|setseed)\s*\(/;

function settingBeforeWork(statements, setting) {
  const re = new RegExp(`^set (local |session )?${setting}\\b`);
  for (const s of statements) {
    if (re.test(s.code)) return true;
    if (STARTS_DDL.test(s.code)) return false;
  }
  return true; // nothing to protect
}

/** Table name as written after ALTER TABLE [ONLY] [IF EXISTS]. */
function alteredTable(code) {
  const m = /^alter table (?:if exists )?(?:only )?([^\s(]+)/.exec(code);
  return m ? m[1].replaceAll('"', '') : null;
}

const qualify = (t) => (t.includes('.') ? t : `public.${t}`);

export const RULES = {
  'missing-rollback': {
    severity: 'error',
    summary: 'every migration needs supabase/rollbacks/<same name>.down.sql',
    check: (f) => (f.kind === 'migration' && !f.hasRollback
      ? [{ line: 1, message: `no rollback file ${f.rollbackFile}` }] : []),
  },
  'missing-lock-timeout': {
    severity: 'error',
    summary: 'set lock_timeout before the first statement that takes locks',
    check: (f) => (settingBeforeWork(f.statements, 'lock_timeout') ? []
      : [{ line: f.statements.find((s) => STARTS_DDL.test(s.code))?.line ?? 1, message: "no `set lock_timeout = '…'` before the first change: a blocked ALTER queues every query behind it" }]),
  },
  'missing-statement-timeout': {
    severity: 'error',
    summary: 'migrations set statement_timeout before the first statement',
    check: (f) => (f.kind !== 'migration' || settingBeforeWork(f.statements, 'statement_timeout') ? []
      : [{ line: f.statements.find((s) => STARTS_DDL.test(s.code))?.line ?? 1, message: "no `set statement_timeout = '…'` before the first change" }]),
  },
  'drop-table': {
    severity: 'error',
    summary: 'DROP TABLE in a forward migration destroys data (the seed\'s dangerous operations)',
    check: (f) => (f.kind !== 'migration' ? [] : f.statements.filter((s) => /^drop table\b/.test(s.code))
      .map((s) => ({ line: s.line, message: `${s.code.slice(0, 80)}: drops data; deprecate first and drop a release later, with a backup` }))),
  },
  truncate: {
    severity: 'error',
    summary: 'TRUNCATE in a forward migration destroys data',
    check: (f) => (f.kind !== 'migration' ? [] : f.statements.filter((s) => /^truncate\b/.test(s.code))
      .map((s) => ({ line: s.line, message: `${s.code.slice(0, 80)}: deletes every row under an ACCESS EXCLUSIVE lock` }))),
  },
  'unbounded-delete': {
    severity: 'error',
    summary: 'DELETE without a real WHERE clause',
    check: (f) => (f.kind !== 'migration' ? [] : f.statements.filter((s) => {
      if (!/^(with .*\) )?delete from\b/.test(s.code)) return false;
      const where = /\bwhere (.*)$/.exec(s.code.replace(/\breturning\b.*$/, ''));
      return !where || /^\(*\s*(true|1 = 1|1=1|''='')\s*\)*$/.test(where[1].trim());
    }).map((s) => ({ line: s.line, message: `${s.code.slice(0, 80)}: deletes every row` }))),
  },
  'concurrently-in-transaction': {
    severity: 'error',
    summary: 'CONCURRENTLY cannot run inside the transaction supabase db push wraps each file in',
    check: (f) => f.statements.filter((s) => /\bconcurrently\b/.test(s.code))
      .map((s) => ({ line: s.line, message: `${s.code.slice(0, 80)}: fails inside a transaction; use --pattern index-concurrently (pg_cron job)` })),
  },
  'non-transactional': {
    severity: 'error',
    summary: 'VACUUM, ALTER SYSTEM and CREATE/DROP DATABASE cannot run inside a transaction',
    check: (f) => f.statements.filter((s) => /^(vacuum|alter system|create database|drop database)\b/.test(s.code))
      .map((s) => ({ line: s.line, message: `${s.code.slice(0, 80)}: cannot run inside a transaction block` })),
  },
  'transaction-control': {
    severity: 'error',
    summary: 'no BEGIN/COMMIT/ROLLBACK: each file already runs in one transaction',
    check: (f) => f.statements.filter((s) => /^(begin|commit|rollback|abort|end|start transaction|savepoint|release)\b/.test(s.code))
      .map((s) => ({ line: s.line, message: `${s.code}: a COMMIT here would leave a half-applied migration behind` })),
  },
  'volatile-default': {
    severity: 'error',
    summary: 'ADD COLUMN with a volatile DEFAULT rewrites the whole table',
    check: (f) => (f.kind !== 'migration' ? [] : f.statements.filter((s) => {
      const t = alteredTable(s.code);
      return t && !f.createdTables.has(qualify(t)) && /\badd (column )?.*\bdefault\b/.test(s.code) && VOLATILE.test(s.code.slice(s.code.search(/\bdefault\b/)));
    }).map((s) => ({ line: s.line, message: `${s.code.slice(0, 80)}: add it without the default, backfill in batches (--pattern backfill), then set the default` }))),
  },
  'not-null-without-check': {
    severity: 'error',
    summary: 'SET NOT NULL on an existing table needs a validated CHECK (col IS NOT NULL) first',
    check: (f) => {
      if (f.kind !== 'migration') return [];
      const findings = [];
      const validated = new Set();
      for (const s of f.statements) {
        const t = alteredTable(s.code);
        if (!t) continue;
        if (/\bvalidate constraint\b/.test(s.code)) validated.add(qualify(t));
        if (/\bset not null\b/.test(s.code) && !f.createdTables.has(qualify(t)) && !validated.has(qualify(t))) {
          findings.push({ line: s.line, message: `${s.code.slice(0, 80)}: scans the table under ACCESS EXCLUSIVE; use --pattern set-not-null` });
        }
      }
      return findings;
    },
  },
  'rls-without-policy': {
    severity: 'error',
    summary: 'a public table with RLS enabled and no policy is silently empty for API users',
    check: (f) => (f.kind !== 'migration' ? [] : f.statements.filter((s) => {
      const t = alteredTable(s.code);
      // ops is never exposed through the Data API: RLS there is a deny-all backstop by design.
      return t && /\benable row level security\b/.test(s.code) && !qualify(t).startsWith('ops.') && !f.repo.policyTables.has(qualify(t));
    }).map((s) => ({ line: s.line, message: `${alteredTable(s.code)} enables RLS but no migration creates a policy on it` }))),
  },
  'grant-to-anon': {
    severity: 'error',
    summary: 'grants to anon expose objects to unauthenticated API clients',
    check: (f) => (f.kind !== 'migration' ? [] : f.statements.filter((s) => /\bgrant\b.*\bto\b.*\banon\b/.test(s.code) && !/^revoke\b/.test(s.code))
      .map((s) => ({ line: s.line, message: `${s.code.slice(0, 80)}: reachable without logging in` }))),
  },
};

/** Facts across all migrations that single-file rules need. */
export function repoFacts(migrationStatements) {
  const policyTables = new Set();
  for (const stmts of migrationStatements) {
    for (const s of stmts) {
      const m = /^create policy .*? on ([^\s(]+)/.exec(s.code);
      if (m) policyTables.add(qualify(m[1].replaceAll('"', '')));
    }
  }
  return { policyTables };
}

export function createdTables(statements) {
  const set = new Set();
  for (const s of statements) {
    const m = /^create (?:unlogged |temp |temporary )?table (?:if not exists )?([^\s(]+)/.exec(s.code);
    if (m) set.add(qualify(m[1].replaceAll('"', '')));
  }
  return set;
}
