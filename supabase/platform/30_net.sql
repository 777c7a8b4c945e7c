-- Stand-in for pg_net's SQL API (net.http_get/post/delete), which Supabase webhooks and
-- pg_cron jobs use to call edge functions. pg_net is not installable here, so requests queue in
-- net.http_request_queue and scripts/relay.mjs (the local worker) sends them and records
-- responses in net._http_response, as pg_net's background worker does.
create schema if not exists net;
grant usage on schema net to postgres, service_role;

create table if not exists net.http_request_queue (
  id bigserial primary key,
  method text not null check (method in ('GET', 'POST', 'DELETE')),
  url text not null,
  headers jsonb not null default '{}'::jsonb,
  body bytea,
  timeout_milliseconds integer not null default 5000
);

create table if not exists net._http_response (
  id bigint primary key,
  status_code integer,
  content_type text,
  headers jsonb,
  content text,
  timed_out boolean,
  error_msg text,
  created timestamptz not null default now()
);

-- Percent-encode a query-string key or value (RFC 3986 unreserved characters pass through).
create or replace function net._urlencode(value text) returns text
language sql immutable set search_path = '' as $$
  select coalesce(string_agg(
    case when b < 128 and chr(b) ~ '[A-Za-z0-9._~-]' then chr(b) else '%' || upper(lpad(to_hex(b), 2, '0')) end,
    '' order by i), '')
  from (select i, get_byte(convert_to(value, 'UTF8'), i) as b
        from generate_series(0, octet_length(convert_to(value, 'UTF8')) - 1) as i) as bytes
$$;

create or replace function net._enqueue(method text, url text, params jsonb, headers jsonb, body bytea, timeout_milliseconds integer)
returns bigint language plpgsql volatile set search_path = '' as $$
declare
  full_url text := url;
  qs text;
  request_id bigint;
begin
  select string_agg(format('%s=%s', net._urlencode(key), net._urlencode(value)), '&') into qs from jsonb_each_text(coalesce(params, '{}'::jsonb));
  if qs is not null then
    full_url := full_url || case when position('?' in full_url) > 0 then '&' else '?' end || qs;
  end if;
  insert into net.http_request_queue (method, url, headers, body, timeout_milliseconds)
  values (method, full_url, coalesce(headers, '{}'::jsonb), body, timeout_milliseconds)
  returning id into request_id;
  perform pg_notify('net_http_request', request_id::text);
  return request_id;
end
$$;

create or replace function net.http_post(
  url text,
  body jsonb default '{}'::jsonb,
  params jsonb default '{}'::jsonb,
  headers jsonb default '{"Content-Type": "application/json"}'::jsonb,
  timeout_milliseconds integer default 5000
) returns bigint language sql volatile set search_path = '' as $$
  select net._enqueue('POST', url, params, headers, convert_to(body::text, 'UTF8'), timeout_milliseconds)
$$;

create or replace function net.http_get(
  url text,
  params jsonb default '{}'::jsonb,
  headers jsonb default '{}'::jsonb,
  timeout_milliseconds integer default 5000
) returns bigint language sql volatile set search_path = '' as $$
  select net._enqueue('GET', url, params, headers, null, timeout_milliseconds)
$$;

create or replace function net.http_delete(
  url text,
  params jsonb default '{}'::jsonb,
  headers jsonb default '{}'::jsonb,
  timeout_milliseconds integer default 5000
) returns bigint language sql volatile set search_path = '' as $$
  select net._enqueue('DELETE', url, params, headers, null, timeout_milliseconds)
$$;

revoke all on all functions in schema net from public;
grant execute on all functions in schema net to postgres, service_role;
grant all on all tables in schema net to postgres, service_role;
grant all on all sequences in schema net to postgres, service_role;
