-- public.cache_metadata (seed 000 §1): which Redis keys exist for which document and user.
-- Document cache keys (cache:{t:<user>}:doc:<contentHash>:<prefHash>) do not contain the
-- document id, so invalidation finds them here. Writers track keys with ops.cache_track;
-- ops.cleanup_expired_cache drops rows whose Redis TTL has run out. The foreign key to
-- public.documents is added by 20261124190300_cache_app_registrations.
set lock_timeout = '5s';
set statement_timeout = '60s';

create table public.cache_metadata (
  cache_key text primary key check (char_length(cache_key) between 1 and 500),
  cache_type text not null check (cache_type in ('document', 'enhancement', 'similarity')),
  document_id uuid,
  user_id uuid references auth.users (id) on delete cascade,
  created_at timestamptz not null default now(),
  accessed_at timestamptz not null default now(),
  -- Counts writes of the key (ops.cache_track calls). Hits are not tracked in Postgres: a
  -- round trip per hit would defeat the cache.
  -- squawk-ignore prefer-bigint-over-int
  access_count integer not null default 1,
  -- squawk-ignore prefer-bigint-over-int
  ttl_seconds integer not null check (ttl_seconds > 0),
  -- Not a generated column (seed): a re-write of the key restarts its TTL, so expiry follows
  -- the last write, not created_at.
  expires_at timestamptz not null
);
comment on table public.cache_metadata is 'Redis keys per document and user, so invalidation can find keys that do not contain the id. See docs/redis-schema.md.';

create index cache_metadata_expires_at_idx on public.cache_metadata (expires_at);
create index cache_metadata_user_id_idx on public.cache_metadata (user_id);
create index cache_metadata_document_id_idx on public.cache_metadata (document_id) where document_id is not null;

alter table public.cache_metadata enable row level security;
-- Supabase's default privileges grant everything to anon and authenticated; users only read.
revoke all on table public.cache_metadata from anon, authenticated;
grant select on table public.cache_metadata to authenticated;
grant select, insert, update, delete on table public.cache_metadata to service_role;

-- service_role bypasses RLS, so it needs no policy ("System can manage" in the seed).
create policy cache_metadata_select_own on public.cache_metadata
  for select to authenticated using (user_id = (select auth.uid()));

-- Record (or re-record) a key the app has just written to Redis.
create function ops.cache_track(
  p_key text,
  p_type text,
  p_document_id uuid,
  p_user_id uuid,
  p_ttl_seconds integer
) returns void
language sql volatile set search_path = '' as $$
  insert into public.cache_metadata as m (cache_key, cache_type, document_id, user_id, ttl_seconds, expires_at)
  values (p_key, p_type, p_document_id, p_user_id, p_ttl_seconds, now() + make_interval(secs => p_ttl_seconds))
  on conflict (cache_key) do update
    set cache_type = excluded.cache_type,
        document_id = excluded.document_id,
        user_id = excluded.user_id,
        ttl_seconds = excluded.ttl_seconds,
        expires_at = excluded.expires_at,
        accessed_at = now(),
        access_count = m.access_count + 1
$$;

-- Delete expired rows in bounded batches (short transactions-worth of locks each, skipping rows
-- a writer is re-tracking right now); returns how many went. The seed's ROW_COUNT() does not
-- exist: GET DIAGNOSTICS is the real thing.
create function ops.cleanup_expired_cache(p_batch integer default 5000)
returns bigint
language plpgsql volatile set search_path = '' as $$
declare
  total bigint := 0;
  n bigint;
begin
  if p_batch is null or p_batch < 1 then
    raise exception 'cleanup_expired_cache: batch must be positive' using errcode = 'invalid_parameter_value';
  end if;
  loop
    delete from public.cache_metadata where cache_key in (
      select cache_key from public.cache_metadata where expires_at < now()
      limit p_batch for update skip locked);
    get diagnostics n = row_count;
    total := total + n;
    exit when n < p_batch;
  end loop;
  return total;
end
$$;

revoke execute on function
  ops.cache_track(text, text, uuid, uuid, integer),
  ops.cleanup_expired_cache(integer)
from public, anon, authenticated;
grant execute on function
  ops.cache_track(text, text, uuid, uuid, integer),
  ops.cleanup_expired_cache(integer)
to service_role;

-- The count lands in cron.job_run_details.return_message.
select cron.schedule('opsbase-cache-cleanup', '*/15 * * * *', 'select ops.cleanup_expired_cache()');
