-- chat_messages_v2 versioning and relationships, conversation_sessions lifecycle links, and the
-- realtime publication.
begin;
select plan(11);

select tests.create_user('alice');
select tests.create_user('bob');
insert into public.agents (id, user_id, name) values ('00000000-0000-4000-8000-00000000a001', tests.get_user_id('alice'), 'a');
insert into public.conversation_sessions (id, user_id, agent_id, conversation_id)
  values ('00000000-0000-4000-8000-00000000c001', tests.get_user_id('alice'), '00000000-0000-4000-8000-00000000a001', '00000000-0000-4000-8000-0000000c0c01');

select tests.authenticate_as('alice');
insert into public.chat_messages_v2 (id, conversation_id, session_id, role, content)
values ('00000000-0000-4000-8000-00000000e001', '00000000-0000-4000-8000-0000000c0c01', '00000000-0000-4000-8000-00000000c001', 'user', '{"type": "text", "text": "hi"}');
update public.chat_messages_v2 set metadata = '{"tokens": 1}', version = 42;
select results_eq($$select version, edited_at from public.chat_messages_v2$$, $$values (1, null::timestamptz)$$,
                  'a metadata update keeps version 1; clients cannot set version');
update public.chat_messages_v2 set content = '{"type": "text", "text": "hi!"}';
select results_eq($$select version, edited_at = now() from public.chat_messages_v2$$, $$values (2, true)$$, 'editing content bumps version and edited_at');
select throws_ok($$insert into public.chat_messages_v2 (conversation_id, role, content) values (gen_random_uuid(), 'user', '{"text": "untyped"}')$$,
                 '23514', null, 'content must be a typed JSON object');
insert into public.chat_messages_v2 (conversation_id, session_id, parent_id, role, content)
values ('00000000-0000-4000-8000-0000000c0c01', '00000000-0000-4000-8000-00000000c001', '00000000-0000-4000-8000-00000000e001', 'assistant', '{"type": "text", "text": "hello"}');
select is((select count(*)::int from public.chat_messages_v2 where parent_id = '00000000-0000-4000-8000-00000000e001'), 1, 'a reply references its parent');
select tests.clear_authentication();

select tests.authenticate_as('bob');
select throws_ok($$insert into public.chat_messages_v2 (conversation_id, parent_id, role, content) values (gen_random_uuid(), '00000000-0000-4000-8000-00000000e001', 'user', '{"type": "text", "text": "x"}')$$,
                 '23503', null, 'a message cannot reply to another user''s message');
select throws_ok($$insert into public.chat_messages_v2 (conversation_id, session_id, role, content) values (gen_random_uuid(), '00000000-0000-4000-8000-00000000c001', 'user', '{"type": "text", "text": "x"}')$$,
                 '23503', null, 'nor join another user''s session');
select throws_ok($$insert into public.conversation_sessions (agent_id) values ('00000000-0000-4000-8000-00000000a001')$$,
                 '23503', null, 'nor open a session with another user''s agent');
select tests.clear_authentication();

delete from public.agents where id = '00000000-0000-4000-8000-00000000a001';
select results_eq($$select agent_id, user_id from public.conversation_sessions$$, $$values (null::uuid, tests.get_user_id('alice'))$$,
                  'deleting the agent detaches its sessions (agent_id only)');
delete from public.conversation_sessions;
select results_eq($$select count(*)::int, count(session_id)::int, count(*) filter (where user_id = tests.get_user_id('alice'))::int from public.chat_messages_v2$$,
                  $$values (2, 0, 2)$$, 'deleting a session keeps its messages and their owner');

select set_eq($$select tablename::text from pg_publication_tables where pubname = 'supabase_realtime' and schemaname = 'public'
                and tablename in ('chat_messages_v2', 'conversation_sessions', 'agent_states', 'documents', 'agent_memories', 'ai_usage_tracking', 'context_snapshots')$$,
              array['chat_messages_v2', 'conversation_sessions', 'agent_states', 'documents'],
              'realtime publishes messages, sessions, agent states and documents only');
select is((select count(*)::int from pg_class c join pg_publication_rel pr on pr.prrelid = c.oid
           join pg_publication p on p.oid = pr.prpubid where p.pubname = 'supabase_realtime' and not c.relrowsecurity), 0,
          'every published table has RLS (Realtime applies it per subscriber)');

select * from finish();
rollback;
