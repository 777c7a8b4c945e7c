-- Circuit breakers (seed 000: circuit_breaker_states), modelled on resilience4j: a failure-rate
-- and a slow-call-rate threshold over a count- or time-based sliding window with a minimum number
-- of calls; open -> half-open after a wait; a limited number of trial calls; forced-open and
-- disabled switches. Every state change goes to ops.circuit_breaker_history and to the outbox
-- (topic breaker.state_changed). See docs/coordination.md.
--
-- The table lives in public because the seed wants it readable by a status page: anon and
-- authenticated may read the status columns (column grants), only service_role writes. The
-- sliding-window internals sit in the same row, so record() is one row update, but are not granted.
set lock_timeout = '5s';
set statement_timeout = '60s';

create table public.circuit_breaker_states (
  service_name text primary key check (service_name ~ '^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$'),
  state text not null default 'closed'
    check (state in ('closed', 'open', 'half-open', 'forced-open', 'disabled')),
  -- Outcomes in the sliding window, as of the last record().
  -- Window counts stay far below 2^31 (the window holds at most 1000 calls or 1000 s of calls).
  -- squawk-ignore prefer-bigint-over-int
  call_count integer not null default 0,
  -- squawk-ignore prefer-bigint-over-int
  failure_count integer not null default 0,
  -- squawk-ignore prefer-bigint-over-int
  slow_call_count integer not null default 0,
  failure_rate numeric(5, 2) generated always as
    (case when call_count > 0 then round(100.0 * failure_count / call_count, 2) end) stored,
  slow_call_rate numeric(5, 2) generated always as
    (case when call_count > 0 then round(100.0 * slow_call_count / call_count, 2) end) stored,
  last_failure_time timestamptz,
  last_success_time timestamptz,
  last_state_change timestamptz not null default now(),
  metadata jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),

  -- Configuration (resilience4j names and defaults).
  sliding_window_type text not null default 'count' check (sliding_window_type in ('count', 'time')),
  -- calls (count) or seconds (time)
  -- squawk-ignore prefer-bigint-over-int
  sliding_window_size integer not null default 100 check (sliding_window_size between 1 and 1000),
  -- squawk-ignore prefer-bigint-over-int
  minimum_number_of_calls integer not null default 100 check (minimum_number_of_calls >= 1),
  failure_rate_threshold numeric(5, 2) not null default 50 check (failure_rate_threshold > 0 and failure_rate_threshold <= 100),
  slow_call_rate_threshold numeric(5, 2) not null default 100 check (slow_call_rate_threshold > 0 and slow_call_rate_threshold <= 100),
  -- squawk-ignore prefer-bigint-over-int
  slow_call_duration_ms integer not null default 60000 check (slow_call_duration_ms >= 1),
  wait_duration_in_open interval not null default '60 seconds' check (wait_duration_in_open > interval '0'),
  -- squawk-ignore prefer-bigint-over-int
  permitted_calls_in_half_open integer not null default 10 check (permitted_calls_in_half_open >= 1),
  -- A trial caller that dies never records; after this long in half-open the breaker reopens
  -- instead of waiting forever. NULL: wait indefinitely (resilience4j's default).
  max_wait_in_half_open interval default '60 seconds' check (max_wait_in_half_open > interval '0'),

  -- Internals. Ring of buckets: one call per bucket (count window) or one second (time window).
  -- 32-bit per-bucket counts: a bucket holds one call or one second of calls; halves the row size.
  -- squawk-ignore prefer-bigint-over-int
  win_calls integer[] not null default '{}',
  -- squawk-ignore prefer-bigint-over-int
  win_failures integer[] not null default '{}',
  -- squawk-ignore prefer-bigint-over-int
  win_slow integer[] not null default '{}',
  -- count window: calls recorded so far; time window: epoch second of the newest bucket
  win_cursor bigint not null default 0,
  opened_at timestamptz,
  half_open_at timestamptz,
  -- squawk-ignore prefer-bigint-over-int
  half_open_admitted integer not null default 0,
  -- squawk-ignore prefer-bigint-over-int
  half_open_calls integer not null default 0,
  -- squawk-ignore prefer-bigint-over-int
  half_open_failures integer not null default 0,
  -- squawk-ignore prefer-bigint-over-int
  half_open_slow integer not null default 0
);
comment on table public.circuit_breaker_states is
  'Circuit breakers. Public read of status columns (status page); writes through ops.breaker_* as service_role.';

