-- public.search_files (seed 003, issue 10): full-text search over a workspace's files, ranked,
-- with ts_headline snippets. The query is parsed by websearch_to_tsquery (quotes, OR, -not), so
-- user input never reaches tsquery syntax errors. It matches both halves of files.content_tsv:
-- path segments ('simple', weight A) and content ('english', weight B). Ranking uses the GIN
-- index to find candidates, then ts_rank_cd; ts_headline (expensive: it re-parses the document)
-- runs only on the rows returned. SECURITY INVOKER: RLS decides what the caller can find.
set lock_timeout = '5s';
set statement_timeout = '60s';

create function public.search_files(workspace uuid, query text, max_results integer default 20)
returns table (file_id uuid, path text, name text, rank real, headline text)
language sql stable set search_path = '' as $$
  with q as (
    select pg_catalog.websearch_to_tsquery('english'::regconfig, coalesce(query, ''))
           operator(pg_catalog.||) pg_catalog.websearch_to_tsquery('simple'::regconfig, coalesce(query, '')) as tsq
  ),
  hits as (
    select f.id, f.path, f.name, f.content, pg_catalog.ts_rank_cd(f.content_tsv, q.tsq, 1) as rank, q.tsq
    from public.files f, q
    where f.workspace_id = workspace
      and pg_catalog.numnode(q.tsq) > 0
      and f.content_tsv operator(pg_catalog.@@) q.tsq
    order by rank desc, f.path
    limit least(greatest(coalesce(max_results, 20), 1), 200)
  )
  select h.id, h.path, h.name, h.rank,
         pg_catalog.ts_headline('english'::regconfig, pg_catalog.left(h.content, 100000), h.tsq,
           'StartSel=<mark>, StopSel=</mark>, MaxFragments=2, MaxWords=20, MinWords=5, FragmentDelimiter=" … "')
  from hits h
  order by h.rank desc, h.path
$$;
comment on function public.search_files(uuid, text, integer) is 'Ranked full-text search over a workspace''s files (path and content) with <mark> snippets; websearch syntax; RLS applies; at most 200 rows.';
revoke execute on function public.search_files(uuid, text, integer) from public, anon;
grant execute on function public.search_files(uuid, text, integer) to authenticated, service_role;
