-- Delivery of outbox events to edge functions, one code path on Supabase and locally:
-- net.http_post (pg_net on Supabase; locally the stand-in in supabase/platform/30_net.sql,
-- drained by scripts/relay.mjs). A statement trigger on ops.outbox posts a wake-up ("drain")
-- to the subscribed function once per transaction; it is sent only if the transaction commits,
-- because the request queue is a table. A pg_cron job posts a drain every minute for any topic
-- with due events (catch-up after outages, backoff, or a lost wake-up).
--
-- Where to post and how to sign: Vault secrets opsbase_functions_url and
-- opsbase_functions_secret when the vault schema exists, else ops.settings (service_role only).
-- Requests carry x-opsbase-signature (HMAC-SHA256, functions/_shared/auth.ts); the
-- service-role key is never stored in a table. Without net.http_post or an endpoint the
-- trigger does nothing; cron and manual drains still deliver.
set lock_timeout = '5s';
set statement_timeout = '60s';

create table ops.settings (
  key text primary key check (key ~ '^[a-z][a-z0-9_]{0,62}$'),
  value text not null,
  updated_at timestamptz not null default now()
);
comment on table ops.settings is 'Key/value settings for ops when Supabase Vault is absent (local stack): opsbase_functions_url, opsbase_functions_secret.';
alter table ops.settings enable row level security;
revoke all on ops.settings from public, anon, authenticated;
grant select, insert, update, delete on ops.settings to service_role;

create table ops.outbox_subscriptions (
  topic text primary key check (topic ~ '^[a-z][a-z0-9_.-]{0,63}$'),
  function_name text not null check (function_name ~ '^[a-z][a-z0-9_-]{0,62}$'),
  created_at timestamptz not null default now()
);
comment on table ops.outbox_subscriptions is 'Which edge function drains which outbox topic; it is woken through net.http_post.';
alter table ops.outbox_subscriptions enable row level security;
revoke all on ops.outbox_subscriptions from public, anon, authenticated;
grant select, insert, update, delete on ops.outbox_subscriptions to service_role;

insert into ops.outbox_subscriptions (topic, function_name) values ('cache.invalidate', 'cache-invalidate');

-- Base URL of the functions (…/functions/v1) and the signing secret, both from one source.
create function ops.functions_endpoint(out base_url text, out secret text)
language plpgsql stable security definer set search_path = '' as $$
begin
  if to_regclass('vault.decrypted_secrets') is not null then
    -- Dynamic, schema name as a parameter: vault does not exist everywhere (locally), and a
    -- constant query text would be checked against it by plpgsql_check.
    execute format($q$
      select max(decrypted_secret) filter (where name = 'opsbase_functions_url'),
             max(decrypted_secret) filter (where name = 'opsbase_functions_secret')
      from %I.decrypted_secrets where name in ('opsbase_functions_url', 'opsbase_functions_secret')$q$, 'vault')
      into base_url, secret;
  end if;
  if base_url is null or secret is null then
    select max(value) filter (where key = 'opsbase_functions_url'),
           max(value) filter (where key = 'opsbase_functions_secret')
      into base_url, secret
      from ops.settings where key in ('opsbase_functions_url', 'opsbase_functions_secret');
  end if;
end
$$;

-- POST a signed JSON body to a function; returns the net request id, or null when there is no
-- net.http_post or no endpoint. The signature covers body::text, the exact bytes net sends.
create function ops.functions_post(p_function text, p_body jsonb, p_timeout_ms integer default 30000)
returns bigint
language plpgsql volatile security definer set search_path = '' as $$
declare
  ep record;
  t text;
  request_id bigint;
begin
  if to_regprocedure('net.http_post(text, jsonb, jsonb, jsonb, integer)') is null then
    return null;
  end if;
  select * into ep from ops.functions_endpoint();
  if ep.base_url is null or ep.secret is null then
    return null;
  end if;
  t := floor(extract(epoch from clock_timestamp()))::bigint::text;
  execute 'select net.http_post(url => $1, body => $2, headers => $3, timeout_milliseconds => $4)'
    into request_id
    using rtrim(ep.base_url, '/') || '/' || p_function, p_body,
      jsonb_build_object('Content-Type', 'application/json', 'x-opsbase-signature',
        format('t=%s,v1=%s', t, encode(extensions.hmac(t || '.' || p_body::text, ep.secret, 'sha256'), 'hex'))),
      p_timeout_ms;
  return request_id;
end
$$;

-- Statement trigger on ops.outbox: wake each subscribed function at most once per transaction
-- (a 1,000-row UPDATE enqueues 1,000 events but posts one drain). The flag is a
-- transaction-local setting, so a rolled-back savepoint also rolls back the flag.
create function ops.outbox_wake_subscribers()
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

-- Catch-up: post a drain to every subscribed function whose topic has due events (pending
-- and available, or in flight with an expired lease). Returns how many drains were posted.
create function ops.outbox_wake_due()
returns integer
language plpgsql volatile security definer set search_path = '' as $$
declare
  fn text;
  posted integer := 0;
begin
  for fn in
    select s.function_name from ops.outbox_subscriptions s
    where exists (
      select from ops.outbox o
      where o.topic = s.topic
        and ((o.status = 'pending' and o.available_at <= now()) or (o.status = 'inflight' and o.lease_until <= now())))
  loop
    if ops.functions_post(fn, '{"action": "drain"}'::jsonb) is not null then
      posted := posted + 1;
    end if;
  end loop;
  return posted;
end
$$;

revoke execute on function
  ops.functions_endpoint(),
  ops.functions_post(text, jsonb, integer),
  ops.outbox_wake_subscribers(),
  ops.outbox_wake_due()
from public, anon, authenticated;
grant execute on function
  ops.functions_endpoint(),
  ops.functions_post(text, jsonb, integer),
  ops.outbox_wake_subscribers(),
  ops.outbox_wake_due()
to service_role;

select cron.schedule('opsbase-outbox-wake', '* * * * *', 'select ops.outbox_wake_due()');