alter table public.circuit_breaker_states enable row level security;
-- The seed's two policies: public read for a status page, everything else for the service role.
create policy "Status page can read circuit breaker states" on public.circuit_breaker_states
  for select to anon, authenticated
  using (true);
create policy "Service role manages circuit breaker states" on public.circuit_breaker_states
  for all to service_role
  using ((select auth.role()) = 'service_role')
  with check ((select auth.role()) = 'service_role');

-- Column grants: configuration, metadata and window internals stay private.
revoke all on public.circuit_breaker_states from public, anon, authenticated;
-- opsbase-lint-ignore grant-to-anon: the seed's status page reads breaker states without logging in; status columns only
grant select (service_name, state, call_count, failure_count, slow_call_count, failure_rate, slow_call_rate,
              last_failure_time, last_success_time, last_state_change, updated_at)
  on public.circuit_breaker_states to anon, authenticated;
grant select, insert, update, delete on public.circuit_breaker_states to service_role;

-- `select *` through the Data API fails on a table with column grants; this view is what a status
-- page reads. security_invoker: the caller's grants and RLS apply.
create view public.circuit_breaker_status with (security_invoker = true) as
select service_name, state, call_count, failure_count, slow_call_count, failure_rate, slow_call_rate,
       last_failure_time, last_success_time, last_state_change, updated_at
from public.circuit_breaker_states;
revoke all on public.circuit_breaker_status from public, anon, authenticated;
-- opsbase-lint-ignore grant-to-anon: the status page's view of the same public status columns (security_invoker)
grant select on public.circuit_breaker_status to anon, authenticated, service_role;

create table ops.circuit_breaker_history (
  id bigint generated always as identity primary key,
  service_name text not null references public.circuit_breaker_states (service_name) on delete cascade,
  from_state text not null,
  to_state text not null,
  reason text not null,
  -- squawk-ignore prefer-bigint-over-int
  call_count integer,
  failure_rate numeric(5, 2),
  slow_call_rate numeric(5, 2),
  changed_at timestamptz not null default clock_timestamp()
);
create index circuit_breaker_history_service_idx on ops.circuit_breaker_history (service_name, id);
alter table ops.circuit_breaker_history enable row level security;
create policy "Only the service role reads breaker history" on ops.circuit_breaker_history
  for all to service_role
  using ((select auth.role()) = 'service_role')
  with check ((select auth.role()) = 'service_role');
revoke all on ops.circuit_breaker_history from public, anon, authenticated;
grant select, insert, delete on ops.circuit_breaker_history to service_role;

-- Record a state change: history row plus outbox event, in the caller's transaction.
create function ops._breaker_changed(
  p_service text, p_from text, p_to text, p_reason text,
  p_calls integer, p_failure_rate numeric, p_slow_rate numeric
) returns void
language plpgsql volatile set search_path = '' as $$
begin
  insert into ops.circuit_breaker_history (service_name, from_state, to_state, reason, call_count, failure_rate, slow_call_rate)
  values (p_service, p_from, p_to, p_reason, p_calls, p_failure_rate, p_slow_rate);
  perform ops.outbox_enqueue(
    'breaker.state_changed',
    jsonb_build_object('service', p_service, 'from', p_from, 'to', p_to, 'reason', p_reason,
                       'call_count', p_calls, 'failure_rate', p_failure_rate, 'slow_call_rate', p_slow_rate,
                       'changed_at', clock_timestamp()),
    p_aggregate_type => 'circuit_breaker',
    p_aggregate_id => p_service,
    p_ordering_key => p_service);
