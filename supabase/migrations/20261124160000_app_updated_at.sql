-- Shared trigger function that stamps updated_at (seed 004). It lives in ops, not public, so it
-- is not an RPC endpoint: Postgres checks EXECUTE on a trigger function only when the trigger is
-- created, never when it fires, so API roles need no grant for it to run on their writes.
set lock_timeout = '5s';
set local statement_timeout = '60s';

create or replace function ops.set_updated_at()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := pg_catalog.now();
  return new;
end
$$;

comment on function ops.set_updated_at() is 'BEFORE UPDATE trigger: sets updated_at to the transaction time.';
revoke execute on function ops.set_updated_at() from public, anon, authenticated;
grant execute on function ops.set_updated_at() to service_role;
