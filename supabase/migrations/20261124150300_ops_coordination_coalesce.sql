-- Request coalescing (seed 000: coalesce:{operation}:{hash}): concurrent identical requests
-- compute once. The first caller claims the (operation, hash) pair and computes; the others wait
-- for its result. A leader that dies loses its claim when its lease runs out, and the next caller
-- takes over. functions/_shared/coalesce.ts drives this protocol (and the same one on Redis).
set lock_timeout = '5s';
set statement_timeout = '60s';

-- UNLOGGED: in-flight claims and short-lived results; after a crash requests simply recompute.
create unlogged table ops.request_coalescing (
  operation text not null check (operation ~ '^[A-Za-z0-9_.-]{1,100}$'),
  request_hash text not null check (request_hash ~ '^[A-Za-z0-9_.-]{1,200}$'),
  ticket uuid not null,
  status text not null check (status in ('running', 'done', 'failed')),
  result jsonb,
  error text,
  started_at timestamptz not null,
  -- running: end of the leader's lease; done: end of the result's life; failed: when the error is forgotten
  expires_at timestamptz not null,
  primary key (operation, request_hash)
);
comment on table ops.request_coalescing is
  'Request coalescing: one leader per (operation, request_hash) computes; followers wait for its result.';

alter table ops.request_coalescing enable row level security;
create policy "Only the service role coalesces requests" on ops.request_coalescing
  for all to service_role
  using ((select auth.role()) = 'service_role')
  with check ((select auth.role()) = 'service_role');
revoke all on ops.request_coalescing from public, anon, authenticated;
grant select, insert, update, delete on ops.request_coalescing to service_role;

create function ops._coalesce_check_args(p_operation text, p_hash text)
returns void
language plpgsql volatile set search_path = '' as $$
begin
  if p_operation is null or p_operation !~ '^[A-Za-z0-9_.-]{1,100}$' then
    raise exception 'coalesce operation must be 1-100 characters of [A-Za-z0-9_.-], got %', coalesce(quote_literal(p_operation), 'NULL')
      using errcode = 'invalid_parameter_value';
  end if;
  if p_hash is null or p_hash !~ '^[A-Za-z0-9_.-]{1,200}$' then
    raise exception 'coalesce request hash must be 1-200 characters of [A-Za-z0-9_.-], got %', coalesce(quote_literal(p_hash), 'NULL')
      using errcode = 'invalid_parameter_value';
  end if;
end
$$;

-- Join the computation of (operation, hash). role is
--   'leader'   you compute, then call coalesce_complete (or coalesce_fail) with the ticket;
--   'done'     a fresh result exists: it is in result;
--   'follower' someone else is computing: call coalesce_wait.
-- A failed or expired entry is taken over by the next caller.
create function ops.coalesce_claim(p_operation text, p_hash text, p_lease interval default '60 seconds')
returns table (role text, ticket uuid, result jsonb)
language plpgsql volatile set search_path = '' as $$
declare
  v_ticket uuid;
  v_status text;
  v_result jsonb;
begin
  perform ops._coalesce_check_args(p_operation, p_hash);
  if p_lease is null or p_lease <= interval '0' then
    raise exception 'coalesce lease must be positive, got %', coalesce(p_lease::text, 'NULL') using errcode = 'invalid_parameter_value';
  end if;
  -- UPDATE-then-INSERT, not ON CONFLICT DO UPDATE .. WHERE: that would row-lock a live entry
  -- even when refusing to take it over, blocking the leader's complete() until we commit.
  update ops.request_coalescing c
  set ticket = extensions.gen_random_uuid(), status = 'running', result = null, error = null,
      started_at = clock_timestamp(), expires_at = clock_timestamp() + p_lease
  where c.operation = p_operation and c.request_hash = p_hash
    and (c.status = 'failed' or c.expires_at <= clock_timestamp())
  returning c.ticket into v_ticket;
  if v_ticket is null then
    insert into ops.request_coalescing as c (operation, request_hash, ticket, status, started_at, expires_at)
    values (p_operation, p_hash, extensions.gen_random_uuid(), 'running', clock_timestamp(), clock_timestamp() + p_lease)
    on conflict (operation, request_hash) do nothing
    returning c.ticket into v_ticket;
  end if;
  if v_ticket is not null then
    return query select 'leader'::text, v_ticket, null::jsonb;
    return;
  end if;
  select c.status, c.result into v_status, v_result
  from ops.request_coalescing c where c.operation = p_operation and c.request_hash = p_hash;
  if v_status = 'done' then
    return query select 'done'::text, null::uuid, v_result;
  else
    return query select 'follower'::text, null::uuid, null::jsonb;
  end if;
