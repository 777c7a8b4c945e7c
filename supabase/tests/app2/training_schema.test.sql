-- Training pipeline (seed 002) authored tables: conversation_templates, scenarios, edge_cases,
-- conversations, conversation_turns. Constraints (quality 0..10, status, tier, links that cannot
-- cross workspaces), what deleting an input does, the triggers (turn and usage counters, review
-- stamps, updated_at) and what API roles may not write.
begin;
select plan(44);

select tests.create_user('alice');
select tests.create_user('bob');
create temp table fx (name text primary key, id uuid not null);
insert into fx values ('alice', tests.get_user_id('alice')), ('bob', tests.get_user_id('bob')),
  ('ws', gen_random_uuid()), ('ws2', gen_random_uuid()), ('tpl', gen_random_uuid()), ('tpl2', gen_random_uuid()),
  ('sc', gen_random_uuid()), ('sc2', gen_random_uuid()), ('ec', gen_random_uuid()), ('conv', gen_random_uuid());
grant select on fx to authenticated, service_role;
create function pg_temp.fx(n text) returns uuid language sql stable as $$ select id from fx where name = n $$;
insert into public.workspaces (id, owner_id, name) values (pg_temp.fx('ws'), pg_temp.fx('alice'), 'alpha'), (pg_temp.fx('ws2'), pg_temp.fx('bob'), 'beta');

-- ---- templates ----------------------------------------------------------------------------------
select tests.authenticate_as('alice');
select lives_ok(format($$insert into public.conversation_templates (workspace_id, name, tier, category, template_text, variables)
                         values (%L, 'support', 'template', 'billing', 'Hello {{customer}}', '[{"name": "customer", "type": "text"}]')$$, pg_temp.fx('ws')),
                'the owner creates a template through the API role');
select tests.clear_authentication();
update public.conversation_templates set id = pg_temp.fx('tpl') where workspace_id = pg_temp.fx('ws') and name = 'support';
select is((select created_by::text || '/' || usage_count || '/' || version || '/' || template_md5 from public.conversation_templates where id = pg_temp.fx('tpl')),
          pg_temp.fx('alice')::text || '/0/1/' || md5('Hello {{customer}}'), 'created_by is the caller; usage 0, version 1, template_md5 = md5(text)');
select throws_ok(format($$insert into public.conversation_templates (workspace_id, name, template_text, variables) values (%L, 'v', 'x', '[{"name": "a"}, {"type": "text"}]')$$, pg_temp.fx('ws')),
                 '23514', null, 'every variable needs a string name');
select throws_ok(format($$insert into public.conversation_templates (workspace_id, name, template_text, variables) values (%L, 'v', 'x', '{"name": "a"}')$$, pg_temp.fx('ws')),
                 '23514', null, 'variables is an array');
select throws_ok(format($$insert into public.conversation_templates (workspace_id, name, template_text) values (%L, 'support', 'x')$$, pg_temp.fx('ws')),
                 '23505', null, '(workspace, name, version) is unique');
select lives_ok(format($$insert into public.conversation_templates (workspace_id, name, template_text, version) values (%L, 'support', 'x', 2)$$, pg_temp.fx('ws')),
                'a new version of the same name is fine');
select throws_ok(format($$insert into public.conversation_templates (workspace_id, name, template_text, rating) values (%L, 'r', 'x', 5.5)$$, pg_temp.fx('ws')),
                 '23514', null, 'rating is between 0 and 5');
insert into public.conversation_templates (id, workspace_id, name, template_text) values (pg_temp.fx('tpl2'), pg_temp.fx('ws2'), 'bob-template', 'y');

select tests.authenticate_as('alice');
select throws_ok(format($$update public.conversation_templates set usage_count = 99 where id = %L$$, pg_temp.fx('tpl')),
                 '42501', null, 'API roles cannot write usage_count');
