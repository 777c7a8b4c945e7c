-- opsbase pgTAP helpers. Installed by scripts/test.mjs into the disposable test database only,
-- never by a migration. They impersonate Supabase API callers the way PostgREST does: switch
-- role and set request.jwt.claims for the current transaction (pgTAP files run in BEGIN…ROLLBACK).
create extension if not exists pgtap with schema extensions;
create schema if not exists tests;
grant usage on schema tests to anon, authenticated, service_role;

-- Create a user in auth.users; `identifier` names it for the other helpers.
create or replace function tests.create_user(identifier text, email text default null, metadata jsonb default '{}'::jsonb)
returns uuid language plpgsql security definer set search_path = '' as $$
declare
  user_id uuid;
begin
  insert into auth.users (email, raw_user_meta_data, raw_app_meta_data)
  values (
    coalesce(email, identifier || '@test.opsbase.local'),
    metadata || jsonb_build_object('test_identifier', identifier),
    '{"provider": "email", "providers": ["email"]}'::jsonb
  )
  returning id into user_id;
  return user_id;
end
$$;

create or replace function tests.get_user_id(identifier text)
returns uuid language plpgsql stable security definer set search_path = '' as $$
declare
  user_id uuid;
begin
  select id into user_id from auth.users where raw_user_meta_data ->> 'test_identifier' = identifier;
  if user_id is null then
    raise exception 'tests.get_user_id: no test user named %', identifier using errcode = 'no_data_found';
  end if;
  return user_id;
end
$$;

-- Shared by the authenticate_as_* helpers: set role and claims for this transaction.
create or replace function tests._impersonate(role_name text, claims jsonb)
returns void language plpgsql set search_path = '' as $$
begin
  perform set_config('role', role_name, true);
  perform set_config('request.jwt.claims', claims::text, true);
end
$$;

create or replace function tests.authenticate_as(identifier text)
returns void language plpgsql set search_path = '' as $$
declare
  u auth.users;
begin
  select * into u from auth.users where id = tests.get_user_id(identifier);
  perform tests._impersonate('authenticated', jsonb_build_object(
    'sub', u.id, 'role', 'authenticated', 'email', u.email, 'aud', 'authenticated',
    'app_metadata', u.raw_app_meta_data, 'user_metadata', u.raw_user_meta_data));
end
$$;

create or replace function tests.authenticate_as_anon()
returns void language sql set search_path = '' as $$
  select tests._impersonate('anon', '{"role": "anon"}'::jsonb)
$$;

create or replace function tests.authenticate_as_service_role()
returns void language sql set search_path = '' as $$
  select tests._impersonate('service_role', '{"role": "service_role"}'::jsonb)
$$;

create or replace function tests.clear_authentication()
returns void language plpgsql set search_path = '' as $$
begin
  perform set_config('role', 'none', true);
  perform set_config('request.jwt.claims', '', true);
end
$$;

-- pgTAP assertion: RLS is enabled on one table, or on every table of a schema.
-- pgTAP calls its own internals unqualified, so these two run with extensions on the path.
create or replace function tests.rls_enabled(schema_name name, table_name name)
returns text language sql set search_path = extensions as $$
  select extensions.ok(
    coalesce((select c.relrowsecurity from pg_catalog.pg_class c
              where c.oid = to_regclass(format('%I.%I', schema_name, table_name))), false),
    format('RLS is enabled on %I.%I', schema_name, table_name))
$$;

create or replace function tests.rls_enabled(schema_name name)
returns text language sql set search_path = extensions as $$
  select extensions.is_empty(
    format($q$select c.relname::text from pg_catalog.pg_class c
              where c.relnamespace = %L::regnamespace and c.relkind in ('r', 'p')
                and not c.relrowsecurity order by 1$q$, schema_name),
    format('RLS is enabled on every table in schema %I', schema_name))
$$;

-- Shared by attempt_as and explain: act as 'anon', 'service_role' or a test user's identifier.
create or replace function tests._act_as(who text)
returns void language plpgsql set search_path = '' as $$
begin
  case who
    when 'anon' then perform tests.authenticate_as_anon();
    when 'service_role' then perform tests.authenticate_as_service_role();
    else perform tests.authenticate_as(who);
  end case;
end
$$;

-- Run stmt as `who` ('anon', 'service_role' or a test user's identifier) inside a subtransaction
-- that always rolls back, and report what happened: 'allowed' (rows affected or returned),
-- 'denied' (no rows, or insufficient_privilege) or 'error <sqlstate>: <message>'. RLS matrix
-- tests compare it with the documented outcome. stmt runs with the API roles' search_path.
create or replace function tests.attempt_as(who text, stmt text)
returns text language plpgsql set search_path = public, extensions as $$
declare
  n bigint;
begin
  begin
    perform tests._act_as(who);
    execute stmt;
    get diagnostics n = row_count;
    raise exception using errcode = 'OPSRB', message = n::text;
  exception
    when sqlstate 'OPSRB' then
      return case when sqlerrm::bigint > 0 then 'allowed' else 'denied' end;
    when insufficient_privilege then
      return 'denied';
    when others then
      return format('error %s: %s', sqlstate, sqlerrm);
  end;
end
$$;

-- The plan of stmt as text (EXPLAIN (COSTS OFF)), for plan tests: as the current role, or as
-- `who` ('anon', 'service_role' or a test user's identifier, so RLS shows in the plan), after
-- which the authentication is cleared.
create or replace function tests.explain(stmt text, who text default null)
returns text language plpgsql set search_path = public, extensions as $$
declare
  line text;
  plan text := '';
begin
  if who is not null then
    perform tests._act_as(who);
  end if;
  for line in execute 'explain (costs off) ' || stmt loop
    plan := plan || line || E'\n';
  end loop;
  if who is not null then
    perform tests.clear_authentication();
  end if;
  return plan;
end
$$;

grant execute on all functions in schema tests to anon, authenticated, service_role;
