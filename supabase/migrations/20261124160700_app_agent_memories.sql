-- public.agent_memories (seed 001): episodic, semantic, procedural and working memories with
-- importance, decay and 1536-dimension embeddings, plus agent_memory_links (typed relationships).
--
-- Embeddings are feature-detected. Where pgvector is available (every Supabase project) the column
-- is extensions.vector(1536) with an HNSW index; where it is not (this local stack) it is real[]
-- and the search is exact. public.match_agent_memories() has the same signature and result in
-- both modes, so callers never know which one they got.
set lock_timeout = '5s';
set local statement_timeout = '60s';

do $$
begin
  if exists (select from pg_catalog.pg_available_extensions where name = 'vector') then
    create extension if not exists vector with schema extensions;
  end if;
end
$$;

create table public.agent_memories (
  id uuid primary key default gen_random_uuid(),
  agent_id uuid not null,
  user_id uuid not null default auth.uid(),
  memory_type text not null check (memory_type in ('episodic', 'semantic', 'procedural', 'working')),
  content text not null,
  metadata jsonb not null default '{}'::jsonb check (jsonb_typeof(metadata) = 'object'),
  importance real not null default 0.5 check (importance between 0 and 1),
  -- Fraction of importance lost per day without access; 0 pins the memory.
  decay_rate real not null default 0.01 check (decay_rate between 0 and 1),
  last_decayed_at timestamptz not null default now(),
  access_count bigint not null default 0 check (access_count >= 0),
  last_accessed_at timestamptz,
  -- Working memory is short-lived: retention deletes rows past expires_at.
  expires_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint agent_memories_id_user_id_key unique (id, user_id),
  constraint agent_memories_agent_fkey foreign key (agent_id, user_id)
    references public.agents (id, user_id) on delete cascade
);
comment on table public.agent_memories is 'Agent memories with importance, decay and embeddings. Search with public.match_agent_memories().';

do $$
begin
  if exists (select from pg_catalog.pg_extension where extname = 'vector') then
    alter table public.agent_memories add column embedding extensions.vector(1536);
    create index idx_agent_memories_embedding_hnsw on public.agent_memories
      using hnsw (embedding extensions.vector_l2_ops);
    comment on column public.agent_memories.embedding is 'pgvector vector(1536), HNSW index (L2).';
  else
    alter table public.agent_memories add column embedding real[]
      constraint agent_memories_embedding_dims check (
        embedding is null
        or (pg_catalog.array_ndims(embedding) = 1 and pg_catalog.array_length(embedding, 1) = 1536
            and pg_catalog.array_position(embedding, null) is null));
    comment on column public.agent_memories.embedding is 'real[1536]: pgvector is not installed here, so search is exact (no ANN index).';
  end if;
end
$$;

-- Seed 001's access path (agent + type, ranked by importance). Leads with the composite foreign
-- key so it covers it too; user_id sits second because agent_id alone determines it.
create index idx_agent_memories_agent_type_importance
  on public.agent_memories (agent_id, user_id, memory_type, importance desc);
create index idx_agent_memories_expires_at on public.agent_memories (expires_at) where expires_at is not null;
create index idx_agent_memories_decay on public.agent_memories (last_decayed_at) where decay_rate > 0;

create trigger agent_memories_set_updated_at
  before update on public.agent_memories
  for each row execute function ops.set_updated_at();

create table public.agent_memory_links (
  user_id uuid not null default auth.uid(),
  source_memory_id uuid not null,
  target_memory_id uuid not null,
  relation_type text not null
    check (relation_type in ('related', 'causes', 'supports', 'contradicts', 'derived_from', 'part_of')),
  strength real not null default 0.5 check (strength between 0 and 1),
  created_at timestamptz not null default now(),
  constraint agent_memory_links_pkey primary key (user_id, source_memory_id, target_memory_id, relation_type),
  constraint agent_memory_links_not_self check (source_memory_id <> target_memory_id),
  constraint agent_memory_links_source_fkey foreign key (user_id, source_memory_id)
    references public.agent_memories (user_id, id) on delete cascade,
  constraint agent_memory_links_target_fkey foreign key (target_memory_id, user_id)
    references public.agent_memories (id, user_id) on delete cascade
);
comment on table public.agent_memory_links is 'Typed, weighted relationships between two memories of the same user.';
create index idx_agent_memory_links_target on public.agent_memory_links (target_memory_id, user_id);