end
$$;

create function ops._breaker_unknown(p_service text)
returns void
language plpgsql volatile set search_path = '' as $$
begin
  raise exception 'unknown circuit breaker %', coalesce(quote_literal(p_service), 'NULL')
    using errcode = 'no_data_found', hint = 'create it with ops.breaker_configure(service, ...)';
end
$$;

-- Create or reconfigure a breaker. A new breaker starts closed. Changing the window's type or
-- size empties the window (its buckets would mean something else); the state is kept.
create function ops.breaker_configure(
  p_service text,
  p_failure_rate_threshold numeric default 50,
  p_slow_call_rate_threshold numeric default 100,
  p_slow_call_duration_ms integer default 60000,
  p_sliding_window_type text default 'count',
  p_sliding_window_size integer default 100,
  p_minimum_number_of_calls integer default 100,
  p_wait_duration_in_open interval default '60 seconds',
  p_permitted_calls_in_half_open integer default 10,
  p_max_wait_in_half_open interval default '60 seconds'
) returns void
language plpgsql volatile set search_path = '' as $$
begin
  if p_service is null or p_service !~ '^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$' then
    raise exception 'circuit breaker name must be 1-100 characters of [A-Za-z0-9_.:-], got %', coalesce(quote_literal(p_service), 'NULL')
      using errcode = 'invalid_parameter_value';
  end if;
  if p_failure_rate_threshold is null or p_failure_rate_threshold <= 0 or p_failure_rate_threshold > 100
     or p_slow_call_rate_threshold is null or p_slow_call_rate_threshold <= 0 or p_slow_call_rate_threshold > 100 then
    raise exception 'circuit breaker rate thresholds must be in (0, 100] percent' using errcode = 'invalid_parameter_value';
  end if;
  if p_sliding_window_type is null or p_sliding_window_type not in ('count', 'time') then
    raise exception 'sliding window type must be count or time, got %', coalesce(quote_literal(p_sliding_window_type), 'NULL')
      using errcode = 'invalid_parameter_value';
  end if;
  if p_sliding_window_size is null or p_sliding_window_size not between 1 and 1000 then
    raise exception 'sliding window size must be between 1 and 1000, got %', coalesce(p_sliding_window_size::text, 'NULL')
      using errcode = 'invalid_parameter_value';
  end if;
  if p_minimum_number_of_calls is null or p_minimum_number_of_calls < 1
     or p_permitted_calls_in_half_open is null or p_permitted_calls_in_half_open < 1
     or p_slow_call_duration_ms is null or p_slow_call_duration_ms < 1 then
    raise exception 'minimum number of calls, permitted half-open calls and slow call duration must be positive'
      using errcode = 'invalid_parameter_value';
  end if;
  if p_wait_duration_in_open is null or p_wait_duration_in_open <= interval '0'
     or p_max_wait_in_half_open <= interval '0' then
    raise exception 'wait durations must be positive' using errcode = 'invalid_parameter_value';
  end if;

  insert into public.circuit_breaker_states as b (
    service_name, failure_rate_threshold, slow_call_rate_threshold, slow_call_duration_ms, sliding_window_type,
    sliding_window_size, minimum_number_of_calls, wait_duration_in_open, permitted_calls_in_half_open,
    max_wait_in_half_open, win_calls, win_failures, win_slow)
  values (
    p_service, p_failure_rate_threshold, p_slow_call_rate_threshold, p_slow_call_duration_ms, p_sliding_window_type,
    p_sliding_window_size, p_minimum_number_of_calls, p_wait_duration_in_open, p_permitted_calls_in_half_open,
    p_max_wait_in_half_open, array_fill(0, array[p_sliding_window_size]), array_fill(0, array[p_sliding_window_size]),
    array_fill(0, array[p_sliding_window_size]))
  on conflict (service_name) do update set
    failure_rate_threshold = excluded.failure_rate_threshold,
    slow_call_rate_threshold = excluded.slow_call_rate_threshold,
    slow_call_duration_ms = excluded.slow_call_duration_ms,
    sliding_window_type = excluded.sliding_window_type,
    sliding_window_size = excluded.sliding_window_size,
    minimum_number_of_calls = excluded.minimum_number_of_calls,
    wait_duration_in_open = excluded.wait_duration_in_open,
    permitted_calls_in_half_open = excluded.permitted_calls_in_half_open,
    max_wait_in_half_open = excluded.max_wait_in_half_open,
    updated_at = clock_timestamp(),
    win_calls = case when (b.sliding_window_type, b.sliding_window_size) = (excluded.sliding_window_type, excluded.sliding_window_size)
                     then b.win_calls else excluded.win_calls end,
    win_failures = case when (b.sliding_window_type, b.sliding_window_size) = (excluded.sliding_window_type, excluded.sliding_window_size)
                        then b.win_failures else excluded.win_failures end,
    win_slow = case when (b.sliding_window_type, b.sliding_window_size) = (excluded.sliding_window_type, excluded.sliding_window_size)
                    then b.win_slow else excluded.win_slow end,
    win_cursor = case when (b.sliding_window_type, b.sliding_window_size) = (excluded.sliding_window_type, excluded.sliding_window_size)
                      then b.win_cursor else 0 end,
    call_count = case when (b.sliding_window_type, b.sliding_window_size) = (excluded.sliding_window_type, excluded.sliding_window_size)
                      then b.call_count else 0 end,
    failure_count = case when (b.sliding_window_type, b.sliding_window_size) = (excluded.sliding_window_type, excluded.sliding_window_size)
                         then b.failure_count else 0 end,
    slow_call_count = case when (b.sliding_window_type, b.sliding_window_size) = (excluded.sliding_window_type, excluded.sliding_window_size)
                           then b.slow_call_count else 0 end;
