-- Rollback of 20261124160100_app_user_profiles. Drops every profile; the auth users stay.
-- Squawk: a rollback exists to drop what its migration created.
-- squawk-ignore-file ban-drop-table
set lock_timeout = '5s';
set local statement_timeout = '60s';
drop trigger if exists on_auth_user_created_create_profile on auth.users;
drop function if exists ops.create_user_profile();
drop table if exists public.user_profiles;
