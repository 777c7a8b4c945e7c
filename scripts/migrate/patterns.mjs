// Safe-change generators for `migrate create --pattern`. Each returns one or more
// { suffix, title, notes, up, down } pairs; create.mjs numbers them one second apart. A change
// that needs two transactions (NOT VALID then VALIDATE, build then switch) becomes two migrations,
// because `supabase db push` runs each file in one transaction and a lock taken early in a
// transaction is held until it commits.
import { CliError } from './cli-kit.mjs';

const IDENT = /^[a-z_][a-z0-9_$]*$/;

/** Quote an identifier unless it is a plain lower-case name. */
export function ident(name) {
  return IDENT.test(name) ? name : `"${name.replaceAll('"', '""')}"`;
}

/** schema.table from --table, defaulting to public; both parts quoted as needed. */
function table(opts) {
  const raw = need(opts, 'table');
  const parts = raw.split('.');
  if (parts.length > 2 || parts.some((p) => !p)) throw new CliError(`--table must be table or schema.table, got "${raw}"`);
  const [schema, name] = parts.length === 2 ? parts : ['public', parts[0]];
  return { schema, name, q: `${ident(schema)}.${ident(name)}` };
}

function need(opts, key) {
  const v = opts[key];
  if (v === undefined || String(v).trim() === '') {
    throw new CliError(`--pattern ${opts.pattern} needs --${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
  }
  return String(v).trim();
}

function name(opts, key) {
  const v = need(opts, key);
  if (v.length > 63) throw new CliError(`--${key} "${v}" is longer than 63 bytes, PostgreSQL would truncate it`);
  return v;
}

const sqlString = (s) => `'${s.replaceAll("'", "''")}'`;

export const PATTERNS = {
  'add-column': {
    summary: 'add a column with a constant default (no table rewrite since PostgreSQL 11)',
    options: ['table', 'column', 'type', 'default', 'not-null'],
    generate(opts) {
      const t = table(opts);
      const col = ident(name(opts, 'column'));
      const type = need(opts, 'type');
      const def = opts.default !== undefined ? ` default ${opts.default}` : '';
      if (opts.notNull && !def) throw new CliError('--not-null needs --default: existing rows need a value');
      return [{
        title: 'add-column',
        notes: [
          'A constant (or stable, e.g. now()) default is stored in the catalog: no rewrite, brief lock.',
          'A volatile default (random(), gen_random_uuid(), clock_timestamp()) rewrites the table:',
          'add the column without it, backfill in batches, then set the default.',
        ],
        up: `alter table ${t.q} add column ${col} ${type}${def}${opts.notNull ? ' not null' : ''};\n`,
        down: `alter table ${t.q} drop column ${col};\n`,
      }];
    },
  },

  'add-check': {
    summary: 'add a CHECK constraint NOT VALID, then VALIDATE it in a second migration',
    options: ['table', 'name', 'check'],
    generate(opts) {
      const t = table(opts);
      const con = ident(name(opts, 'name'));
      const check = need(opts, 'check');
      return [
        {
          suffix: '_add',
          title: 'add-check 1/2: NOT VALID',
          notes: ['NOT VALID checks new writes only: a brief lock, no scan of existing rows.'],
          up: `alter table ${t.q} add constraint ${con} check (${check}) not valid;\n`,
          down: `alter table ${t.q} drop constraint ${con};\n`,
        },
        {
          suffix: '_validate',
          title: 'add-check 2/2: VALIDATE',
          notes: ['VALIDATE scans under SHARE UPDATE EXCLUSIVE: reads and writes go on meanwhile.'],
          up: `alter table ${t.q} validate constraint ${con};\n`,
          // Back to NOT VALID, exactly the state after part 1.
          down: `alter table ${t.q} drop constraint ${con};\nalter table ${t.q} add constraint ${con} check (${check}) not valid;\n`,
        },
      ];
    },
  },

  'set-not-null': {
    summary: 'SET NOT NULL without a long exclusive lock: CHECK NOT VALID, VALIDATE, then SET NOT NULL',
    options: ['table', 'column'],
    generate(opts) {
      const t = table(opts);
      const colName = name(opts, 'column');
      const col = ident(colName);
      const con = ident(`${t.name}_${colName}_not_null`.slice(0, 63));
      return [
        {
          suffix: '_check',
          title: 'set-not-null 1/2: CHECK (col IS NOT NULL) NOT VALID',
          up: `alter table ${t.q} add constraint ${con} check (${col} is not null) not valid;\n`,
          down: `alter table ${t.q} drop constraint ${con};\n`,
        },
        {
          suffix: '_set',
          title: 'set-not-null 2/2: VALIDATE, then SET NOT NULL',
          notes: ['With a validated CHECK (col IS NOT NULL), SET NOT NULL skips its full-table scan (PostgreSQL 12+).'],
          up: `alter table ${t.q} validate constraint ${con};\n`
            + `-- squawk-ignore adding-not-nullable-field\nalter table ${t.q} alter column ${col} set not null;\n`
            + `alter table ${t.q} drop constraint ${con};\n`,
          down: `alter table ${t.q} alter column ${col} drop not null;\n`
            + `alter table ${t.q} add constraint ${con} check (${col} is not null) not valid;\n`,
        },
      ];
    },
  },

  'rename-column': {
    summary: 'rename a column behind a compatibility view (expand), drop the view later (contract)',
    options: ['table', 'from', 'to'],
    generate(opts) {
      const t = table(opts);
      const from = ident(name(opts, 'from'));
      const to = ident(name(opts, 'to'));
      const view = `${ident(t.schema)}.${ident(`${t.name}_compat`.slice(0, 63))}`;
      return [
        {
          suffix: '_expand',
          title: 'rename-column 1/2: expand',
          notes: [
            'RENAME COLUMN is a catalog change (brief lock). Code not yet deployed reads the old name',
            `through ${view}, a simple view and therefore updatable. Grant it what the table has.`,
          ],
          up: `-- opsbase-lint-ignore renaming-column: expand/contract rename, old readers use ${view} until the contract step\n`
            + `alter table ${t.q} rename column ${from} to ${to};\n`
            + `create view ${view} with (security_invoker = true) as\n  select *, ${to} as ${from} from ${t.q};\n`,
          down: `drop view ${view};\nalter table ${t.q} rename column ${to} to ${from};\n`,
        },
        {
          suffix: '_contract',
          title: 'rename-column 2/2: contract',
          notes: ['Deploy once no running code uses the old name.'],
          up: `drop view ${view};\n`,
          down: `create view ${view} with (security_invoker = true) as\n  select *, ${to} as ${from} from ${t.q};\n`,
        },
      ];
    },
  },

  'index-concurrently': {
    summary: 'build an index CONCURRENTLY through a pg_cron job, then check it and remove the job',
    options: ['table', 'name', 'columns', 'unique', 'where'],
    generate(opts) {
      const t = table(opts);
      const idxName = name(opts, 'name');
      const idx = ident(idxName);
      const cols = need(opts, 'columns').split(',').map((c) => c.trim()).filter(Boolean).map(ident).join(', ');
      const where = opts.where ? ` where ${opts.where}` : '';
      const job = `opsbase-build-${idxName}`.slice(0, 63);
      const build = `create ${opts.unique ? 'unique ' : ''}index concurrently if not exists ${idx} on ${t.q} (${cols})${where}`;
      return [
        {
          suffix: '_build',
          title: 'index-concurrently 1/2: schedule the build',
          notes: [
            'CREATE INDEX CONCURRENTLY cannot run in a transaction, and every migration is one.',
            'pg_cron runs it as a top-level statement within a minute; part 2 checks the result.',
          ],
          up: `select cron.schedule(${sqlString(job)}, '* * * * *', ${sqlString(build)});\n`,
          down: `select cron.unschedule(jobid) from cron.job where jobname = ${sqlString(job)};\n`
            + `drop index if exists ${ident(t.schema)}.${idx};\n`,
        },
        {
          suffix: '_finish',
          title: 'index-concurrently 2/2: require a valid index, drop the job',
          notes: [
            'Fails (and changes nothing) while the build has not finished. A failed build leaves an',
            `INVALID index: drop it (drop index concurrently ${ident(t.schema)}.${idx}); the job then rebuilds it.`,
          ],
          up: `do $check$\nbegin\n  if not exists (select from pg_catalog.pg_index where indexrelid = to_regclass(${sqlString(`${t.schema}.${idxName}`)}) and indisvalid) then\n`
            + `    raise exception 'index % is not built (or INVALID) yet', ${sqlString(`${t.schema}.${idxName}`)};\n  end if;\nend\n$check$;\n`
            + `select cron.unschedule(jobid) from cron.job where jobname = ${sqlString(job)};\n`,
          down: `select cron.schedule(${sqlString(job)}, '* * * * *', ${sqlString(build)});\n`,
        },
      ];
    },
  },

  'drop-column': {
    summary: 'drop a column in two phases: stop requiring it, then drop it a release later',
    options: ['table', 'column', 'type'],
    generate(opts) {
      const t = table(opts);
      const col = ident(name(opts, 'column'));
      const type = need(opts, 'type');
      return [
        {
          suffix: '_deprecate',
          title: 'drop-column 1/2: deprecate',
          notes: ['Old code may still write the column; new code no longer has to. Record the NOT NULL/default you drop in the rollback.'],
          up: '-- opsbase-lint-ignore ban-drop-not-null: phase 1 of a two-phase drop, so that new code may stop writing the column\n'
            + `alter table ${t.q} alter column ${col} drop not null;\n`
            + `comment on column ${t.q}.${col} is 'deprecated: dropped by the next release';\n`,
          down: `comment on column ${t.q}.${col} is null;\n-- Restore NOT NULL here if the column had it (validate first: new rows may hold nulls).\n`,
        },
        {
          suffix: '_drop',
          title: 'drop-column 2/2: drop',
          notes: ['Deploy after no running code references the column. Its data is gone: take a backup first (opsbase backup).'],
          up: '-- opsbase-lint-ignore ban-drop-column: phase 2 of a two-phase drop, deployed after no running code uses the column\n'
            + `alter table ${t.q} drop column ${col};\n`,
          down: `-- The values cannot come back; this restores the column, empty.\nalter table ${t.q} add column ${col} ${type};\n`
            + `comment on column ${t.q}.${col} is 'deprecated: dropped by the next release';\n`,
        },
      ];
    },
  },

  backfill: {
    summary: 'add a nullable column now; fill it in keyset batches with `opsbase migrate backfill` after deploy',
    options: ['table', 'column', 'type', 'set', 'key'],
    generate(opts) {
      const t = table(opts);
      const colName = name(opts, 'column');
      const type = need(opts, 'type');
      const set = need(opts, 'set');
      const key = opts.key ?? 'id';
      return [{
        title: 'backfill: expand',
        notes: [
          'Fill it after this is deployed, one short transaction per batch (keyset on the key, no OFFSET):',
          `  npx opsbase migrate backfill --table ${t.schema}.${t.name} --column ${colName} --set ${JSON.stringify(set)} --key ${key}`,
          'Then add NOT NULL with --pattern set-not-null.',
        ],
        up: `alter table ${t.q} add column ${ident(colName)} ${type};\n`,
        down: `alter table ${t.q} drop column ${ident(colName)};\n`,
      }];
    },
  },
};

export function patternOptionNames() {
  return [...new Set(Object.values(PATTERNS).flatMap((p) => p.options))].filter((o) => !['unique', 'not-null'].includes(o));
}
