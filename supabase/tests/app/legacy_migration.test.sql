-- Legacy chat migration at small scale, in one transaction: keyset batches, checkpoint, progress,
-- content mapping, idempotent re-runs, late rows, and an integrity check that catches drift.
-- The 200k-row interrupted run with real commits is tests/app/chat-migration.test.ts.
begin;
select plan(17);

select tests.create_user('alice');
select tests.create_user('bob');
select ops.reset_chat_migration();
insert into public.chat_messages (user_id, conversation_id, role, content, token_count, created_at)
select tests.get_user_id(case when g % 2 = 0 then 'alice' else 'bob' end), md5((g % 7)::text)::uuid,
       case when g % 2 = 0 then 'user' else 'assistant' end, 'message ' || g, g % 50, timestamptz '2025-01-01' + g * interval '1 minute'
from generate_series(1, 2500) g;
create temp table legacy_ids as select row_number() over (order by id) as n, id from public.chat_messages;

select results_eq($$select batch_number, rows_scanned, rows_inserted, last_legacy_id, done from ops.migrate_chat_messages(1000)$$,
                  $$values (1, 1000, 1000, (select id from legacy_ids where n = 1000), false)$$, 'one batch migrates the first 1000 ids');
select results_eq($$select last_legacy_id, batches, rows_inserted, completed_at is null from ops.chat_message_migration$$,
                  $$values ((select id from legacy_ids where n = 1000), 1::bigint, 1000::bigint, true)$$, 'the checkpoint records the keyset position');
select results_eq($$select batch_number, records_migrated, total_migrated, progress_pct, done from ops.migrate_with_progress(1000)$$,
                  $$values (2, 1000, 2000::bigint, 80.00::numeric, false), (3, 500, 2500::bigint, 100::numeric, true)$$,
                  'migrate_with_progress resumes from the checkpoint and reports each batch');
select is((select count(*)::int from public.chat_messages_v2), 2500, 'every legacy row was migrated once');
select results_eq(
  $$select v.user_id, v.conversation_id, v.role, v.content, v.metadata, v.created_at from public.chat_messages_v2 v where v.legacy_id = (select id from legacy_ids where n = 42)$$,
  $$select l.user_id, l.conversation_id, l.role, jsonb_build_object('type', 'text', 'text', l.content),
           jsonb_build_object('tokens', l.token_count, 'migrated_from', 'chat_messages'), l.created_at
    from public.chat_messages l where l.id = (select id from legacy_ids where n = 42)$$,
  'a legacy row becomes a typed text message with its owner, conversation and time');
select is((select count(*)::int from ops.migrate_with_progress(1000) where records_migrated > 0), 0, 'a finished migration has nothing left to do');

select ops.reset_chat_migration();
select is((select sum(records_migrated)::int from ops.migrate_with_progress(700)), 0, 're-running from scratch inserts nothing (idempotent)');
select is((select count(*)::int from public.chat_messages_v2), 2500, 'and duplicates nothing');

insert into public.chat_messages (user_id, conversation_id, role, content) values (tests.get_user_id('alice'), gen_random_uuid(), 'user', 'late');
select results_eq($$select records_migrated, done from ops.migrate_with_progress(1000)$$, $$values (1, true)$$, 'rows added later are picked up by the next run');
select is_empty($$select check_name from ops.check_chat_migration_integrity() where not passed$$, 'the integrity check passes');
select is((select count(*)::int from ops.check_chat_migration_integrity()), 6, 'it runs the six checks');

update public.chat_messages_v2 set content = '{"type": "text", "text": "tampered"}' where legacy_id = (select id from legacy_ids where n = 7);
select results_eq($$select check_name, passed from ops.check_chat_migration_integrity() where not passed$$,
                  $$values ('migrated_rows_mismatched'::text, false)$$, 'integrity: a changed message is caught');
delete from public.chat_messages_v2 where legacy_id = (select id from legacy_ids where n = 8);
select set_eq($$select check_name from ops.check_chat_migration_integrity() where not passed$$,
              array['row_count', 'legacy_rows_missing_in_v2', 'migrated_rows_mismatched'], 'integrity: a lost message is caught');
delete from public.chat_messages_v2 where legacy_id = (select id from legacy_ids where n = 2500);
select set_eq($$select check_name from ops.check_chat_migration_integrity() where not passed$$,
              array['row_count', 'legacy_rows_missing_in_v2', 'migrated_rows_mismatched'], 'integrity: still caught when the lost row is the newest');

select throws_ok($$select * from ops.migrate_chat_messages(0)$$, '22023', null, 'the batch size must be positive');
select tests.authenticate_as('alice');
select throws_ok($$select * from ops.migrate_with_progress()$$, '42501', null, 'app users cannot run the migration');
select throws_ok($$update public.chat_messages set content = 'edited'$$, '42501', null, 'legacy rows are append-only for users');
select tests.clear_authentication();

select * from finish();
rollback;