end
$$;

-- May a call to p_service go ahead? Closed and disabled: yes, read-only. Open: no, until
-- wait_duration_in_open has passed; then the first caller moves the breaker to half-open and is
-- the first trial. Half-open: yes for exactly permitted_calls_in_half_open callers in total.
create function ops.breaker_allow(p_service text)
returns boolean
language plpgsql volatile set search_path = '' as $$
declare
  b public.circuit_breaker_states;
  v_now timestamptz;
begin
  -- Fast path without a row lock: most calls find the breaker closed.
  select * into b from public.circuit_breaker_states where service_name = p_service;
  if not found then
    perform ops._breaker_unknown(p_service);
  end if;
  if b.state in ('closed', 'disabled') then
    return true;
  elsif b.state = 'forced-open' then
    return false;
  elsif b.state = 'open' and clock_timestamp() < b.opened_at + b.wait_duration_in_open then
    return false;
  end if;

  select * into b from public.circuit_breaker_states where service_name = p_service for update;
  v_now := clock_timestamp();
  if b.state in ('closed', 'disabled') then
    return true;
  elsif b.state = 'forced-open' then
    return false;
  elsif b.state = 'open' then
    if v_now < b.opened_at + b.wait_duration_in_open then
      return false;
    end if;
    update public.circuit_breaker_states
    set state = 'half-open', half_open_at = v_now, last_state_change = v_now, updated_at = v_now,
        half_open_admitted = 1, half_open_calls = 0, half_open_failures = 0, half_open_slow = 0
    where service_name = p_service;
    perform ops._breaker_changed(p_service, 'open', 'half-open', 'wait duration in open elapsed',
                                 b.call_count, b.failure_rate, b.slow_call_rate);
    return true;
  end if;
  -- half-open
  if b.max_wait_in_half_open is not null and v_now >= b.half_open_at + b.max_wait_in_half_open then
    update public.circuit_breaker_states
    set state = 'open', opened_at = v_now, last_state_change = v_now, updated_at = v_now
    where service_name = p_service;
    perform ops._breaker_changed(p_service, 'half-open', 'open', 'trial calls did not complete within max wait in half-open',
                                 b.half_open_calls, null, null);
    return false;
  end if;
  if b.half_open_admitted < b.permitted_calls_in_half_open then
    update public.circuit_breaker_states set half_open_admitted = half_open_admitted + 1, updated_at = v_now
    where service_name = p_service;
    return true;
  end if;
  return false;