select throws_ok(format($$update public.conversation_templates set workspace_id = %L where id = %L$$, pg_temp.fx('ws2'), pg_temp.fx('tpl')),
                 '42501', null, 'API roles cannot move a template to another workspace');
select tests.clear_authentication();

-- ---- scenarios and edge cases ---------------------------------------------------------------------
insert into public.scenarios (id, workspace_id, template_id, name, context, parameters)
values (pg_temp.fx('sc'), pg_temp.fx('ws'), pg_temp.fx('tpl'), 'refund', 'A customer wants a refund', '{"customer": "Ada"}'),
       (pg_temp.fx('sc2'), pg_temp.fx('ws'), pg_temp.fx('tpl'), 'late delivery', 'Parcel is late', '{}');
select throws_ok(format($$insert into public.scenarios (workspace_id, template_id, name) values (%L, %L, 'x')$$, pg_temp.fx('ws2'), pg_temp.fx('tpl')),
                 '23503', null, 'a scenario cannot use another workspace''s template');
select throws_ok(format($$insert into public.scenarios (workspace_id, name, parameters) values (%L, 'x', '[]')$$, pg_temp.fx('ws')),
                 '23514', null, 'scenario parameters is an object');
insert into public.edge_cases (id, workspace_id, scenario_id, title, description, edge_case_type, expected_behavior, severity)
values (pg_temp.fx('ec'), pg_temp.fx('ws'), pg_temp.fx('sc'), 'angry', 'Customer shouts', 'emotional_escalation', 'Stay calm, de-escalate', 'high');
select throws_ok(format($$insert into public.edge_cases (workspace_id, scenario_id, title, description, edge_case_type, expected_behavior) values (%L, %L, 't', 'd', 'bogus', 'e')$$,
                        pg_temp.fx('ws'), pg_temp.fx('sc')), '23514', null, 'edge_case_type is from the list');
select throws_ok(format($$insert into public.edge_cases (workspace_id, scenario_id, title, description, edge_case_type, expected_behavior) values (%L, %L, 't', 'd', 'other', 'e')$$,
                        pg_temp.fx('ws2'), pg_temp.fx('sc')), '23503', null, 'an edge case cannot hang under another workspace''s scenario');
select throws_ok(format($$insert into public.edge_cases (workspace_id, scenario_id, title, description, edge_case_type, expected_behavior, difficulty) values (%L, %L, 't', 'd', 'other', 'e', 11)$$,
                        pg_temp.fx('ws'), pg_temp.fx('sc')), '23514', null, 'difficulty is 1..10');

-- ---- conversations --------------------------------------------------------------------------------
select throws_ok(format($$insert into public.conversations (workspace_id, quality_score) values (%L, 10.01)$$, pg_temp.fx('ws')), '23514', null, 'quality_score above 10 is rejected');
select throws_ok(format($$insert into public.conversations (workspace_id, quality_score) values (%L, -0.01)$$, pg_temp.fx('ws')), '23514', null, 'quality_score below 0 is rejected');
select lives_ok(format($$insert into public.conversations (workspace_id, quality_score, status) values (%L, 0, 'generated'), (%L, 10, 'generated')$$, pg_temp.fx('ws'), pg_temp.fx('ws')),
                'quality_score 0 and 10 are accepted');
select throws_ok(format($$insert into public.conversations (workspace_id, status) values (%L, 'done')$$, pg_temp.fx('ws')), '23514', null, 'status is from the list');
select throws_ok(format($$insert into public.conversations (workspace_id, tier) values (%L, 'gold')$$, pg_temp.fx('ws')), '23514', null, 'tier is template, scenario or edge_case');
select throws_ok(format($$insert into public.conversations (workspace_id, tier, edge_case_id) values (%L, 'scenario', %L)$$, pg_temp.fx('ws'), pg_temp.fx('ec')),
                 '23514', null, 'only an edge_case conversation links an edge case');
