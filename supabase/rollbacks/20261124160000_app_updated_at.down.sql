-- Rollback of 20261124160000_app_updated_at. Roll back every later app_* migration first:
-- their tables' triggers depend on this function.
set lock_timeout = '5s';
set local statement_timeout = '60s';
drop function if exists ops.set_updated_at();
