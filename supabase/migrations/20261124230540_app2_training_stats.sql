-- public.conversation_stats (seed 002, issue 10): the training dashboard's summary of one
-- workspace in one call: counts by status and by tier (every value present, zeros included),
-- average quality, approval rate, review backlog, turns, tokens and cost. One pass over the
-- workspace's conversations (a CTE read once). SECURITY INVOKER: RLS applies, so a caller who
-- is not a member gets total 0 and all-zero counts.
set lock_timeout = '5s';
set statement_timeout = '60s';

create function public.conversation_stats(workspace uuid)
returns table (
  total bigint,
  by_status jsonb,
  by_tier jsonb,
  scored bigint,
  avg_quality_score numeric,
  reviewed bigint,
  approved bigint,
  approval_rate numeric,
  pending_review bigint,
  total_turns bigint,
  total_tokens bigint,
  estimated_cost_usd numeric
)
language sql stable set search_path = '' as $$
  with c as materialized (
    select x.status, x.tier, x.quality_score, x.turn_count, x.total_tokens, x.estimated_cost_usd
    from public.conversations x
    where x.workspace_id = workspace
  ),
  a as (
    select count(*) as total,
           count(c.quality_score) as scored,
           round(avg(c.quality_score), 2) as avg_quality_score,
           count(*) filter (where c.status in ('approved', 'rejected', 'needs_revision')) as reviewed,
           count(*) filter (where c.status = 'approved') as approved,
           count(*) filter (where c.status = 'pending_review') as pending_review,
           coalesce(sum(c.turn_count), 0)::bigint as total_turns,
           coalesce(sum(c.total_tokens), 0)::bigint as total_tokens,
           coalesce(sum(c.estimated_cost_usd), 0) as estimated_cost_usd
    from c
  )
  select a.total,
         (select pg_catalog.jsonb_object_agg(s.k, coalesce(n.n, 0) order by s.i)
          from unnest(array['draft', 'generating', 'generated', 'pending_review', 'approved', 'rejected',
                            'needs_revision', 'archived', 'failed']) with ordinality as s(k, i)
          left join (select c.status, count(*) as n from c group by c.status) n on n.status = s.k),
         (select pg_catalog.jsonb_object_agg(s.k, coalesce(n.n, 0) order by s.i)
          from unnest(array['template', 'scenario', 'edge_case']) with ordinality as s(k, i)
          left join (select c.tier, count(*) as n from c group by c.tier) n on n.tier = s.k),
         a.scored, a.avg_quality_score, a.reviewed, a.approved,
         round(a.approved::numeric / nullif(a.reviewed, 0), 4),
         a.pending_review, a.total_turns, a.total_tokens, a.estimated_cost_usd
  from a
$$;
comment on function public.conversation_stats(uuid) is 'Training dashboard summary of a workspace''s conversations: counts by status and tier, average quality, approval rate (approved / reviewed, reviewed = approved + rejected + needs_revision), review backlog, turns, tokens, cost. RLS applies.';
revoke execute on function public.conversation_stats(uuid) from public, anon;
grant execute on function public.conversation_stats(uuid) to authenticated, service_role;
