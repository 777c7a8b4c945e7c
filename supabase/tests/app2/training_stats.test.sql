-- public.conversation_stats: counts by status and tier (every key, zeros included), average
-- quality over scored rows, approval rate, review backlog, turns, tokens and cost; RLS applies
-- (SECURITY INVOKER), so outsiders and anon get nothing.
begin;
select plan(14);

select tests.create_user('alice');
select tests.create_user('mia');
select tests.create_user('oscar');
create temp table fx (name text primary key, id uuid not null);
insert into fx values ('alice', tests.get_user_id('alice')), ('mia', tests.get_user_id('mia')), ('oscar', tests.get_user_id('oscar')),
  ('ws', gen_random_uuid()), ('ws2', gen_random_uuid()), ('empty', gen_random_uuid());
grant select on fx to anon, authenticated, service_role;
create function pg_temp.fx(n text) returns uuid language sql stable as $$ select id from fx where name = n $$;
insert into public.workspaces (id, owner_id, name) values (pg_temp.fx('ws'), pg_temp.fx('alice'), 'alpha'), (pg_temp.fx('ws2'), pg_temp.fx('oscar'), 'o'),
  (pg_temp.fx('empty'), pg_temp.fx('alice'), 'empty');
insert into public.workspace_members (workspace_id, user_id, role) values (pg_temp.fx('ws'), pg_temp.fx('mia'), 'member');

-- ws: 10 conversations. approved 4 (q 9, 8, 7, null), rejected 1 (q 2), needs_revision 1 (q 5),
-- pending_review 2 (q 6, null), draft 1, failed 1. Tiers: 5 template, 3 scenario, 2 edge_case.
insert into public.conversations (workspace_id, status, tier, quality_score, turn_count, total_tokens, estimated_cost_usd)
select pg_temp.fx('ws'), s, t, q, 4, 100, 0.25
from (values ('approved', 'template', 9.0), ('approved', 'template', 8.0), ('approved', 'scenario', 7.0), ('approved', 'scenario', null),
             ('rejected', 'template', 2.0), ('needs_revision', 'template', 5.0), ('pending_review', 'scenario', 6.0), ('pending_review', 'edge_case', null),
             ('draft', 'template', null), ('failed', 'edge_case', null)) v(s, t, q);
insert into public.conversations (workspace_id, status, quality_score) select pg_temp.fx('ws2'), 'approved', 10 from generate_series(1, 7);

create temp table st as select * from public.conversation_stats(pg_temp.fx('ws'));
select is((select total from st), 10::bigint, 'total counts the workspace''s conversations only');
select is((select by_status from st),
          '{"draft": 1, "generating": 0, "generated": 0, "pending_review": 2, "approved": 4, "rejected": 1, "needs_revision": 1, "archived": 0, "failed": 1}'::jsonb,
          'by_status has every status, zeros included');
select is((select by_tier from st), '{"template": 5, "scenario": 3, "edge_case": 2}'::jsonb, 'by_tier has every tier');
select is((select scored || ' ' || avg_quality_score from st), '6 6.17', 'average quality over the 6 scored conversations: (9+8+7+2+5+6)/6');
select is((select reviewed || ' ' || approved || ' ' || approval_rate from st), '6 4 0.6667', 'approval rate = approved / (approved + rejected + needs_revision)');
select is((select pending_review from st), 2::bigint, 'review backlog');
select is((select total_turns || ' ' || total_tokens || ' ' || estimated_cost_usd from st), '40 1000 2.500000', 'turns, tokens and cost are summed');

select is((select total::text || coalesce(avg_quality_score::text, 'null') || coalesce(approval_rate::text, 'null') || (by_status ->> 'approved') from public.conversation_stats(pg_temp.fx('empty'))),
          '0nullnull0', 'an empty workspace: zeros, and no average or rate');

select tests.authenticate_as('mia');
select is((select total from public.conversation_stats(pg_temp.fx('ws'))), 10::bigint, 'a member gets the stats');
select tests.clear_authentication();
select tests.authenticate_as('oscar');
select is((select total::text || (by_status ->> 'approved') from public.conversation_stats(pg_temp.fx('ws'))), '00', 'an outsider gets nothing of ws (RLS)');
select is((select total from public.conversation_stats(pg_temp.fx('ws2'))), 7::bigint, 'and his own workspace''s stats');
select tests.clear_authentication();
select is(tests.attempt_as('anon', format('select * from public.conversation_stats(%L)', pg_temp.fx('ws'))), 'denied', 'anon may not call it');

select is((select prosecdef from pg_proc where oid = 'public.conversation_stats(uuid)'::regprocedure), false, 'conversation_stats is SECURITY INVOKER');
select is((select proconfig from pg_proc where oid = 'public.conversation_stats(uuid)'::regprocedure), array['search_path=""'], 'with an empty search_path');

select * from finish();
rollback;