select throws_ok(format($$insert into public.conversations (workspace_id, tier, scenario_id) values (%L, 'template', %L)$$, pg_temp.fx('ws'), pg_temp.fx('sc')),
                 '23514', null, 'a template conversation links no scenario');
select throws_ok(format($$insert into public.conversations (workspace_id, template_id) values (%L, %L)$$, pg_temp.fx('ws'), pg_temp.fx('tpl2')),
                 '23503', null, 'a conversation cannot use another workspace''s template');

-- usage_count: one statement, three conversations from the template, one from none.
select tests.authenticate_as('alice');
select lives_ok(format($$insert into public.conversations (workspace_id, template_id, scenario_id, edge_case_id, tier, title)
                         values (%L, %L, %L, %L, 'edge_case', 'c1'), (%L, %L, null, null, 'template', 'c2'), (%L, %L, %L, null, 'scenario', 'c3'), (%L, null, null, null, 'template', 'c4')$$,
                        pg_temp.fx('ws'), pg_temp.fx('tpl'), pg_temp.fx('sc'), pg_temp.fx('ec'), pg_temp.fx('ws'), pg_temp.fx('tpl'), pg_temp.fx('ws'), pg_temp.fx('tpl'), pg_temp.fx('sc'), pg_temp.fx('ws')),
                'the owner creates conversations through the API role');
select tests.clear_authentication();
update public.conversations set id = pg_temp.fx('conv') where title = 'c1';
select is((select usage_count from public.conversation_templates where id = pg_temp.fx('tpl')), 3::bigint, 'usage_count counts the conversations created from the template');
alter table public.conversation_templates disable trigger conversation_templates_set_updated_at;
update public.conversation_templates set updated_at = '2020-01-01' where id = pg_temp.fx('tpl');
alter table public.conversation_templates enable trigger conversation_templates_set_updated_at;
insert into public.conversations (workspace_id, template_id, title) values (pg_temp.fx('ws'), pg_temp.fx('tpl'), 'c5');
select is((select usage_count::text || ' ' || updated_at::date from public.conversation_templates where id = pg_temp.fx('tpl')), '4 2020-01-01',
          'a usage bump leaves the template''s updated_at alone');
update public.conversation_templates set description = 'edited' where id = pg_temp.fx('tpl');
select is((select updated_at from public.conversation_templates where id = pg_temp.fx('tpl')), now(), 'a content edit moves updated_at');

-- ---- turns -----------------------------------------------------------------------------------------
select tests.authenticate_as('alice');
select lives_ok(format($$insert into public.conversation_turns (conversation_id, workspace_id, turn_number, role, content, token_count)
                         values (%L, %L, 1, 'system', 'Be kind', 3), (%L, %L, 2, 'user', 'I want a refund!', 6), (%L, %L, 3, 'assistant', 'Of course.', 4)$$,
                        pg_temp.fx('conv'), pg_temp.fx('ws'), pg_temp.fx('conv'), pg_temp.fx('ws'), pg_temp.fx('conv'), pg_temp.fx('ws')),
                'the owner writes turns');
select is((select turn_count || '/' || total_tokens from public.conversations where id = pg_temp.fx('conv')), '3/13', 'turn_count and total_tokens follow inserted turns');
update public.conversation_turns set token_count = 10 where conversation_id = pg_temp.fx('conv') and turn_number = 3;
select is((select turn_count || '/' || total_tokens from public.conversations where id = pg_temp.fx('conv')), '3/19', 'an updated token count is reflected');
delete from public.conversation_turns where conversation_id = pg_temp.fx('conv') and turn_number = 1;
select is((select turn_count || '/' || total_tokens from public.conversations where id = pg_temp.fx('conv')), '2/16', 'a deleted turn is subtracted');
select throws_ok(format($$update public.conversations set turn_count = 0 where id = %L$$, pg_temp.fx('conv')), '42501', null, 'API roles cannot write turn_count');
select throws_ok(format($$update public.conversations set reviewed_by = %L where id = %L$$, pg_temp.fx('bob'), pg_temp.fx('conv')), '42501', null, 'API roles cannot write reviewed_by');
select tests.clear_authentication();
select throws_ok(format($$insert into public.conversation_turns (conversation_id, workspace_id, turn_number, role, content) values (%L, %L, 2, 'user', 'dup')$$, pg_temp.fx('conv'), pg_temp.fx('ws')),
                 '23505', null, '(conversation_id, turn_number) is unique');
