-- Distributed locks (seed 000: distributed_locks) as leases with fencing tokens, plus a
-- transaction-scoped advisory fast path. See docs/coordination.md.
--
-- Why a lease is not enough (Kleppmann, "How to do distributed locking"): a holder can pause past
-- its TTL and keep writing. Every grant therefore returns a fencing token that strictly increases
-- per key over the key's whole life, and protected writes check it with ops.lock_assert().
set lock_timeout = '5s';
set statement_timeout = '60s';

-- One sequence for every key: a token is larger than every token issued before it, so a key whose
-- row was purged and re-created still never sees its tokens go backwards.
create sequence ops.lock_fencing_seq as bigint;

-- A key's row lives on after release (lock_holder is null), so acquire and release are HOT updates
-- of one row rather than an index insert plus a delete. No index on expires_at (the seed's): it
-- would turn every acquire and release into a non-HOT update; only the daily purge scans by it.
--
-- One CHECK only: Postgres evaluates every CHECK on every UPDATE, and each costs about as much
-- as the update itself here (measured: four checks doubled its execution time). Key and holder
-- formats are validated by the functions, the only writers.
create table ops.distributed_locks (
  lock_key text primary key,
  lock_holder text,
  fencing_token bigint not null,
  acquired_at timestamptz not null,
  expires_at timestamptz,
  released_at timestamptz,
  metadata jsonb not null default '{}',
  -- held: a holder and an expiry after the grant; free: neither
  constraint distributed_locks_state check (
    (lock_holder is null and expires_at is null) or (lock_holder is not null and expires_at > acquired_at))
) with (fillfactor = 70);
comment on table ops.distributed_locks is
  'Lease locks with fencing tokens. A row with lock_holder null or expires_at <= clock_timestamp() is free.';

-- The seed's policy ("only system can manage locks"). service_role bypasses RLS; the policy states
-- the intent, and grants keep every other role out.
alter table ops.distributed_locks enable row level security;
create policy "Only the service role manages locks" on ops.distributed_locks
  for all to service_role
  using ((select auth.role()) = 'service_role')
  with check ((select auth.role()) = 'service_role');
revoke all on ops.distributed_locks from public, anon, authenticated;
grant select, insert, update, delete on ops.distributed_locks to service_role;
revoke all on sequence ops.lock_fencing_seq from public, anon, authenticated;
grant usage on sequence ops.lock_fencing_seq to service_role;

-- Argument checks are written out in each function rather than shared through a helper: a
-- PERFORM of another function is a full executor round per call, which on the lock hot path
-- costs more than the checks themselves.

-- Take the lock if it is free or its lease has expired (server clock). Returns the new fencing
-- token, or NULL while someone else holds it. Not re-entrant: a holder extends, it does not re-acquire.
--
-- Deliberately UPDATE-then-INSERT rather than INSERT .. ON CONFLICT DO UPDATE .. WHERE: the
-- latter row-locks the conflicting row even when its WHERE fails, so a refused acquire inside a
-- longer transaction (or lock_acquire_wait's loop) would block the holder's release and extend
-- until that transaction ended. A refused UPDATE locks nothing.
create function ops.lock_acquire(p_key text, p_holder text, p_ttl interval, p_metadata jsonb default '{}')
returns bigint
language plpgsql volatile set search_path = '' as $$
declare
  v_token bigint;
begin
  if p_key is null or p_key = '' or length(p_key) > 255 then
    raise exception 'lock key must be a non-empty string of at most 255 characters, got %', coalesce(quote_literal(p_key), 'NULL')
      using errcode = 'invalid_parameter_value';
  end if;
  if p_holder is null or p_holder = '' or length(p_holder) > 255 then
    raise exception 'lock holder must be a non-empty string of at most 255 characters, got %', coalesce(quote_literal(p_holder), 'NULL')
      using errcode = 'invalid_parameter_value';
  end if;
  if p_ttl is null or p_ttl <= interval '0' then
    raise exception 'lock ttl must be positive, got %', coalesce(p_ttl::text, 'NULL') using errcode = 'invalid_parameter_value';
  end if;
  -- The token is drawn once the row is ours: if another holder's grant was in flight we waited
  -- for it, so our token is larger. clock_timestamp() is re-read after such a wait.
  update ops.distributed_locks
  set lock_holder = p_holder,
      fencing_token = nextval('ops.lock_fencing_seq'),
      acquired_at = clock_timestamp(),
      expires_at = clock_timestamp() + p_ttl,
      released_at = null,
      metadata = coalesce(p_metadata, '{}')
  where lock_key = p_key and (lock_holder is null or expires_at <= clock_timestamp())
  returning fencing_token into v_token;
  if found then
    return v_token;
  end if;

  -- Held, or a key never seen (or purged). A conflict here means a concurrent acquirer created
  -- the row and holds it.
  insert into ops.distributed_locks (lock_key, lock_holder, fencing_token, acquired_at, expires_at, metadata)
  values (p_key, p_holder, 0, clock_timestamp(), clock_timestamp() + p_ttl, coalesce(p_metadata, '{}'))
  on conflict (lock_key) do nothing;
  if not found then
    return null;
  end if;
  -- First grant of this key: stamp the token now that the row is ours, so it is above any token a
  -- purged row of the same key ever carried (a value drawn before the insert could be older).
  update ops.distributed_locks set fencing_token = nextval('ops.lock_fencing_seq')
  where lock_key = p_key
  returning fencing_token into v_token;
  return v_token;
end
$$;

-- Give the lock back. Only the current owner (holder and token, lease not expired) can; returns
-- false otherwise, e.g. when the lease ran out and the caller must assume it lost the lock.
create function ops.lock_release(p_key text, p_holder text, p_token bigint)
returns boolean
language plpgsql volatile set search_path = '' as $$
begin
  if p_key is null or p_key = '' or length(p_key) > 255 then
    raise exception 'lock key must be a non-empty string of at most 255 characters, got %', coalesce(quote_literal(p_key), 'NULL')
      using errcode = 'invalid_parameter_value';
  end if;
  if p_holder is null or p_holder = '' or length(p_holder) > 255 then
    raise exception 'lock holder must be a non-empty string of at most 255 characters, got %', coalesce(quote_literal(p_holder), 'NULL')
      using errcode = 'invalid_parameter_value';
  end if;
  update ops.distributed_locks
  set lock_holder = null, expires_at = null, released_at = clock_timestamp()
  where lock_key = p_key and lock_holder = p_holder and fencing_token = p_token
    and expires_at > clock_timestamp();
  return found;
end
$$;

-- Push the lease out to now + p_ttl. Same ownership rule as release; the token does not change.
create function ops.lock_extend(p_key text, p_holder text, p_token bigint, p_ttl interval)
returns boolean
language plpgsql volatile set search_path = '' as $$
begin
  if p_key is null or p_key = '' or length(p_key) > 255 then
    raise exception 'lock key must be a non-empty string of at most 255 characters, got %', coalesce(quote_literal(p_key), 'NULL')
      using errcode = 'invalid_parameter_value';
  end if;
  if p_holder is null or p_holder = '' or length(p_holder) > 255 then
    raise exception 'lock holder must be a non-empty string of at most 255 characters, got %', coalesce(quote_literal(p_holder), 'NULL')
      using errcode = 'invalid_parameter_value';
  end if;
  if p_ttl is null or p_ttl <= interval '0' then
    raise exception 'lock ttl must be positive, got %', coalesce(p_ttl::text, 'NULL') using errcode = 'invalid_parameter_value';
  end if;
  update ops.distributed_locks
  set expires_at = clock_timestamp() + p_ttl
  where lock_key = p_key and lock_holder = p_holder and fencing_token = p_token
    and expires_at > clock_timestamp();
  return found;
end
$$;

-- Blocking acquire: retry until granted or p_timeout passes (then NULL). Backs off from 2 ms to
-- 100 ms with jitter, and never sleeps past the current lease's expiry. Releases are not signalled
-- inside a function, hence polling. Call it in autocommit or READ COMMITTED: each retry needs a
-- fresh snapshot.
create function ops.lock_acquire_wait(
  p_key text, p_holder text, p_ttl interval, p_timeout interval, p_metadata jsonb default '{}'
) returns bigint
language plpgsql volatile set search_path = '' as $$
declare
  v_deadline timestamptz;
  v_backoff double precision := 0.002;
  v_token bigint;
  v_expires timestamptz;
  v_sleep double precision;
begin
  if p_timeout is null or p_timeout < interval '0' then
    raise exception 'lock wait timeout must be zero or positive, got %', coalesce(p_timeout::text, 'NULL')
      using errcode = 'invalid_parameter_value';
  end if;
  if current_setting('transaction_isolation') <> 'read committed' then
    raise exception 'ops.lock_acquire_wait needs READ COMMITTED, not %', current_setting('transaction_isolation')
      using errcode = 'invalid_transaction_state';
  end if;
  v_deadline := clock_timestamp() + p_timeout;
  loop
    v_token := ops.lock_acquire(p_key, p_holder, p_ttl, p_metadata);
    exit when v_token is not null or clock_timestamp() >= v_deadline;
    select expires_at into v_expires from ops.distributed_locks where lock_key = p_key;
    v_sleep := least(v_backoff * (0.5 + random()),
                     extract(epoch from v_deadline - clock_timestamp())::double precision,
                     greatest(0.001, coalesce(extract(epoch from v_expires - clock_timestamp())::double precision, 0.001)));
    perform pg_sleep(greatest(v_sleep, 0));
    v_backoff := least(v_backoff * 2, 0.1);
  end loop;
  return v_token;
end
$$;

-- For protected writes: call in the same transaction as the write. Raises SQLSTATE OPL01 unless
-- p_token is the key's current, unexpired grant. FOR SHARE keeps anyone from taking the lock over
-- until this transaction ends, so protected writes commit in token order even if the lease runs
-- out between this check and the commit.
create function ops.lock_assert(p_key text, p_token bigint)
returns void
language plpgsql volatile set search_path = '' as $$
declare
  v_current bigint;
  v_live boolean;
begin
  if p_key is null or p_key = '' then
    raise exception 'lock key must be a non-empty string, got %', coalesce(quote_literal(p_key), 'NULL')
      using errcode = 'invalid_parameter_value';
  end if;
  select fencing_token, lock_holder is not null and expires_at > clock_timestamp()
  into v_current, v_live
  from ops.distributed_locks where lock_key = p_key
  for share;
  if v_current is distinct from p_token or not v_live then
    raise exception 'fencing token % is stale for lock %', coalesce(p_token::text, 'NULL'), quote_literal(p_key)
      using errcode = 'OPL01',
            detail = format('current token %s, %s', coalesce(v_current::text, 'none'),
                            case when v_live then 'held' else 'not held' end);
  end if;
end
$$;

-- Delete rows of keys idle for p_idle (released, or lease expired). Safe at any age: a re-created
-- key gets a token above every token ever issued (see lock_acquire).
create function ops.lock_purge(p_idle interval default '1 day')
returns bigint
language plpgsql volatile set search_path = '' as $$
declare
  n bigint;
begin
  if p_idle is null or p_idle < interval '0' then
    raise exception 'lock purge idle interval must be zero or positive' using errcode = 'invalid_parameter_value';
  end if;
  delete from ops.distributed_locks
  where (lock_holder is null and released_at < clock_timestamp() - p_idle)
     or (lock_holder is not null and expires_at < clock_timestamp() - p_idle);
  get diagnostics n = row_count;
  return n;
end
$$;

-- Fast path: a transaction-scoped advisory lock on the key's 64-bit hash. Released at commit or
-- rollback, so it is safe behind a transaction-mode pooler (Supavisor :6543) and cannot outlive a
-- dead client. No TTL and no token: the transaction itself is the fence.
create function ops.lock_xact_id(p_key text)
returns bigint
language plpgsql immutable set search_path = '' as $$
begin
  if p_key is null or p_key = '' then
    raise exception 'lock key must be a non-empty string, got %', coalesce(quote_literal(p_key), 'NULL')
      using errcode = 'invalid_parameter_value';
  end if;
  -- Seeded so our keys do not line up with other users of the bigint advisory lock space.
  return hashtextextended(p_key, 7305143);
end
$$;

-- Try once; true when this transaction now holds the key.
create function ops.lock_xact_try(p_key text)
returns boolean
language sql volatile set search_path = '' as $$
  select pg_try_advisory_xact_lock(ops.lock_xact_id(p_key))
$$;

-- Wait up to p_timeout (NULL: indefinitely) for the key; false on timeout. lock_timeout is set
-- only around the wait and restored, so the caller's setting is untouched.
create function ops.lock_xact(p_key text, p_timeout interval default null)
returns boolean
language plpgsql volatile set search_path = '' as $$
declare
  v_id bigint := ops.lock_xact_id(p_key);
  v_saved text := current_setting('lock_timeout');
  v_got boolean := true;
begin
  if p_timeout is null then
    perform pg_advisory_xact_lock(v_id);
    return true;
  end if;
  if p_timeout < interval '0' then
    raise exception 'lock wait timeout must be zero or positive, got %', p_timeout using errcode = 'invalid_parameter_value';
  end if;
  if pg_try_advisory_xact_lock(v_id) then
    return true;
  end if;
  if p_timeout = interval '0' then
    return false;
  end if;
  perform set_config('lock_timeout', greatest(1, ceil(extract(epoch from p_timeout) * 1000))::bigint::text || 'ms', true);
  begin
    perform pg_advisory_xact_lock(v_id);
  exception when lock_not_available then
    v_got := false;
  end;
  perform set_config('lock_timeout', v_saved, true);
  return v_got;
end
$$;

revoke execute on function
  ops.lock_acquire(text, text, interval, jsonb),
  ops.lock_release(text, text, bigint),
  ops.lock_extend(text, text, bigint, interval),
  ops.lock_acquire_wait(text, text, interval, interval, jsonb),
  ops.lock_assert(text, bigint),
  ops.lock_purge(interval),
  ops.lock_xact_id(text),
  ops.lock_xact_try(text),
  ops.lock_xact(text, interval)
from public, anon, authenticated;
grant execute on function
  ops.lock_acquire(text, text, interval, jsonb),
  ops.lock_release(text, text, bigint),
  ops.lock_extend(text, text, bigint, interval),
  ops.lock_acquire_wait(text, text, interval, interval, jsonb),
  ops.lock_assert(text, bigint),
  ops.lock_purge(interval),
  ops.lock_xact_id(text),
  ops.lock_xact_try(text),
  ops.lock_xact(text, interval)
to service_role;

-- Rows of keys idle for a day go away nightly.
select cron.schedule('opsbase-lock-purge', '41 3 * * *', 'select ops.lock_purge()');
