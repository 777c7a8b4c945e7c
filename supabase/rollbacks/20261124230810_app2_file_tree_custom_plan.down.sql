-- Rollback of 20261124230810_app2_file_tree_custom_plan: get_file_tree as 20261124230100 defined it
-- (LANGUAGE sql, generic plan).
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
