-- Outbox wake-ups, coalesced across transactions (issue 6 follow-up, docs/cache.md "Delivery").
-- Before: every producing transaction posted one net.http_post drain request, so 1,000 commits/s
-- meant 1,000 function invocations/s; under load the request queue fell behind and commit ->
-- key-gone p99 grew to seconds. Now a producer skips the post when a wake-up for the same topic
-- is already on its way: posted after the topic's last claim and less than 5 seconds ago.
--
-- Why it stays correct:
--  * The check runs at COMMIT (a deferred constraint trigger), not at INSERT, so a long producing
--    transaction cannot rely on a drain that finished before it committed.
--  * ops.outbox_claim stamps ops.outbox_subscriptions.drained_at on every claim, including an
--    empty one, so the first producer after a drain looked posts again.
--  * The window left (a producer reads the stamp just before a final empty claim and commits just
--    after its snapshot) is closed by the drainers' linger: after an empty claim they claim once
--    more, 25 ms later (functions/cache-invalidate/drain.ts, functions/alert-fanout/drain.ts).
--  * A wake-up that is lost (function down, request dropped) suppresses others for 5 s at most,
--    and the pg_cron catch-up (opsbase-outbox-wake, every minute) posts regardless.
set lock_timeout = '5s';
set statement_timeout = '60s';

alter table ops.outbox_subscriptions add column drained_at timestamptz;
comment on column ops.outbox_subscriptions.drained_at is 'Last ops.outbox_claim on this topic (even an empty one): a wake-up posted before it has been answered.';

-- One row per topic: when its last wake-up was posted. Kept apart from outbox_subscriptions so
-- producers (which lock this row at commit) and claims (which update drained_at) never wait on
-- each other.
create table ops.outbox_wakeups (
  topic text primary key references ops.outbox_subscriptions (topic) on delete cascade,
  posted_at timestamptz not null
);
comment on table ops.outbox_wakeups is 'Last drain wake-up posted per outbox topic; producers skip posting while one is in flight.';
alter table ops.outbox_wakeups enable row level security;
revoke all on ops.outbox_wakeups from public, anon, authenticated;
grant select, insert, update, delete on ops.outbox_wakeups to service_role;

-- Post a drain wake-up for p_topic unless one is already in flight. Returns true when it posted.
-- At most one post per function per transaction (transaction-local flag, as before).
create function ops.outbox_wake_topic(p_topic text)
returns boolean
language plpgsql volatile security definer set search_path = '' as $$
declare
  v_function text;
  v_drained timestamptz;
  v_flag text;
begin
  select s.function_name, s.drained_at into v_function, v_drained
  from ops.outbox_subscriptions s where s.topic = p_topic;
  if not found then
    return false;
  end if;
  v_flag := 'opsbase.woke_' || pg_catalog.translate(v_function, '-', '_');
  if coalesce(pg_catalog.current_setting(v_flag, true), '') = 'on' then
    return false;
  end if;
  perform pg_catalog.set_config(v_flag, 'on', true);

  -- Upsert the post time only if the last wake-up was answered (a claim since) or is stale.
  -- A concurrent committer holding the row makes us wait microseconds, then re-check its value.
  insert into ops.outbox_wakeups as w (topic, posted_at) values (p_topic, pg_catalog.clock_timestamp())
  on conflict (topic) do update set posted_at = excluded.posted_at
  where w.posted_at <= coalesce(v_drained, '-infinity'::timestamptz)
     or w.posted_at < pg_catalog.clock_timestamp() - interval '5 seconds';
  if not found then
    return false;
  end if;
  if ops.functions_post(v_function, '{"action": "drain"}'::jsonb) is null then
    -- Nothing was sent (no pg_net or no endpoint): do not make others wait for it.
    delete from ops.outbox_wakeups where topic = p_topic;
    return false;
  end if;
  return true;
end
$$;

-- Row-level because constraint triggers must be; the topic flag makes every row after the first
-- of a topic cost one current_setting() call.
create or replace function ops.outbox_wake_subscribers()
returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  v_flag text := 'opsbase.woke_topic_' || pg_catalog.md5(new.topic);
begin
  if coalesce(pg_catalog.current_setting(v_flag, true), '') <> 'on' then
    perform pg_catalog.set_config(v_flag, 'on', true);
    perform ops.outbox_wake_topic(new.topic);
  end if;
  return null;
end
$$;

drop trigger outbox_wake_subscribers on ops.outbox;
create constraint trigger outbox_wake_subscribers
  after insert on ops.outbox
  deferrable initially deferred
  for each row execute function ops.outbox_wake_subscribers();

-- As in 20261124140000_ops_outbox, plus the drained_at stamp. The stamp skips a row another
-- claim is stamping right now (its stamp is as recent), so concurrent drainers never queue here.
create or replace function ops.outbox_claim(
  p_topic text,
  p_consumer text,
  p_batch integer default 100,
  p_visibility_timeout interval default '30 seconds'
) returns setof ops.outbox
language plpgsql volatile set search_path = '' as $$
begin
  if coalesce(p_consumer, '') = '' then
    raise exception 'outbox_claim: consumer must be named' using errcode = 'invalid_parameter_value';
  end if;
  if p_batch is null or p_batch < 1 or p_batch > 10000 then
    raise exception 'outbox_claim: batch must be between 1 and 10000, got %', p_batch using errcode = 'invalid_parameter_value';
  end if;
  if p_visibility_timeout is null or p_visibility_timeout <= interval '0' then
    raise exception 'outbox_claim: visibility timeout must be positive' using errcode = 'invalid_parameter_value';
  end if;
  update ops.outbox_subscriptions s set drained_at = clock_timestamp()
  where s.topic = (select t.topic from ops.outbox_subscriptions t where t.topic = p_topic for no key update skip locked);
  return query
  with candidates as (
    select o.id from ops.outbox o
    where o.topic = p_topic
      and ((o.status = 'pending' and o.available_at <= now())
        or (o.status = 'inflight' and o.lease_until <= now()))
      and (o.ordering_key is null or not exists (
        select from ops.outbox e
        where e.topic = o.topic and e.ordering_key = o.ordering_key and e.id < o.id
          and e.status in ('pending', 'inflight')))
    order by o.id
    limit p_batch
    for update skip locked
  )
  update ops.outbox o
  set status = 'inflight', attempts = o.attempts + 1, claimed_by = p_consumer,
      lease_until = now() + p_visibility_timeout
  from candidates c
  where o.id = c.id
  returning o.*;
end
$$;

revoke execute on function ops.outbox_wake_topic(text) from public, anon, authenticated;
grant execute on function ops.outbox_wake_topic(text) to service_role;
