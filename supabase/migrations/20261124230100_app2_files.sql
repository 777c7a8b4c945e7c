-- public.files and public.file_versions (seed 003, issue 10), plus public.get_file_tree.
-- Seed defects fixed here: the seed declared MySQL-style INDEX clauses inside CREATE TABLE, a
-- UNIQUE on file_versions without its partition key, and a nullable primary-key column.
-- Paths are relative, '/'-separated, without leading or trailing '/' or empty segments
-- ('src/lib/a.ts'). Directories are implicit: every proper prefix of a file path.
set lock_timeout = '5s';
set statement_timeout = '60s';

create table public.files (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  path text not null check (char_length(path) <= 4096 and path ~ '^[^/]+(/[^/]+)*$'),
  name text not null generated always as (pg_catalog.regexp_replace(path, '^.*/', '')) stored,
  depth bigint not null generated always as (pg_catalog.cardinality(pg_catalog.string_to_array(path, '/'))) stored,
  content text not null default '',
  mime_type text not null default 'text/plain' check (char_length(mime_type) <= 255),
  -- sha256 hex of content (UTF-8), always overwritten by a trigger, so clients cannot forge it.
  content_hash text not null default '',
  size_bytes bigint not null generated always as (pg_catalog.octet_length(content)) stored,
  content_tsv tsvector not null generated always as (
    pg_catalog.setweight(pg_catalog.to_tsvector('simple'::regconfig, pg_catalog.regexp_replace(path, '[/._-]+', ' ', 'g')), 'A')
    || pg_catalog.setweight(pg_catalog.to_tsvector('english'::regconfig, pg_catalog.left(content, 1000000)), 'B')) stored,
  created_by uuid default auth.uid() references public.user_profiles (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint files_workspace_id_path_key unique (workspace_id, path),
  -- Target of file_versions' composite foreign key: a version cannot be filed under another workspace.
  constraint files_id_workspace_id_key unique (id, workspace_id)
);
comment on table public.files is 'Workspace files (seed 003). Members read; workspace owners write. Directories are implicit path prefixes.';
comment on column public.files.content_hash is 'sha256(content) in hex, set by trigger; (workspace_id, content_hash) finds duplicates.';
-- The unique (workspace_id, path) index serves the tree (prefix scans) and the foreign key.
create index idx_files_workspace_content_hash on public.files (workspace_id, content_hash);
create index idx_files_name_trgm on public.files using gin (name extensions.gin_trgm_ops);
create index idx_files_content_tsv on public.files using gin (content_tsv);
create index idx_files_created_by on public.files (created_by);

-- The hash is computed by the trigger function documents use, so clients cannot fake it.
create trigger files_set_content_hash
  before insert or update of content, content_hash on public.files
  for each row execute function ops.set_content_hash();
create trigger files_set_updated_at
  before update on public.files
  for each row execute function ops.set_updated_at();

alter table public.files enable row level security;
revoke all on table public.files from anon, authenticated;
grant select, insert, update, delete on table public.files to authenticated;

-- A plain, uncorrelated subquery: evaluated once per statement (hashed), not once per row.
create policy files_select_member on public.files
  for select to authenticated using (workspace_id in (
    select m.workspace_id from public.workspace_members m where m.user_id = (select auth.uid())));
create policy files_insert_owner on public.files
  for insert to authenticated with check (public.is_workspace_owner(workspace_id));
create policy files_update_owner on public.files
  for update to authenticated using (public.is_workspace_owner(workspace_id)) with check (public.is_workspace_owner(workspace_id));
create policy files_delete_owner on public.files
  for delete to authenticated using (public.is_workspace_owner(workspace_id));

-- Versions, partitioned by month on created_at. Every unique constraint includes the partition
-- key (Postgres requires it); (file_id, version) alone is therefore not enforced across
-- partitions: versions are numbered by the writer under the file row's lock.
create table public.file_versions (
  id uuid not null default gen_random_uuid(),
  workspace_id uuid not null,
  file_id uuid not null,
  version bigint not null check (version >= 1),
  content text,
  content_hash text not null check (content_hash ~ '^[0-9a-f]{64}$'),
  -- Unified diff against the previous version; content is then optional (null = rebuild from diffs).
  diff text,
  size_bytes bigint not null check (size_bytes >= 0),
  created_by uuid default auth.uid() references public.user_profiles (id) on delete set null,
  created_at timestamptz not null default now(),
  primary key (file_id, version, created_at),
  constraint file_versions_content_or_diff check (content is not null or diff is not null),
  constraint file_versions_file_fkey foreign key (file_id, workspace_id)
    references public.files (id, workspace_id) on delete cascade
) partition by range (created_at);
comment on table public.file_versions is 'File history (seed 003): monthly partitions managed by ops.partition_register, no retention.';
create index idx_file_versions_workspace on public.file_versions (workspace_id, created_at desc);
create index idx_file_versions_file_workspace on public.file_versions (file_id, workspace_id);
create index idx_file_versions_created_by on public.file_versions (created_by);

alter table public.file_versions enable row level security;
revoke all on table public.file_versions from anon, authenticated;
grant select, insert, delete on table public.file_versions to authenticated;

-- Immutable history: no UPDATE policy. Owners add and prune versions.
create policy file_versions_select_member on public.file_versions
  for select to authenticated using (workspace_id in (
    select m.workspace_id from public.workspace_members m where m.user_id = (select auth.uid())));
create policy file_versions_insert_owner on public.file_versions
  for insert to authenticated with check (public.is_workspace_owner(workspace_id));
create policy file_versions_delete_owner on public.file_versions
  for delete to authenticated using (public.is_workspace_owner(workspace_id));

select ops.partition_register('public.file_versions', p_period => 'month', p_premake => 3);

-- The tree of a workspace: every file and every implicit directory exactly once, in depth-first
-- order (the separator sorts below every other character), so a parent always precedes its
-- children. Directories come from path prefixes: one pass over the workspace's files with the
-- (workspace_id, path) index, O(files x depth), no per-row recursive walk. SECURITY INVOKER:
-- RLS decides what the caller sees.
create function public.get_file_tree(workspace uuid)
returns table (
  path text,
  name text,
  parent_path text,
  depth integer,
  is_dir boolean,
  file_id uuid,
  size_bytes bigint,
  content_hash text,
  updated_at timestamptz
)
language sql stable set search_path = '' as $$
  with f as (
    select fl.id, fl.path, fl.name, fl.depth, fl.size_bytes, fl.content_hash, fl.updated_at,
           pg_catalog.string_to_array(fl.path, '/') as parts
    from public.files fl
    where fl.workspace_id = workspace
  ),
  dirs as (
    select distinct pg_catalog.array_to_string(f.parts[1:d.i], '/') as path, d.i::bigint as depth, f.parts[d.i] as name
    from f cross join lateral pg_catalog.generate_series(1, f.depth::integer - 1) as d(i)
  ),
  nodes as (
    select dirs.path, dirs.name, dirs.depth, true as is_dir, null::uuid as file_id,
           null::bigint as size_bytes, null::text as content_hash, null::timestamptz as updated_at
    from dirs
    union all
    select f.path, f.name, f.depth, false, f.id, f.size_bytes, f.content_hash, f.updated_at
    from f
  )
  select n.path, n.name,
         case when n.depth > 1 then pg_catalog.left(n.path, pg_catalog.length(n.path) - pg_catalog.length(n.name) - 1) end,
         n.depth::integer, n.is_dir, n.file_id, n.size_bytes, n.content_hash, n.updated_at
  from nodes n
  order by pg_catalog.replace(n.path, '/', pg_catalog.chr(1)) collate "C", n.is_dir desc
$$;
comment on function public.get_file_tree(uuid) is 'Files and implicit directories of a workspace, depth-first, parents before children; RLS applies.';
revoke execute on function public.get_file_tree(uuid) from public, anon;
grant execute on function public.get_file_tree(uuid) to authenticated, service_role;