end
$$;

-- The leader publishes its result; followers and later callers (within p_ttl) receive it.
-- False when the ticket is no longer the leader's (its lease ran out and someone took over).
create function ops.coalesce_complete(p_operation text, p_hash text, p_ticket uuid, p_result jsonb, p_ttl interval default '60 seconds')
returns boolean
language plpgsql volatile set search_path = '' as $$
begin
  perform ops._coalesce_check_args(p_operation, p_hash);
  if p_ttl is null or p_ttl < interval '0' then
    raise exception 'coalesce result ttl must be zero or positive, got %', coalesce(p_ttl::text, 'NULL') using errcode = 'invalid_parameter_value';
  end if;
  update ops.request_coalescing
  set status = 'done', result = coalesce(p_result, 'null'::jsonb), expires_at = clock_timestamp() + p_ttl
  where operation = p_operation and request_hash = p_hash and ticket = p_ticket and status = 'running';
  return found;
end
$$;

-- The leader failed: waiting followers receive the error, and the next caller becomes leader.
create function ops.coalesce_fail(p_operation text, p_hash text, p_ticket uuid, p_error text)
returns boolean
language plpgsql volatile set search_path = '' as $$
begin
  perform ops._coalesce_check_args(p_operation, p_hash);
  update ops.request_coalescing
  set status = 'failed', error = coalesce(p_error, 'failed'), expires_at = clock_timestamp() + interval '10 seconds'
  where operation = p_operation and request_hash = p_hash and ticket = p_ticket and status = 'running';
  return found;
end
$$;

-- Follower: wait up to p_timeout for the leader. status is 'done' (result), 'failed' (error),
-- 'abandoned' (no live leader any more: claim again) or 'timeout'. Polls with backoff from 2 ms
-- to 50 ms; call it in autocommit or READ COMMITTED so each poll sees new commits.
create function ops.coalesce_wait(p_operation text, p_hash text, p_timeout interval default '30 seconds')
returns table (status text, result jsonb, error text)
language plpgsql volatile set search_path = '' as $$
declare
  v_deadline timestamptz;
  v_backoff double precision := 0.002;
  c record;
begin
  perform ops._coalesce_check_args(p_operation, p_hash);
  if p_timeout is null or p_timeout < interval '0' then
    raise exception 'coalesce wait timeout must be zero or positive, got %', coalesce(p_timeout::text, 'NULL') using errcode = 'invalid_parameter_value';
  end if;
  v_deadline := clock_timestamp() + p_timeout;
  loop
    select r.status, r.result, r.error, r.expires_at into c
    from ops.request_coalescing r where r.operation = p_operation and r.request_hash = p_hash;
    if c.status is null or (c.status = 'running' and c.expires_at <= clock_timestamp()) then
      return query select 'abandoned'::text, null::jsonb, null::text;
      return;
    elsif c.status in ('done', 'failed') then
      return query select c.status, c.result, c.error;
      return;
    elsif clock_timestamp() >= v_deadline then
      return query select 'timeout'::text, null::jsonb, null::text;
      return;
    end if;
    perform pg_sleep(least(v_backoff * (0.5 + random()),
                           greatest(0, extract(epoch from v_deadline - clock_timestamp())::double precision)));
    v_backoff := least(v_backoff * 2, 0.05);
  end loop;
end
$$;

create function ops.coalesce_purge()
returns bigint
language plpgsql volatile set search_path = '' as $$
declare
  n bigint;
begin
  delete from ops.request_coalescing where expires_at < clock_timestamp();
  get diagnostics n = row_count;
  return n;
end
$$;

revoke execute on function
  ops._coalesce_check_args(text, text),
  ops.coalesce_claim(text, text, interval),
  ops.coalesce_complete(text, text, uuid, jsonb, interval),
  ops.coalesce_fail(text, text, uuid, text),
  ops.coalesce_wait(text, text, interval),
  ops.coalesce_purge()
from public, anon, authenticated;
grant execute on function
  ops._coalesce_check_args(text, text),
  ops.coalesce_claim(text, text, interval),
  ops.coalesce_complete(text, text, uuid, jsonb, interval),
  ops.coalesce_fail(text, text, uuid, text),
  ops.coalesce_wait(text, text, interval),
  ops.coalesce_purge()
to service_role;

select cron.schedule('opsbase-coalesce-purge', '*/10 * * * *', 'select ops.coalesce_purge()');
