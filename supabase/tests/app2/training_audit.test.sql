-- The generic audit trigger (ops.audit_row) on the training tables: templates, scenarios, edge
-- cases and conversations are audited with their workspace and actor; large columns stay out
-- of the trail; counter updates (usage_count, turn_count, total_tokens, cost) add no audit row;
-- members of another workspace see none of it.
begin;
select plan(15);

select tests.create_user('alice');
select tests.create_user('bob');
create temp table fx (name text primary key, id uuid not null);
insert into fx values ('alice', tests.get_user_id('alice')), ('bob', tests.get_user_id('bob')), ('ws', gen_random_uuid()), ('tpl', gen_random_uuid()),
  ('sc', gen_random_uuid()), ('conv', gen_random_uuid());
grant select on fx to authenticated, service_role;
create function pg_temp.fx(n text) returns uuid language sql stable as $$ select id from fx where name = n $$;
insert into public.workspaces (id, owner_id, name) values (pg_temp.fx('ws'), pg_temp.fx('alice'), 'alpha');
-- Ids are given by the test (API roles cannot choose them), so write the rows as the owner
-- role, then act as alice for the changes under audit.
insert into public.conversation_templates (id, workspace_id, name, template_text, created_by)
values (pg_temp.fx('tpl'), pg_temp.fx('ws'), 'support', repeat('long prompt ', 1000), pg_temp.fx('alice'));
insert into public.scenarios (id, workspace_id, template_id, name, context) values (pg_temp.fx('sc'), pg_temp.fx('ws'), pg_temp.fx('tpl'), 'refund', repeat('ctx ', 100));
insert into public.conversations (id, workspace_id, template_id, scenario_id, tier, title, parameters, quality_metrics)
values (pg_temp.fx('conv'), pg_temp.fx('ws'), pg_temp.fx('tpl'), pg_temp.fx('sc'), 'scenario', 'first', '{"model": "m"}', '{"empathy": 8}');

create function pg_temp.trail(tbl text) returns table (operation text, old_data jsonb, new_data jsonb, changed_fields text[], actor_id uuid, workspace_id uuid)
language sql as $$
  select operation, old_data, new_data, changed_fields, actor_id, workspace_id from public.audit_logs
  where table_name = tbl and record_id = (select id::text from fx where name = case tbl when 'conversation_templates' then 'tpl' when 'scenarios' then 'sc' else 'conv' end)
  order by occurred_at, id $$;

select tests.authenticate_as('alice');
update public.conversation_templates set template_text = 'short prompt', version = 2 where id = pg_temp.fx('tpl');
update public.conversations set status = 'pending_review', title = 'renamed' where id = pg_temp.fx('conv');
update public.scenarios set name = 'refund v2' where id = pg_temp.fx('sc');
insert into public.conversation_turns (conversation_id, workspace_id, turn_number, role, content, token_count)
values (pg_temp.fx('conv'), pg_temp.fx('ws'), 1, 'user', 'hi', 1), (pg_temp.fx('conv'), pg_temp.fx('ws'), 2, 'assistant', 'hello', 1);
insert into public.conversations (workspace_id, template_id, title) values (pg_temp.fx('ws'), pg_temp.fx('tpl'), 'second');
select tests.clear_authentication();
select tests.authenticate_as_service_role();
insert into public.generation_logs (workspace_id, conversation_id, model, status, cost_usd) values (pg_temp.fx('ws'), pg_temp.fx('conv'), 'm', 'success', 0.5);
select tests.clear_authentication();

select results_eq($$select operation from pg_temp.trail('conversation_templates')$$, $$values ('INSERT'), ('UPDATE')$$,
                  'template: insert and the edit are audited; the usage_count bump from a new conversation is not');
select ok((select not (new_data ? 'template_text') and not (old_data ? 'template_text') from pg_temp.trail('conversation_templates') where operation = 'UPDATE'),
          'the prompt text is left out of the trail');
select is((select changed_fields from pg_temp.trail('conversation_templates') where operation = 'UPDATE'), '{template_md5,version}'::text[],
          'a prompt change shows as template_md5 (updated_at is now() of this same transaction, so unchanged)');
select is((select (old_data ->> 'template_md5') || ' -> ' || (new_data ->> 'template_md5') from pg_temp.trail('conversation_templates') where operation = 'UPDATE'),
          md5(repeat('long prompt ', 1000)) || ' -> ' || md5('short prompt'), 'old and new fingerprints are recorded');
select is((select actor_id from pg_temp.trail('conversation_templates') where operation = 'UPDATE'), pg_temp.fx('alice'), 'the actor is the caller');
select is((select usage_count from public.conversation_templates where id = pg_temp.fx('tpl')), 2::bigint, '(the usage bump did happen)');

select results_eq($$select operation from pg_temp.trail('conversations')$$, $$values ('INSERT'), ('UPDATE')$$,
                  'conversation: insert and the edit are audited; turn and cost roll-ups are not');
select is((select changed_fields from pg_temp.trail('conversations') where operation = 'UPDATE'), '{status,title}'::text[],
          'the edit lists exactly the changed columns');
select ok((select not (new_data ? 'parameters') and not (new_data ? 'quality_metrics') from pg_temp.trail('conversations') where operation = 'INSERT'),
          'parameters and quality_metrics are left out');
select is((select turn_count || '/' || estimated_cost_usd from public.conversations where id = pg_temp.fx('conv')), '2/0.500000', '(the roll-ups did happen)');
select is((select workspace_id from pg_temp.trail('conversations') where operation = 'INSERT'), pg_temp.fx('ws'), 'the audit row carries the workspace');

select ok((select not (new_data ? 'context') and changed_fields = '{name}' from pg_temp.trail('scenarios') where operation = 'UPDATE'),
          'scenario edits are audited without the context text');

select tests.authenticate_as('alice');
delete from public.conversations where id = pg_temp.fx('conv');
select tests.clear_authentication();
select ok((select old_data ->> 'title' = 'renamed' and new_data is null from pg_temp.trail('conversations') where operation = 'DELETE'), 'a deleted conversation keeps its last state in the trail');

select tests.authenticate_as('bob');
select is((select count(*)::int from public.audit_logs where workspace_id = pg_temp.fx('ws')), 0, 'another workspace''s user sees none of the trail');
select tests.clear_authentication();
select tests.authenticate_as('alice');
select ok((select count(*) >= 6 from public.audit_logs where workspace_id = pg_temp.fx('ws') and table_name in ('conversations', 'conversation_templates', 'scenarios')),
          'the workspace owner reads it');
select tests.clear_authentication();

select * from finish();
rollback;
