-- The legacy chat table and its migration into chat_messages_v2 (seed 001 "Data Migration").
--
-- The seed's migrate_with_progress pages with OFFSET (each batch rescans everything before it)
-- and keeps no checkpoint, so an interrupted run starts over and re-inserts. Here:
--   * keyset pagination on chat_messages.id, resuming from a checkpoint row;
--   * each batch and its checkpoint update commit together, so a batch is either fully applied
--     and recorded or not at all;
--   * chat_messages_v2.legacy_id is unique, so re-running any range inserts nothing twice;
--   * the checkpoint row is locked per batch, so two concurrent runners serialize.
-- Functions cannot COMMIT, so one call is one transaction: call ops.migrate_with_progress with
-- p_max_batches in a loop (or from pg_cron); every finished call is durable progress.
set lock_timeout = '5s';
set local statement_timeout = '60s';

create table public.chat_messages (
  id bigint generated always as identity primary key,
  user_id uuid not null default auth.uid() references public.user_profiles (id) on delete cascade,
  conversation_id uuid not null,
  role text not null check (role in ('system', 'user', 'assistant')),
  content text not null,
  -- Tokens of one legacy message.
  -- squawk-ignore prefer-bigint-over-int
  token_count integer check (token_count >= 0),
  created_at timestamptz not null default now()
);
comment on table public.chat_messages is 'Legacy plain-text chat messages, migrated to chat_messages_v2 by ops.migrate_with_progress(). Users may still read and append (dual-write phase).';
create index idx_chat_messages_user_created on public.chat_messages (user_id, created_at desc);

alter table public.chat_messages enable row level security;
-- Legacy rows are append-only for users: edits would not reach chat_messages_v2.
revoke all on table public.chat_messages from anon, authenticated;
grant select, insert on table public.chat_messages to authenticated;
create policy chat_messages_select_own on public.chat_messages
  for select to authenticated using (user_id = (select auth.uid()));
create policy chat_messages_insert_own on public.chat_messages
  for insert to authenticated with check (user_id = (select auth.uid()));

-- Checkpoint of the migration: a single row.
create table ops.chat_message_migration (
  singleton boolean primary key default true check (singleton),
  last_legacy_id bigint not null default 0,
  batches bigint not null default 0,
  rows_scanned bigint not null default 0,
  rows_inserted bigint not null default 0,
  started_at timestamptz,
  updated_at timestamptz,
  completed_at timestamptz
);
comment on table ops.chat_message_migration is 'Checkpoint of the chat_messages -> chat_messages_v2 migration (keyset position and counters).';
insert into ops.chat_message_migration default values;
-- Like every ops table: RLS on, no policies; only the owner and service_role (BYPASSRLS) get in.
alter table ops.chat_message_migration enable row level security;
revoke all on table ops.chat_message_migration from public, anon, authenticated;
grant select, insert, update on table ops.chat_message_migration to service_role;

-- One batch: the next p_batch_size legacy rows after the checkpoint.
create or replace function ops.migrate_chat_messages(p_batch_size integer default 1000)
returns table (batch_number integer, rows_scanned integer, rows_inserted integer, last_legacy_id bigint, done boolean)
language plpgsql
set search_path = ''
as $$
declare
  cp ops.chat_message_migration;
  scanned integer;
  inserted integer;
  max_id bigint;
begin
  if p_batch_size is null or p_batch_size < 1 then
    raise exception 'p_batch_size must be positive' using errcode = '22023';
  end if;

  insert into ops.chat_message_migration default values on conflict (singleton) do nothing;
  select * into cp from ops.chat_message_migration m where m.singleton for update;

  with batch as materialized (
    select l.id, l.user_id, l.conversation_id, l.role, l.content, l.token_count, l.created_at
    from public.chat_messages l
    where l.id > cp.last_legacy_id
    order by l.id
    limit p_batch_size
  ), ins as (
    insert into public.chat_messages_v2 (user_id, conversation_id, role, content, metadata, legacy_id, created_at, updated_at)
    select b.user_id, b.conversation_id, b.role,
           pg_catalog.jsonb_build_object('type', 'text', 'text', b.content),
           pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object('tokens', b.token_count, 'migrated_from', 'chat_messages')),
           b.id, b.created_at, b.created_at
    from batch b
    on conflict (legacy_id) where legacy_id is not null do nothing
    returning 1
  )
  select (select count(*) from batch)::integer, (select count(*) from ins)::integer, (select max(b.id) from batch b)
  into scanned, inserted, max_id;

  update ops.chat_message_migration m
  set last_legacy_id = coalesce(max_id, m.last_legacy_id),
      batches = m.batches + case when scanned > 0 then 1 else 0 end,
      rows_scanned = m.rows_scanned + scanned,
      rows_inserted = m.rows_inserted + inserted,
      started_at = coalesce(m.started_at, pg_catalog.now()),
      updated_at = pg_catalog.now(),
      completed_at = case when scanned < p_batch_size then pg_catalog.now() end
  where m.singleton
  returning m.batches, m.last_legacy_id into batch_number, last_legacy_id;

  rows_scanned := scanned;
  rows_inserted := inserted;
  done := scanned < p_batch_size;
  return next;
