-- user_profiles: created at signup, 1:1 with auth.users, role and tier not writable by users.
begin;
select plan(9);

select tests.create_user('alice', null, '{"full_name": "Alice Example"}');
select is((select count(*)::int from public.user_profiles where id = tests.get_user_id('alice')), 1, 'signup creates exactly one profile');
select is((select display_name from public.user_profiles where id = tests.get_user_id('alice')), 'Alice Example', 'display_name comes from the signup metadata');
select results_eq($$select role, subscription_tier from public.user_profiles where id = tests.get_user_id('alice')$$,
                  $$values ('user'::text, 'free'::text)$$, 'new profiles are role user on the free tier');

update public.user_profiles set updated_at = now() - interval '1 day' where id = tests.get_user_id('alice');
select tests.authenticate_as('alice');
update public.user_profiles set display_name = 'Alice', preferences = '{"theme": "dark"}' where id = auth.uid();
select tests.clear_authentication();
select results_eq($$select display_name, preferences, updated_at = now() from public.user_profiles where id = tests.get_user_id('alice')$$,
                  $$values ('Alice'::text, '{"theme": "dark"}'::jsonb, true)$$, 'a user updates their cosmetic columns; updated_at moves');

select tests.authenticate_as('alice');
select throws_ok($$update public.user_profiles set role = 'admin' where id = auth.uid()$$, '42501', null, 'a user cannot make themselves admin');
select throws_ok($$update public.user_profiles set subscription_tier = 'enterprise' where id = auth.uid()$$, '42501', null, 'a user cannot change their tier');
select throws_ok($$insert into public.user_profiles (id) values (gen_random_uuid())$$, '42501', null, 'a user cannot insert profiles');
select tests.clear_authentication();

select throws_ok($$insert into public.user_profiles (id) values (gen_random_uuid())$$, '23503', null, 'a profile needs an auth user');
delete from auth.users where id = tests.get_user_id('alice');
select is((select count(*)::int from public.user_profiles p where not exists (select from auth.users u where u.id = p.id)), 0, 'deleting the auth user deletes the profile');

select * from finish();
rollback;