end
$$;

-- Report a call's outcome. Closed: it enters the sliding window, and once the window holds
-- minimum_number_of_calls the breaker opens when the failure rate or the slow-call rate reaches
-- its threshold. Half-open: it counts as a trial; after permitted_calls_in_half_open trials the
-- breaker closes (with an empty window) or reopens. Open, forced-open, disabled: ignored.
-- Returns the state after the call.
create function ops.breaker_record(p_service text, p_success boolean, p_latency_ms double precision default null)
returns text
language plpgsql volatile set search_path = '' as $$
declare
  b public.circuit_breaker_states;
  v_now timestamptz;
  v_fail integer;
  v_slow integer;
  v_n integer;
  v_i integer;
  v_sec bigint;
  v_s bigint;
  v_min integer;
  v_fail_rate numeric;
  v_slow_rate numeric;
begin
  if p_success is null then
    raise exception 'breaker_record: success must be true or false, not NULL' using errcode = 'invalid_parameter_value';
  end if;
  if p_latency_ms < 0 or p_latency_ms = 'NaN'::double precision then
    raise exception 'breaker_record: latency must be zero or positive milliseconds, got %', p_latency_ms
      using errcode = 'invalid_parameter_value';
  end if;
  select * into b from public.circuit_breaker_states where service_name = p_service for update;
  if not found then
    perform ops._breaker_unknown(p_service);
  end if;
  if b.state not in ('closed', 'half-open') then
    return b.state;
  end if;

  v_now := clock_timestamp();
  v_fail := case when p_success then 0 else 1 end;
  v_slow := case when p_latency_ms >= b.slow_call_duration_ms then 1 else 0 end;

  if b.state = 'half-open' then
    b.half_open_calls := b.half_open_calls + 1;
    b.half_open_failures := b.half_open_failures + v_fail;
    b.half_open_slow := b.half_open_slow + v_slow;
    if b.half_open_calls < b.permitted_calls_in_half_open then
      update public.circuit_breaker_states
      set half_open_calls = b.half_open_calls, half_open_failures = b.half_open_failures,
          half_open_slow = b.half_open_slow, updated_at = v_now,
          last_failure_time = case when v_fail = 1 then v_now else last_failure_time end,
          last_success_time = case when v_fail = 0 then v_now else last_success_time end
      where service_name = p_service;
      return 'half-open';
    end if;
    v_fail_rate := round(100.0 * b.half_open_failures / b.half_open_calls, 2);
    v_slow_rate := round(100.0 * b.half_open_slow / b.half_open_calls, 2);
    if v_fail_rate >= b.failure_rate_threshold or v_slow_rate >= b.slow_call_rate_threshold then
      update public.circuit_breaker_states
      set state = 'open', opened_at = v_now, last_state_change = v_now, updated_at = v_now,
          half_open_calls = b.half_open_calls, half_open_failures = b.half_open_failures, half_open_slow = b.half_open_slow,
          last_failure_time = case when v_fail = 1 then v_now else last_failure_time end,
          last_success_time = case when v_fail = 0 then v_now else last_success_time end
      where service_name = p_service;
      perform ops._breaker_changed(p_service, 'half-open', 'open',
        format('trial calls: failure rate %s%%, slow call rate %s%%', v_fail_rate, v_slow_rate),
        b.half_open_calls, v_fail_rate, v_slow_rate);
      return 'open';
    end if;
    update public.circuit_breaker_states
    set state = 'closed', last_state_change = v_now, updated_at = v_now,
        win_calls = array_fill(0, array[b.sliding_window_size]),
        win_failures = array_fill(0, array[b.sliding_window_size]),
        win_slow = array_fill(0, array[b.sliding_window_size]),
        win_cursor = 0, call_count = 0, failure_count = 0, slow_call_count = 0,
        half_open_calls = b.half_open_calls, half_open_failures = b.half_open_failures, half_open_slow = b.half_open_slow,
        last_failure_time = case when v_fail = 1 then v_now else last_failure_time end,
        last_success_time = case when v_fail = 0 then v_now else last_success_time end
    where service_name = p_service;
    perform ops._breaker_changed(p_service, 'half-open', 'closed',
      format('trial calls: failure rate %s%%, slow call rate %s%%', v_fail_rate, v_slow_rate),
      b.half_open_calls, v_fail_rate, v_slow_rate);
    return 'closed';
  end if;

  -- closed: slide the window, then add this call to its bucket.
  v_n := b.sliding_window_size;
  if b.sliding_window_type = 'count' then
    v_i := (b.win_cursor % v_n)::integer + 1;
    b.win_cursor := b.win_cursor + 1;
    -- the slot's previous call leaves the window
    b.call_count := b.call_count - b.win_calls[v_i];
    b.failure_count := b.failure_count - b.win_failures[v_i];
    b.slow_call_count := b.slow_call_count - b.win_slow[v_i];
    b.win_calls[v_i] := 0;
    b.win_failures[v_i] := 0;
    b.win_slow[v_i] := 0;
    v_min := least(b.minimum_number_of_calls, v_n);
  else
    v_sec := floor(extract(epoch from v_now))::bigint;
    -- buckets for the seconds since the newest one are stale; at most the whole ring
    if v_sec > b.win_cursor then
      v_s := greatest(b.win_cursor + 1, v_sec - v_n + 1);
      while v_s <= v_sec loop
        v_i := (v_s % v_n)::integer + 1;
        b.call_count := b.call_count - b.win_calls[v_i];
        b.failure_count := b.failure_count - b.win_failures[v_i];
        b.slow_call_count := b.slow_call_count - b.win_slow[v_i];
        b.win_calls[v_i] := 0;
        b.win_failures[v_i] := 0;
        b.win_slow[v_i] := 0;
        v_s := v_s + 1;
      end loop;
      b.win_cursor := v_sec;
    end if;
    -- a clock step backwards lands in the newest bucket
    v_i := (b.win_cursor % v_n)::integer + 1;
    v_min := b.minimum_number_of_calls;
  end if;
  b.win_calls[v_i] := b.win_calls[v_i] + 1;
  b.win_failures[v_i] := b.win_failures[v_i] + v_fail;
  b.win_slow[v_i] := b.win_slow[v_i] + v_slow;
  b.call_count := b.call_count + 1;
  b.failure_count := b.failure_count + v_fail;
  b.slow_call_count := b.slow_call_count + v_slow;

  v_fail_rate := round(100.0 * b.failure_count / b.call_count, 2);
  v_slow_rate := round(100.0 * b.slow_call_count / b.call_count, 2);
  if b.call_count >= v_min
     and (v_fail_rate >= b.failure_rate_threshold or v_slow_rate >= b.slow_call_rate_threshold) then
    b.state := 'open';
  end if;
  update public.circuit_breaker_states
  set state = b.state, win_calls = b.win_calls, win_failures = b.win_failures, win_slow = b.win_slow,
      win_cursor = b.win_cursor, call_count = b.call_count, failure_count = b.failure_count,
      slow_call_count = b.slow_call_count, updated_at = v_now,
      opened_at = case when b.state = 'open' then v_now else opened_at end,
      last_state_change = case when b.state = 'open' then v_now else last_state_change end,
      last_failure_time = case when v_fail = 1 then v_now else last_failure_time end,
      last_success_time = case when v_fail = 0 then v_now else last_success_time end
  where service_name = p_service;
  if b.state = 'open' then
    perform ops._breaker_changed(p_service, 'closed', 'open',
      format('failure rate %s%% (threshold %s%%), slow call rate %s%% (threshold %s%%) over %s calls',
             v_fail_rate, b.failure_rate_threshold, v_slow_rate, b.slow_call_rate_threshold, b.call_count),
      b.call_count, v_fail_rate, v_slow_rate);
  end if;
  return b.state;
