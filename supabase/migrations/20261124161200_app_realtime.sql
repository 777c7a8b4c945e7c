-- Realtime: publish the tables a client subscribes to (new messages, session and document status,
-- agent state changes). Supabase Realtime applies each subscriber's RLS to these changes.
-- Memories, usage and snapshots are not published: high volume, read on demand.
set lock_timeout = '5s';
set local statement_timeout = '60s';

do $$
declare
  t regclass;
begin
  if not exists (select from pg_catalog.pg_publication where pubname = 'supabase_realtime') then
    raise notice 'publication supabase_realtime not found: skipping realtime setup';
    return;
  end if;
  foreach t in array array['public.chat_messages_v2', 'public.conversation_sessions', 'public.agent_states', 'public.documents']::regclass[] loop
    if not exists (select from pg_catalog.pg_publication_rel pr
                   join pg_catalog.pg_publication p on p.oid = pr.prpubid
                   where p.pubname = 'supabase_realtime' and pr.prrelid = t) then
      execute format('alter publication supabase_realtime add table %s', t);
    end if;
  end loop;
end
$$;
