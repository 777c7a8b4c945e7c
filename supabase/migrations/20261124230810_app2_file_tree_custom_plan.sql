-- public.get_file_tree, planned for the workspace it is asked about (issue 10, file-tree benchmark).
-- The 20261124230100 version was a LANGUAGE sql function with SET search_path, so it is never
-- inlined, and Postgres plans the body of such a function without the argument's value: one
-- generic plan with `workspace_id = $1` estimated at (rows / distinct workspaces). With a few
-- large workspaces in the table that estimate is large, so every call, even for a 2,500-file
-- workspace, ran a sequential scan of the whole files table. EXPLAIN ANALYZE, 2,500-file
-- workspace next to 35,000 other files: "Seq Scan on files … Rows Removed by Filter: 35000", sort
-- estimated at 44,688 rows for 2,980. `npm run bench -- file-tree` with sizes 2500,20000,80000: the
-- 2,500-file workspace took 33 ms alone in the table and 256 ms next to 100,000 other files,
-- O(table) rather than O(workspace). With this version: 9 ms, and 3.2-3.4 µs per node up to 80,000.
-- Now: LANGUAGE plpgsql with plan_cache_mode = force_custom_plan, so RETURN QUERY is planned per
-- call with the actual workspace id (index scan for a small workspace, whatever else the table
-- holds). Also, directories are no longer built as every prefix of every file (files x depth
-- array slices, 177,200 rows for 20,000 files, then DISTINCT): a recursive UNION walks up from each
-- file's parent directory and stops at directories already seen, so the work is O(files + dirs)
-- (3,840 directory rows for those 20,000 files); that alone halves the time per node. Same
-- columns, order and semantics; SECURITY INVOKER, RLS decides.
set lock_timeout = '5s';
set statement_timeout = '60s';

create or replace function public.get_file_tree(workspace uuid)
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
language plpgsql stable
set search_path = ''
set plan_cache_mode = 'force_custom_plan'
as $$
#variable_conflict use_column
begin
  return query
  with recursive f as materialized (
    select fl.id, fl.path, fl.name, fl.depth, fl.size_bytes, fl.content_hash, fl.updated_at
    from public.files fl
    where fl.workspace_id = workspace
  ),
  up(path) as (
    select pg_catalog.left(f.path, -(pg_catalog.length(f.name) + 1)) from f where f.depth > 1
    union
    select pg_catalog.left(up.path, -(pg_catalog.length(pg_catalog.split_part(up.path, '/', -1)) + 1))
    from up where pg_catalog.strpos(up.path, '/') > 0
  ),
  dirs as (
    select up.path, pg_catalog.split_part(up.path, '/', -1) as name,
           pg_catalog.length(up.path) - pg_catalog.length(pg_catalog.replace(up.path, '/', '')) + 1 as depth
    from up
  ),
  nodes as (
    select dirs.path, dirs.name, dirs.depth, true as is_dir, null::uuid as file_id,
           null::bigint as size_bytes, null::text as content_hash, null::timestamptz as updated_at
    from dirs
    union all
    select f.path, f.name, f.depth::integer, false, f.id, f.size_bytes, f.content_hash, f.updated_at
    from f
  )
  select n.path, n.name,
         case when n.depth > 1 then pg_catalog.left(n.path, -(pg_catalog.length(n.name) + 1)) end,
         n.depth, n.is_dir, n.file_id, n.size_bytes, n.content_hash, n.updated_at
  from nodes n
  order by pg_catalog.replace(n.path, '/', pg_catalog.chr(1)) collate "C", n.is_dir desc;
end
$$;
comment on function public.get_file_tree(uuid) is 'Files and implicit directories of a workspace, depth-first, parents before children; RLS applies. Planned per call (force_custom_plan).';
revoke execute on function public.get_file_tree(uuid) from public, anon;
grant execute on function public.get_file_tree(uuid) to authenticated, service_role;