end
$$;

-- Operator switches. Each returns the previous state and records a change when there is one.
create function ops._breaker_set_state(p_service text, p_state text, p_reason text)
returns text
language plpgsql volatile set search_path = '' as $$
declare
  b public.circuit_breaker_states;
  v_now timestamptz := clock_timestamp();
begin
  select * into b from public.circuit_breaker_states where service_name = p_service for update;
  if not found then
    perform ops._breaker_unknown(p_service);
  end if;
  if b.state = p_state and p_state <> 'closed' then
    return b.state;
  end if;
  -- Every switch starts the breaker over with an empty window.
  update public.circuit_breaker_states
  set state = p_state, last_state_change = v_now, updated_at = v_now,
      opened_at = case when p_state = 'forced-open' then v_now end,
      half_open_at = null, half_open_admitted = 0, half_open_calls = 0, half_open_failures = 0, half_open_slow = 0,
      win_calls = array_fill(0, array[b.sliding_window_size]),
      win_failures = array_fill(0, array[b.sliding_window_size]),
      win_slow = array_fill(0, array[b.sliding_window_size]),
      win_cursor = 0, call_count = 0, failure_count = 0, slow_call_count = 0
  where service_name = p_service;
  if b.state <> p_state then
    perform ops._breaker_changed(p_service, b.state, p_state, p_reason, b.call_count, b.failure_rate, b.slow_call_rate);
  end if;
  return b.state;
