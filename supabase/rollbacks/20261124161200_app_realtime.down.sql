-- Rollback of 20261124161200_app_realtime.
-- Squawk: a rollback exists to drop what its migration created.
-- squawk-ignore-file ban-drop-table
set lock_timeout = '5s';
set local statement_timeout = '60s';
do $$
declare
  t regclass;
begin
  for t in
    select pr.prrelid::regclass from pg_catalog.pg_publication_rel pr
    join pg_catalog.pg_publication p on p.oid = pr.prpubid
    where p.pubname = 'supabase_realtime'
      and pr.prrelid in ('public.chat_messages_v2'::regclass, 'public.conversation_sessions'::regclass,
                         'public.agent_states'::regclass, 'public.documents'::regclass)
  loop
    execute format('alter publication supabase_realtime drop table %s', t);
  end loop;
end
$$;
