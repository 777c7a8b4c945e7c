-- documents (content hash, status, seed 000 §6 indexes) and the usage views' figures.
begin;
select plan(16);

select tests.create_user('alice');
select tests.create_user('bob');
select tests.authenticate_as('alice');
insert into public.documents (title, content, content_hash) values ('d', 'hello', 'forged');
select is((select content_hash from public.documents), encode(sha256('hello'::bytea), 'hex'), 'content_hash is sha256(content), whatever the client sent');
update public.documents set content = 'hello again';
select is((select content_hash from public.documents), encode(sha256('hello again'::bytea), 'hex'), 'content_hash follows content edits');
select throws_ok($$update public.documents set status = 'lost'$$, '23514', null, 'unknown statuses are rejected');
select lives_ok($$update public.documents set status = 'pending_enhancement'$$, 'pending_enhancement is a status');
select throws_ok($$insert into public.documents (user_id, title) values (tests.get_user_id('bob'), 'x')$$, '42501', null, 'a user cannot file a document under someone else');
select tests.clear_authentication();

select has_index('public', 'documents', 'idx_documents_user_status_created', array['user_id', 'status', 'created_at'], 'seed 000 §6 composite index on documents');
select is((select pg_get_expr(indpred, indrelid) from pg_index where indexrelid = 'public.idx_documents_pending_enhancement'::regclass),
          '(status = ''pending_enhancement''::text)', 'seed 000 §6 partial index on pending documents');
select has_index('public', 'ai_usage_tracking', 'idx_ai_usage_user_model_time', array['user_id', 'model', 'created_at'], 'seed 000 §6 composite index on usage');
select is((select pg_get_expr(indpred, indrelid) from pg_index where indexrelid = 'public.idx_ai_usage_fallback'::regclass),
          '(fallback_model IS NOT NULL)', 'seed 000 §1 partial index on fallbacks');
select ok((select bool_and(c.reloptions @> array['security_invoker=true']) from pg_class c
           where c.oid in ('public.v_cache_effectiveness'::regclass, 'public.v_active_rate_limits'::regclass)),
          'both usage views are security_invoker');

-- Usage: gpt has 2 misses (0.02 + 0.04, average 0.03) and 2 hits; claude has one hit and no miss
-- (priced at 0: nothing to compare with); one gpt row is older than 24 hours.
insert into public.ai_usage_tracking (user_id, model, cost_usd, cache_hit, created_at) values
  (tests.get_user_id('alice'), 'gpt-4o-mini', 0.02, false, now() - interval '10 minutes'),
  (tests.get_user_id('alice'), 'gpt-4o-mini', 0.04, false, now() - interval '10 minutes'),
  (tests.get_user_id('alice'), 'gpt-4o-mini', 0, true, now() - interval '10 minutes'),
  (tests.get_user_id('alice'), 'gpt-4o-mini', 0, true, now() - interval '10 minutes'),
  (tests.get_user_id('alice'), 'claude-3.5-sonnet', 0, true, now() - interval '10 minutes'),
  (tests.get_user_id('alice'), 'gpt-4o-mini', 5, false, now() - interval '25 hours'),
  (tests.get_user_id('bob'), 'gpt-4o-mini', 1, false, now() - interval '2 hours');
-- Pin the rows into one hour bucket, whatever the clock says.
update public.ai_usage_tracking set created_at = date_trunc('hour', now()) where created_at > now() - interval '1 hour';

select tests.authenticate_as('alice');
select results_eq(
  $$select cache_hits, cache_misses, hit_rate, cost_without_cache, actual_cost, savings from public.v_cache_effectiveness$$,
  $$values (3::bigint, 2::bigint, 60.00::numeric, 0.120000::numeric, 0.060000::numeric, 0.060000::numeric)$$,
  'cache effectiveness: hits priced at the average miss of their model; savings = cost avoided');
select results_eq(
  $$select redis_key, request_count from public.v_active_rate_limits order by model$$,
  format($$values ('rl:{t:%1$s}:claude-3.5-sonnet:hour', 1::bigint), ('rl:{t:%1$s}:gpt-4o-mini:hour', 4::bigint)$$, auth.uid()),
  'rate-limit view: last hour only, keyed like the Redis window (tenant hash tag)');
select ok((select bool_and(ttl_remaining between 0 and 3600) from public.v_active_rate_limits), 'ttl_remaining stays within the hour');
select throws_ok($$insert into public.ai_usage_tracking (user_id, model) values (auth.uid(), 'x')$$, '42501', null, 'users cannot write usage');
select tests.clear_authentication();

select results_eq($$select sum(cache_misses)::bigint from public.v_cache_effectiveness$$, $$values (3::bigint)$$,
  'the database owner sees every user''s last 24 hours (bob''s miss included)');
select throws_ok($$insert into public.ai_usage_tracking (user_id, model, circuit_breaker_state) values (tests.get_user_id('bob'), 'x', 'ajar')$$,
  '23514', null, 'circuit_breaker_state is one of closed, open, half-open');

select * from finish();
rollback;
