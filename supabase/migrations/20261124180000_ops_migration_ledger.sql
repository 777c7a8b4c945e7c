-- ops.migration_ledger: what Supabase's ledger (supabase_migrations.schema_migrations, written by
-- `supabase db push`) does not keep. That ledger stays the one source of truth for *whether* a
-- version is applied; this side table, keyed by the same version, adds the SHA-256 of the file,
-- who applied it, how long it took and when it was rolled back. Written by `opsbase migrate`.
set lock_timeout = '5s';
set statement_timeout = '60s';

create table ops.migration_ledger (
  version text primary key check (version ~ '^[0-9]+$'),
  name text not null,
  checksum text not null check (checksum ~ '^[0-9a-f]{64}$'),
  applied_by text not null,
  applied_at timestamptz not null default now(),
  -- Null when the row was adopted from a push made without opsbase (time unknown).
  execution_ms bigint check (execution_ms >= 0),
  -- 'up': recorded right after opsbase applied it; 'adopt': applied by a plain `supabase db push`
  -- and recorded later, after the CLI's stored statements were found identical to the file.
  recorded_via text not null default 'up' check (recorded_via in ('up', 'adopt')),
  rolled_back_at timestamptz,
  rolled_back_by text
);
comment on table ops.migration_ledger is
  'Side ledger of opsbase migrate: checksum, applied_by, timing and rollbacks per version. Whether a version is applied is decided by supabase_migrations.schema_migrations only.';

alter table ops.migration_ledger enable row level security;
revoke all on ops.migration_ledger from public, anon, authenticated;
grant select on ops.migration_ledger to service_role;

-- Record (or re-record after a rollback) a version the Supabase ledger holds. Refusing versions it
-- does not hold keeps the side table from ever claiming a migration that did not commit.
create function ops.migration_record(
  p_version text,
  p_name text,
  p_checksum text,
  p_applied_by text,
  p_execution_ms bigint default null,
  p_via text default 'up'
) returns void
language plpgsql volatile set search_path = '' as $$
begin
  if not exists (select from supabase_migrations.schema_migrations m where m.version = p_version) then
    raise exception 'migration_record: version % is not in supabase_migrations.schema_migrations', p_version
      using errcode = 'no_data_found';
  end if;
  insert into ops.migration_ledger as l (version, name, checksum, applied_by, execution_ms, recorded_via)
  values (p_version, p_name, p_checksum, p_applied_by, p_execution_ms, p_via)
  on conflict (version) do update
    set name = excluded.name, checksum = excluded.checksum, applied_by = excluded.applied_by,
        applied_at = now(), execution_ms = excluded.execution_ms, recorded_via = excluded.recorded_via,
        rolled_back_at = null, rolled_back_by = null;
end
$$;

-- Mark a version rolled back. Called in the rollback's own transaction, after its row left the
-- Supabase ledger; a version still there is refused, so the two ledgers cannot disagree.
create function ops.migration_mark_rolled_back(p_version text, p_by text)
returns boolean
language plpgsql volatile set search_path = '' as $$
begin
  if exists (select from supabase_migrations.schema_migrations m where m.version = p_version) then
    raise exception 'migration_mark_rolled_back: version % is still in supabase_migrations.schema_migrations', p_version
      using errcode = 'object_in_use';
  end if;
  update ops.migration_ledger set rolled_back_at = now(), rolled_back_by = p_by
  where version = p_version and rolled_back_at is null;
  return found;
end
$$;

-- One row per version known to either ledger: applied per Supabase, plus what opsbase recorded.
create view ops.migrations with (security_invoker = true) as
select
  coalesce(s.version, l.version) as version,
  coalesce(s.name, l.name) as name,
  s.version is not null as applied,
  l.checksum,
  l.applied_by,
  l.applied_at,
  l.execution_ms,
  l.recorded_via,
  l.rolled_back_at,
  l.rolled_back_by,
  cardinality(s.statements) as statement_count
from supabase_migrations.schema_migrations s
full join ops.migration_ledger l on l.version = s.version;
comment on view ops.migrations is 'Supabase''s migration ledger joined with ops.migration_ledger.';

-- The view and functions run as the caller: service_role needs to read Supabase's ledger too.
grant usage on schema supabase_migrations to service_role;
grant select on supabase_migrations.schema_migrations to service_role;
revoke all on ops.migrations from public, anon, authenticated;
grant select on ops.migrations to service_role;
revoke execute on function ops.migration_record(text, text, text, text, bigint, text),
  ops.migration_mark_rolled_back(text, text) from public, anon, authenticated;
grant execute on function ops.migration_record(text, text, text, text, bigint, text),
  ops.migration_mark_rolled_back(text, text) to service_role;
