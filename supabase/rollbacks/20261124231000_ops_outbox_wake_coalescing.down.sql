-- Rollback of 20261124231000_ops_outbox_wake_coalescing: back to one wake-up per producing
-- transaction (statement trigger) and the original ops.outbox_claim.
set lock_timeout = '5s';

drop trigger if exists outbox_wake_subscribers on ops.outbox;

create or replace function ops.outbox_wake_subscribers()
returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  fn text;
  flag text;
begin
  for fn in
    select distinct s.function_name from inserted i join ops.outbox_subscriptions s on s.topic = i.topic
  loop
    flag := 'opsbase.woke_' || translate(fn, '-', '_');
    continue when coalesce(current_setting(flag, true), '') = 'on';
    perform set_config(flag, 'on', true);
    perform ops.functions_post(fn, '{"action": "drain"}'::jsonb);
  end loop;
  return null;
end
$$;

create trigger outbox_wake_subscribers
  after insert on ops.outbox
  referencing new table as inserted
  for each statement execute function ops.outbox_wake_subscribers();

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

drop function if exists ops.outbox_wake_topic(text);
drop table if exists ops.outbox_wakeups;
alter table ops.outbox_subscriptions drop column if exists drained_at;