end
$$;

create function ops.breaker_force_open(p_service text, p_reason text default 'forced open by operator')
returns text
language sql volatile set search_path = '' as $$
  select ops._breaker_set_state(p_service, 'forced-open', coalesce(p_reason, 'forced open by operator'))
$$;

create function ops.breaker_disable(p_service text, p_reason text default 'disabled by operator')
returns text
language sql volatile set search_path = '' as $$
  select ops._breaker_set_state(p_service, 'disabled', coalesce(p_reason, 'disabled by operator'))
$$;

-- Back to closed with an empty window: leaves forced-open or disabled, or clears a tripped breaker.
create function ops.breaker_reset(p_service text, p_reason text default 'reset by operator')
returns text
language sql volatile set search_path = '' as $$
  select ops._breaker_set_state(p_service, 'closed', coalesce(p_reason, 'reset by operator'))
$$;

revoke execute on function
  ops._breaker_changed(text, text, text, text, integer, numeric, numeric),
  ops._breaker_unknown(text),
  ops.breaker_configure(text, numeric, numeric, integer, text, integer, integer, interval, integer, interval),
  ops.breaker_allow(text),
  ops.breaker_record(text, boolean, double precision),
  ops._breaker_set_state(text, text, text),
  ops.breaker_force_open(text, text),
  ops.breaker_disable(text, text),
  ops.breaker_reset(text, text)
from public, anon, authenticated;
grant execute on function
  ops._breaker_changed(text, text, text, text, integer, numeric, numeric),
  ops._breaker_unknown(text),
  ops.breaker_configure(text, numeric, numeric, integer, text, integer, integer, interval, integer, interval),
  ops.breaker_allow(text),
  ops.breaker_record(text, boolean, double precision),
  ops._breaker_set_state(text, text, text),
  ops.breaker_force_open(text, text),
  ops.breaker_disable(text, text),
  ops.breaker_reset(text, text)
to service_role;