alter table public.agent_memories enable row level security;
alter table public.agent_memory_links enable row level security;
revoke all on table public.agent_memories, public.agent_memory_links from anon, authenticated;
grant select, insert, update, delete on table public.agent_memories, public.agent_memory_links to authenticated;

-- user_id = owner of the agent (enforced by the composite foreign key), so "users manage their
-- agents' memories" is a column comparison.
create policy agent_memories_select_own on public.agent_memories
  for select to authenticated using (user_id = (select auth.uid()));
create policy agent_memories_insert_own on public.agent_memories
  for insert to authenticated with check (user_id = (select auth.uid()));
create policy agent_memories_update_own on public.agent_memories
  for update to authenticated using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));
create policy agent_memories_delete_own on public.agent_memories
  for delete to authenticated using (user_id = (select auth.uid()));

create policy agent_memory_links_select_own on public.agent_memory_links
  for select to authenticated using (user_id = (select auth.uid()));
create policy agent_memory_links_insert_own on public.agent_memory_links
  for insert to authenticated with check (user_id = (select auth.uid()));
create policy agent_memory_links_update_own on public.agent_memory_links
  for update to authenticated using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));
create policy agent_memory_links_delete_own on public.agent_memory_links
  for delete to authenticated using (user_id = (select auth.uid()));

-- Nearest memories of one agent (seed 001 "retrieve relevant memories"): L2 distance to the
-- query embedding, filtered by type and importance. SECURITY INVOKER, so RLS limits it to the
-- caller's agents. With pgvector, ORDER BY embedding <-> q uses HNSW, which filters after the
-- ANN scan (set hnsw.ef_search / hnsw.iterative_scan for selective filters); without it the
-- filter runs first on idx_agent_memories_agent_type_importance and the ranking is exact.
do $$
declare
  distance_expr text;
  order_expr text;
begin
  if exists (select from pg_catalog.pg_extension where extname = 'vector') then
    -- ORDER BY must be the bare <-> expression for the planner to use the HNSW index.
    order_expr := 'm.embedding operator(extensions.<->) p_query_embedding::extensions.vector';
    distance_expr := '(' || order_expr || ')::double precision';
  else
    distance_expr := '(select pg_catalog.sqrt(pg_catalog.sum((e.a::double precision - e.b::double precision) ^ 2)) from unnest(m.embedding, p_query_embedding) as e(a, b))';
    order_expr := '6, m.id';
  end if;
  execute format($fn$
    create or replace function public.match_agent_memories(
      p_agent_id uuid,
      p_query_embedding real[],
      p_match_count integer default 10,
      p_memory_types text[] default array['semantic', 'episodic'],
      p_min_importance real default 0.7
    )
    returns table (id uuid, memory_type text, content text, metadata jsonb, importance real, distance double precision)
    language plpgsql
    stable
    security invoker
    set search_path = ''
    as $body$
    begin
      if pg_catalog.array_ndims(p_query_embedding) is distinct from 1
         or pg_catalog.array_length(p_query_embedding, 1) <> 1536 then
        raise exception 'match_agent_memories: query embedding must have 1536 dimensions, got %%',
          coalesce(pg_catalog.array_length(p_query_embedding, 1), 0)
          using errcode = '22023';
      end if;
      return query
        select m.id, m.memory_type, m.content, m.metadata, m.importance, %s as distance
        from public.agent_memories m
        where m.agent_id = p_agent_id
          and m.memory_type = any (p_memory_types)
          and m.importance > p_min_importance
          and m.embedding is not null
        order by %s
        limit greatest(p_match_count, 0);
    end
    $body$
  $fn$, distance_expr, order_expr);
end
$$;
comment on function public.match_agent_memories(uuid, real[], integer, text[], real) is 'The p_match_count nearest memories (L2) of one agent by type and minimum importance. HNSW with pgvector, exact over real[] without.';
revoke execute on function public.match_agent_memories(uuid, real[], integer, text[], real) from public, anon;
grant execute on function public.match_agent_memories(uuid, real[], integer, text[], real) to authenticated, service_role;