select throws_ok(format($$insert into public.conversation_turns (conversation_id, workspace_id, turn_number, role, content) values (%L, %L, 9, 'user', 'x')$$, pg_temp.fx('conv'), pg_temp.fx('ws2')),
                 '23503', null, 'a turn cannot be filed under another workspace than its conversation''s');
select throws_ok(format($$insert into public.conversation_turns (conversation_id, workspace_id, turn_number, role, content) values (%L, %L, 9, 'narrator', 'x')$$, pg_temp.fx('conv'), pg_temp.fx('ws')),
                 '23514', null, 'role is system, user, assistant or tool');

-- ---- review stamps ---------------------------------------------------------------------------------
select tests.authenticate_as('alice');
update public.conversations set status = 'approved', review_notes = 'good' where id = pg_temp.fx('conv');
select tests.clear_authentication();
select is((select reviewed_by from public.conversations where id = pg_temp.fx('conv')), pg_temp.fx('alice'), 'approving stamps the reviewer');
select ok((select reviewed_at = now() from public.conversations where id = pg_temp.fx('conv')), 'and the time');
select tests.authenticate_as_service_role();
update public.conversations set status = 'rejected' where id = pg_temp.fx('conv');
select tests.clear_authentication();
select ok((select reviewed_by is null and reviewed_at is not null from public.conversations where id = pg_temp.fx('conv')),
          'a decision by service_role without a named reviewer does not keep the previous reviewer');
select tests.authenticate_as_service_role();
update public.conversations set status = 'needs_revision', reviewed_by = pg_temp.fx('bob') where id = pg_temp.fx('conv');
select tests.clear_authentication();
select is((select reviewed_by from public.conversations where id = pg_temp.fx('conv')), pg_temp.fx('bob'), 'service_role may name the reviewer');

-- ---- deleting inputs ---------------------------------------------------------------------------------
delete from public.edge_cases where id = pg_temp.fx('ec');
select ok((select edge_case_id is null and scenario_id = pg_temp.fx('sc') and template_id = pg_temp.fx('tpl') from public.conversations where id = pg_temp.fx('conv')),
          'deleting an edge case keeps the conversation and clears only edge_case_id');
insert into public.edge_cases (workspace_id, scenario_id, title, description, edge_case_type, expected_behavior)
values (pg_temp.fx('ws'), pg_temp.fx('sc2'), 't', 'd', 'other', 'e');
delete from public.scenarios where id = pg_temp.fx('sc2');
select is((select count(*)::int from public.edge_cases where scenario_id = pg_temp.fx('sc2')), 0, 'deleting a scenario deletes its edge cases');
delete from public.conversation_templates where id = pg_temp.fx('tpl');
select ok((select template_id is null and workspace_id = pg_temp.fx('ws') from public.scenarios where id = pg_temp.fx('sc')),
          'deleting a template keeps its scenarios, unlinked');
select is((select count(*)::int from public.conversations where workspace_id = pg_temp.fx('ws') and template_id is null and title in ('c1', 'c2', 'c3', 'c5')), 4,
          'and its conversations, unlinked');
delete from public.conversations where id = pg_temp.fx('conv');
select is((select count(*)::int from public.conversation_turns where conversation_id = pg_temp.fx('conv')), 0, 'deleting a conversation deletes its turns');

select * from finish();
rollback;
