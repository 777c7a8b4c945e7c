-- ops.outbox: the one durable path for events leaving the database (design.md, "the outbox").
-- Producers write in the same transaction as their change; NOTIFY ops_outbox is only a wake-up.
-- Consumers (edge functions, the local relay, pg_cron + pg_net) claim batches with SKIP LOCKED
-- under a visibility timeout, then ack, or nack with exponential backoff. After max_attempts an
-- event is dead-lettered and an alert event is emitted. Delivery is at least once: consumers
-- must be idempotent (each event's id is its idempotency key).
set lock_timeout = '5s';
set statement_timeout = '60s';

create table ops.outbox (
  id bigint generated always as identity primary key,
  topic text not null check (topic ~ '^[a-z][a-z0-9_.-]{0,63}$'),
  aggregate_type text,
  aggregate_id text,
  -- Events sharing an ordering key are delivered one at a time, in id order.
  ordering_key text,
  -- Optional producer-side idempotency: a second enqueue with the same key is a no-op.
  dedup_key text,
  payload jsonb not null,
  status text not null default 'pending' check (status in ('pending', 'inflight', 'done', 'dead')),
  -- Delivery counts of one event never near 2^31.
  -- squawk-ignore prefer-bigint-over-int
  attempts integer not null default 0,
  -- squawk-ignore prefer-bigint-over-int
  max_attempts integer not null default 10 check (max_attempts > 0),
  available_at timestamptz not null default now(),
  claimed_by text,
  lease_until timestamptz,
  last_error text,
  created_at timestamptz not null default now(),
  done_at timestamptz
);
comment on table ops.outbox is 'Transactional outbox shared by every opsbase module. See docs/outbox.md.';

-- Claim scans: only undelivered rows, in id order per topic.
create index outbox_claimable_idx on ops.outbox (topic, id) where status in ('pending', 'inflight');
-- The per-key ordering check looks for an earlier undelivered event with the same key.
create index outbox_ordering_idx on ops.outbox (topic, ordering_key, id)
  where ordering_key is not null and status in ('pending', 'inflight');
create unique index outbox_dedup_idx on ops.outbox (topic, dedup_key) where dedup_key is not null;
-- Purge of delivered events by age.
create index outbox_done_idx on ops.outbox (done_at) where status = 'done';

alter table ops.outbox enable row level security;
revoke all on ops.outbox from public, anon, authenticated;
grant select, insert, update, delete on ops.outbox to service_role;

create function ops.outbox_enqueue(
  p_topic text,
  p_payload jsonb,
  p_aggregate_type text default null,
  p_aggregate_id text default null,
  p_ordering_key text default null,
  p_dedup_key text default null,
  p_max_attempts integer default 10
) returns bigint
language plpgsql volatile set search_path = '' as $$
declare
  new_id bigint;
begin
  if p_payload is null then
    raise exception 'outbox_enqueue: payload must not be null' using errcode = 'null_value_not_allowed';
  end if;
  insert into ops.outbox (topic, payload, aggregate_type, aggregate_id, ordering_key, dedup_key, max_attempts)
  values (p_topic, p_payload, p_aggregate_type, p_aggregate_id, p_ordering_key, p_dedup_key, p_max_attempts)
  on conflict (topic, dedup_key) where dedup_key is not null do nothing
  returning id into new_id;
  if new_id is null then
    select id into new_id from ops.outbox where topic = p_topic and dedup_key = p_dedup_key;
  else
    -- Identical notifications in one transaction are folded into one by Postgres.
    perform pg_notify('ops_outbox', p_topic);
  end if;
  return new_id;
end
$$;

-- Claim up to p_batch deliverable events of a topic: pending and due, or in flight with an
-- expired lease (the consumer died). An event waits while an earlier event with its ordering
-- key is undelivered. Each claim counts as an attempt.
create function ops.outbox_claim(
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

-- Ack events this consumer still holds. A late ack after the lease moved to another consumer
-- is ignored (that consumer will ack); returns how many were acknowledged.
create function ops.outbox_ack(p_ids bigint[], p_consumer text)
returns integer
language sql volatile set search_path = '' as $$
  with acked as (
    update ops.outbox set status = 'done', done_at = now(), lease_until = null, last_error = null
    where id = any(p_ids) and status = 'inflight' and claimed_by = p_consumer
    returning 1
  )
  select count(*)::integer from acked
$$;

-- Give an event back after a failed delivery. It becomes visible again after p_retry_after
-- (e.g. an HTTP 429 Retry-After) or an exponential backoff with jitter: 1 s, 2 s, 4 s, …
-- capped at one hour. At max_attempts it is dead-lettered and an alert event is emitted.
create function ops.outbox_nack(p_id bigint, p_consumer text, p_error text, p_retry_after interval default null)
returns text
language plpgsql volatile set search_path = '' as $$
declare
  ev ops.outbox;
  delay interval;
begin
  select * into ev from ops.outbox where id = p_id and status = 'inflight' and claimed_by = p_consumer for update;
  if not found then
    return 'ignored';
  end if;
  if ev.attempts >= ev.max_attempts then
    update ops.outbox set status = 'dead', lease_until = null, last_error = p_error where id = p_id;
    -- A dead alert event raises no further alert: that would loop through the same broken path.
    if ev.topic = 'alert' then
      return 'dead';
    end if;
    perform ops.outbox_enqueue('alert', jsonb_build_object(
      'alert_type', 'outbox_dead_letter', 'severity', 'warning',
      'labels', jsonb_build_object('topic', ev.topic),
      'message', format('outbox event %s (%s) dead-lettered after %s attempts: %s', ev.id, ev.topic, ev.attempts, p_error),
      'event_id', ev.id),
      'outbox', ev.id::text, null, 'outbox-dead:' || ev.id);
    return 'dead';
  end if;
  delay := coalesce(p_retry_after,
    least(interval '1 hour', interval '1 second' * power(2, ev.attempts - 1)) * (0.8 + random() * 0.4));
  update ops.outbox set status = 'pending', available_at = now() + delay, lease_until = null,
    claimed_by = null, last_error = p_error
  where id = p_id;
  return 'retry';
end
$$;

-- Operator redrive: dead events of a topic (or the given ids) go back to pending with fresh attempts.
create function ops.outbox_redrive(p_topic text, p_ids bigint[] default null)
returns integer
language sql volatile set search_path = '' as $$
  with redriven as (
    update ops.outbox set status = 'pending', attempts = 0, available_at = now(), claimed_by = null
    where topic = p_topic and status = 'dead' and (p_ids is null or id = any(p_ids))
    returning 1
  )
  select count(*)::integer from redriven
$$;

-- Delete delivered events older than p_older_than, in bounded batches; returns rows deleted.
create function ops.outbox_purge(p_older_than interval default '7 days', p_batch integer default 10000)
returns bigint
language plpgsql volatile set search_path = '' as $$
declare
  total bigint := 0;
  n bigint;
begin
  loop
    delete from ops.outbox where id in (
      select id from ops.outbox where status = 'done' and done_at < now() - p_older_than limit p_batch);
    get diagnostics n = row_count;
    total := total + n;
    exit when n < p_batch;
  end loop;
  return total;
end
$$;

create view ops.outbox_stats with (security_invoker = true) as
select topic,
  count(*) filter (where status = 'pending') as pending,
  count(*) filter (where status = 'inflight') as inflight,
  count(*) filter (where status = 'dead') as dead,
  count(*) filter (where status = 'done') as done,
  max(now() - created_at) filter (where status in ('pending', 'inflight')) as oldest_undelivered_age
from ops.outbox
group by topic;

revoke all on ops.outbox_stats from public, anon, authenticated;
grant select on ops.outbox_stats to service_role;

revoke execute on function
  ops.outbox_enqueue(text, jsonb, text, text, text, text, integer),
  ops.outbox_claim(text, text, integer, interval),
  ops.outbox_ack(bigint[], text),
  ops.outbox_nack(bigint, text, text, interval),
  ops.outbox_redrive(text, bigint[]),
  ops.outbox_purge(interval, integer)
from public, anon, authenticated;
grant execute on function
  ops.outbox_enqueue(text, jsonb, text, text, text, text, integer),
  ops.outbox_claim(text, text, integer, interval),
  ops.outbox_ack(bigint[], text),
  ops.outbox_nack(bigint, text, text, interval),
  ops.outbox_redrive(text, bigint[]),
  ops.outbox_purge(interval, integer)
to service_role;

-- Delivered events older than a week go away daily.
select cron.schedule('opsbase-outbox-purge', '17 3 * * *', 'select ops.outbox_purge()');