end
$$;
comment on function ops.migrate_chat_messages(integer) is 'Migrates the next batch of legacy chat_messages after the checkpoint into chat_messages_v2 (idempotent, keyset-paginated).';

-- Batches until done or p_max_batches, one result row per batch. progress_pct is the keyset
-- position within the legacy id range: O(1) to compute, unlike counting what is left.
create or replace function ops.migrate_with_progress(p_batch_size integer default 1000, p_max_batches integer default null)
returns table (batch_number integer, records_migrated integer, total_migrated bigint, last_legacy_id bigint, progress_pct numeric, done boolean)
language plpgsql
set search_path = ''
as $$
declare
  b record;
  n integer := 0;
  min_id bigint;
  max_id bigint;
begin
  select min(l.id), max(l.id) into min_id, max_id from public.chat_messages l;
  loop
    exit when p_max_batches is not null and n >= p_max_batches;
    select * into b from ops.migrate_chat_messages(p_batch_size);
    n := n + 1;
    batch_number := b.batch_number;
    records_migrated := b.rows_inserted;
    select m.rows_inserted into total_migrated from ops.chat_message_migration m where m.singleton;
    last_legacy_id := b.last_legacy_id;
    progress_pct := case
      when b.done or max_id is null or max_id = min_id then 100
      else least(100, round((b.last_legacy_id - min_id + 1) * 100.0 / (max_id - min_id + 1), 2))
    end;
    done := b.done;
    return next;
    exit when b.done;
  end loop;
end
$$;
comment on function ops.migrate_with_progress(integer, integer) is 'Runs ops.migrate_chat_messages until done or p_max_batches, returning progress per batch. One call = one transaction: loop calls for durable, resumable progress.';

-- Start over from id 0. Safe at any time: already migrated rows are skipped by legacy_id.
create or replace function ops.reset_chat_migration()
returns void
language sql
set search_path = ''
as $$
  update ops.chat_message_migration
  set last_legacy_id = 0, batches = 0, rows_scanned = 0, rows_inserted = 0,
      started_at = null, updated_at = pg_catalog.now(), completed_at = null
  where singleton;
$$;

-- Seed 001's integrity checks, plus the ones that catch what counts alone miss.
create or replace function ops.check_chat_migration_integrity()
returns table (check_name text, legacy_value text, migrated_value text, passed boolean)
language plpgsql
stable
set search_path = ''
as $$
declare
  old_count bigint; old_min timestamptz; old_max timestamptz;
  new_count bigint; new_min timestamptz; new_max timestamptz;
  n bigint;
begin
  select count(*), min(l.created_at), max(l.created_at) into old_count, old_min, old_max from public.chat_messages l;
  select count(*), min(v.created_at), max(v.created_at) into new_count, new_min, new_max
  from public.chat_messages_v2 v where v.legacy_id is not null;

  check_name := 'row_count'; legacy_value := old_count::text; migrated_value := new_count::text;
  passed := old_count = new_count; return next;
  check_name := 'earliest_created_at'; legacy_value := old_min::text; migrated_value := new_min::text;
  passed := old_min is not distinct from new_min; return next;
  check_name := 'latest_created_at'; legacy_value := old_max::text; migrated_value := new_max::text;
  passed := old_max is not distinct from new_max; return next;

  -- Legacy rows with no migrated counterpart (e.g. committed behind the keyset position).
  select count(*) into n from public.chat_messages l
  where not exists (select from public.chat_messages_v2 v where v.legacy_id = l.id);
  check_name := 'legacy_rows_missing_in_v2'; legacy_value := n::text; migrated_value := null;
  passed := n = 0; return next;

  -- Migrated rows whose legacy source is gone or whose content, role, owner or time differ.
  select count(*) into n from public.chat_messages_v2 v
  left join public.chat_messages l on l.id = v.legacy_id
  where v.legacy_id is not null
    and (l.id is null
         or (v.user_id, v.conversation_id, v.role, v.created_at, v.content ->> 'text')
            is distinct from (l.user_id, l.conversation_id, l.role, l.created_at, l.content));
  check_name := 'migrated_rows_mismatched'; legacy_value := null; migrated_value := n::text;
  passed := n = 0; return next;

  select count(*) into n from public.agent_memories am
  where not exists (select from public.agents a where a.id = am.agent_id);
  check_name := 'orphaned_memories'; legacy_value := null; migrated_value := n::text;
  passed := n = 0; return next;
end
$$;
comment on function ops.check_chat_migration_integrity() is 'Legacy vs migrated chat messages (counts, time range, missing and mismatched rows) and orphaned agent memories. Every row must pass.';

revoke execute on function ops.migrate_chat_messages(integer), ops.migrate_with_progress(integer, integer),
  ops.reset_chat_migration(), ops.check_chat_migration_integrity() from public, anon, authenticated;
grant execute on function ops.migrate_chat_messages(integer), ops.migrate_with_progress(integer, integer),
  ops.reset_chat_migration(), ops.check_chat_migration_integrity() to service_role;
