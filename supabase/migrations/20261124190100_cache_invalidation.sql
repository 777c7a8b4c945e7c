-- Cache invalidation rules (seed 000 §4, without its defects): ops.register_cache_invalidation
-- attaches one generic trigger function to any table. On each matching row change it renders
-- the rule's key, pattern and tag templates from the row, adds the exact keys that
-- public.cache_metadata maps to the row, and enqueues ONE outbox event (topic cache.invalidate)
-- in the same transaction. functions/cache-invalidate deletes the keys in Redis.
--
-- Templates: ${old.col}, ${new.col} and ${col} (new for INSERT/UPDATE, old for DELETE); braces
-- without a $ stay literal, because {…} is the Redis Cluster hash tag. Values substituted into
-- patterns are glob-escaped, so row data can never widen a pattern.
set lock_timeout = '5s';
set statement_timeout = '60s';

create table ops.cache_invalidation_rules (
  id bigint generated always as identity primary key,
  -- Derived from the rule's content, not the identity: trigger names and arguments use it, so a
  -- migration that registers rules re-applies to the identical schema after its rollback.
  rule_key text not null unique,
  table_name regclass not null,
  key_templates text[] not null default '{}',
  pattern_templates text[] not null default '{}',
  tag_templates text[] not null default '{}',
  -- UPDATE fires only when one of these changes; null = any column.
  columns text[],
  operations text[] not null check (operations <@ array['INSERT', 'UPDATE', 'DELETE'] and cardinality(operations) > 0),
  -- Also invalidate every cache_metadata.cache_key whose <metadata_column> = the row's id.
  metadata_column text check (metadata_column in ('document_id', 'user_id')),
  -- squawk-ignore prefer-bigint-over-int
  max_attempts integer not null default 20 check (max_attempts > 0),
  created_at timestamptz not null default now()
);
comment on table ops.cache_invalidation_rules is 'Cache invalidation rules; each has triggers cache_invalidate_<rule_key>_{ins,upd,del} on its table. Manage with ops.register_cache_invalidation / ops.unregister_cache_invalidation.';
create index cache_invalidation_rules_table_idx on ops.cache_invalidation_rules (table_name);

alter table ops.cache_invalidation_rules enable row level security;
revoke all on ops.cache_invalidation_rules from public, anon, authenticated;
grant select on ops.cache_invalidation_rules to service_role;

-- Placeholders of a template: (source, column), source in ('old', 'new', 'row'). Raises on a
-- malformed one, so a typo fails at registration rather than producing a wrong key.
create function ops.cache_template_placeholders(p_template text)
returns table (source text, column_name text)
language plpgsql immutable set search_path = '' as $$
declare
  rest text := p_template;
  i integer;
  j integer;
  m text[];
begin
  loop
    i := strpos(rest, '${');
    exit when i = 0;
    j := strpos(substr(rest, i), '}');
    if j = 0 then
      raise exception 'cache template %: unterminated ${', p_template using errcode = 'invalid_parameter_value';
    end if;
    m := regexp_match(substr(rest, i + 2, j - 3), '^(?:(old|new)\.)?([a-z_][a-z0-9_]*)$');
    if m is null then
      raise exception 'cache template %: bad placeholder ${%}', p_template, substr(rest, i + 2, j - 3)
        using errcode = 'invalid_parameter_value';
    end if;
    source := coalesce(m[1], 'row');
    column_name := m[2];
    return next;
    rest := substr(rest, i + j);
  end loop;
end
$$;

-- Render a template from the old/new row images. NULL when a placeholder's value is NULL (no
-- key can be built). p_glob_escape escapes * ? [ ] \ in substituted values (for SCAN patterns).
create function ops.cache_render_template(p_template text, p_old jsonb, p_new jsonb, p_glob_escape boolean)
returns text
language plpgsql immutable set search_path = '' as $$
declare
  rest text := p_template;
  result text := '';
  i integer;
  j integer;
  m text[];
  val text;
begin
  loop
    i := strpos(rest, '${');
    exit when i = 0;
    j := strpos(substr(rest, i), '}');
    m := regexp_match(substr(rest, i + 2, j - 3), '^(?:(old|new)\.)?([a-z_][a-z0-9_]*)$');
    if j = 0 or m is null then
      raise exception 'cache template %: malformed placeholder', p_template using errcode = 'invalid_parameter_value';
    end if;
    val := case m[1] when 'old' then p_old when 'new' then p_new else coalesce(p_new, p_old) end ->> m[2];
    if val is null then
      return null;
    end if;
    if p_glob_escape then
      val := regexp_replace(val, '([*?\[\]\\])', '\\\1', 'g');
    end if;
    result := result || left(rest, i - 1) || val;
    rest := substr(rest, i + j);
  end loop;
  return result || rest;
end
$$;

-- Segments of a key, split on ':' outside a {hash tag} (the tag may itself contain ':').
create function ops.cache_key_segments(p_key text)
returns text[]
language plpgsql immutable set search_path = '' as $$
declare
  segs text[] := array[]::text[];
  cur text := '';
  in_tag boolean := false;
  c text;
begin
  foreach c in array regexp_split_to_array(p_key, '') loop
    if c = ':' and not in_tag then
      segs := segs || cur;
      cur := '';
    else
      if c = '{' then in_tag := true; elsif c = '}' then in_tag := false; end if;
      cur := cur || c;
    end if;
  end loop;
  return segs || cur;
end
$$;

-- A pattern is safe when its first two segments (namespace and tenant tag or type) are
-- non-empty and contain no unescaped glob character: it can never match across namespaces or
-- tenants (`*`, `cache:*` are refused). functions/cache-invalidate applies the same rule.
create function ops.cache_pattern_is_safe(p_pattern text)
returns boolean
language sql immutable set search_path = '' as $$
  select cardinality(s) >= 3
    and s[1] <> '' and s[2] <> ''
    and regexp_replace(s[1], '\\.', '', 'g') !~ '[*?\[]'
    and regexp_replace(s[2], '\\.', '', 'g') !~ '[*?\[]'
  from (select ops.cache_key_segments(p_pattern) as s) x
$$;

-- The one trigger function behind every rule (rule_key in TG_ARGV[0]). SECURITY DEFINER: it runs
-- for API users' writes, who may neither enqueue nor delete others' cache_metadata rows.
create function ops.cache_invalidation_trigger()
returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  r ops.cache_invalidation_rules;
  o jsonb;
  n jsonb;
  row_id text;
  keys text[];
  patterns text[];
  tags text[];
  tracked text[];
  qualified text := format('%s.%s', tg_table_schema, tg_table_name);
begin
  select * into r from ops.cache_invalidation_rules where rule_key = tg_argv[0];
  if found then
    if tg_op <> 'INSERT' then o := to_jsonb(old); end if;
    if tg_op <> 'DELETE' then n := to_jsonb(new); end if;
    -- Keys were tracked under the id the row had before this change.
    row_id := coalesce(o, n) ->> 'id';
    select coalesce(array_agg(distinct v), '{}') into keys
      from unnest(r.key_templates) t, ops.cache_render_template(t, o, n, false) v where v is not null;
    select coalesce(array_agg(distinct v), '{}') into patterns
      from unnest(r.pattern_templates) t, ops.cache_render_template(t, o, n, true) v where v is not null;
    select coalesce(array_agg(distinct v), '{}') into tags
      from unnest(r.tag_templates) t, ops.cache_render_template(t, o, n, false) v where v is not null;
    if r.metadata_column is not null and row_id is not null then
      -- The keys are about to be invalidated, so their metadata goes now, atomically with the
      -- event that carries them.
      execute format(
        'with gone as (delete from public.cache_metadata where %I = $1 returning cache_key)
         select coalesce(array_agg(cache_key), ''{}'') from gone', r.metadata_column)
        into tracked using row_id::uuid;
      keys := array(select distinct k from unnest(keys || tracked) k);
    end if;
    if cardinality(keys) + cardinality(patterns) + cardinality(tags) > 0 then
      perform ops.outbox_enqueue(
        'cache.invalidate',
        jsonb_build_object('keys', to_jsonb(keys), 'patterns', to_jsonb(patterns), 'tags', to_jsonb(tags),
          'schema', tg_table_schema, 'table', tg_table_name, 'op', tg_op, 'id', row_id, 'rule', r.id),
        p_aggregate_type => qualified,
        p_aggregate_id => row_id,
        p_ordering_key => case when row_id is not null then qualified || ':' || row_id end,
        p_max_attempts => r.max_attempts);
    end if;
  end if;
  return case when tg_op = 'DELETE' then old else new end;
end
$$;

-- Validate templates against the table's real columns; raises with the reason.
create function ops.cache_check_templates(
  p_table regclass, p_kind text, p_templates text[], p_operations text[]
) returns void
language plpgsql stable set search_path = '' as $$
declare
  t text;
  p record;
  n integer;
begin
  foreach t in array coalesce(p_templates, '{}') loop
    if t is null or t = '' then
      raise exception 'cache %: empty template', p_kind using errcode = 'invalid_parameter_value';
    end if;
    n := 0;
    for p in select * from ops.cache_template_placeholders(t) loop
      n := n + 1;
      if not exists (select from pg_catalog.pg_attribute a where a.attrelid = p_table
                     and a.attname = p.column_name and a.attnum > 0 and not a.attisdropped) then
        raise exception 'cache % %: % has no column %', p_kind, t, p_table, p.column_name
          using errcode = 'undefined_column';
      end if;
      if p.source = 'old' and 'INSERT' = any(p_operations) then
        raise exception 'cache % %: ${old.%} has no value on INSERT', p_kind, t, p.column_name
          using errcode = 'invalid_parameter_value';
      end if;
      if p.source = 'new' and 'DELETE' = any(p_operations) then
        raise exception 'cache % %: ${new.%} has no value on DELETE', p_kind, t, p.column_name
          using errcode = 'invalid_parameter_value';
      end if;
    end loop;
    -- A literal namespace: the first segment is plain text.
    if (ops.cache_key_segments(t))[1] !~ '^[A-Za-z0-9_.-]+$' then
      raise exception 'cache % %: must start with a literal namespace', p_kind, t using errcode = 'invalid_parameter_value';
    end if;
    if p_kind = 'pattern' then
      if n = 0 then
        raise exception 'cache pattern %: needs a ${column} placeholder, or it would invalidate the same keys for every row', t
          using errcode = 'invalid_parameter_value';
      end if;
      -- Placeholder values are glob-escaped at render time, so they count as literal here.
      if not ops.cache_pattern_is_safe(regexp_replace(t, '\$\{[^}]*\}', 'x', 'g')) then
        raise exception 'cache pattern %: its first two segments must be literal (e.g. ns:{t:${id}}:*)', t
          using errcode = 'invalid_parameter_value';
      end if;
    end if;
    if p_kind = 'tag' and t !~ '^tag:' then
      raise exception 'cache tag %: tag set keys live in the tag: namespace', t using errcode = 'invalid_parameter_value';
    end if;
  end loop;
end
$$;

-- Runs with the caller's rights: creating triggers needs the table's owner (a migration) or
-- the TRIGGER privilege. Returns the rule id.
create function ops.register_cache_invalidation(
  p_table regclass,
  p_keys text[],
  p_patterns text[],
  p_tags text[],
  p_columns text[] default null,
  p_operations text[] default '{UPDATE,DELETE}',
  p_metadata_column text default null
) returns bigint
language plpgsql volatile set search_path = '' as $$
declare
  ops_ text[] := array(select distinct upper(x) from unnest(p_operations) x);
  rule_id bigint;
  v_rule_key text;
  c text;
  cond text;
begin
  if (select relkind from pg_catalog.pg_class where oid = p_table) not in ('r', 'p') then
    raise exception 'register_cache_invalidation: % is not a table', p_table using errcode = 'wrong_object_type';
  end if;
  if cardinality(ops_) = 0 or not ops_ <@ array['INSERT', 'UPDATE', 'DELETE'] then
    raise exception 'register_cache_invalidation: operations must be among INSERT, UPDATE, DELETE, got %', p_operations
      using errcode = 'invalid_parameter_value';
  end if;
  if coalesce(cardinality(p_keys), 0) + coalesce(cardinality(p_patterns), 0) + coalesce(cardinality(p_tags), 0) = 0
     and p_metadata_column is null then
    raise exception 'register_cache_invalidation: nothing to invalidate (no keys, patterns, tags or metadata column)'
      using errcode = 'invalid_parameter_value';
  end if;
  perform ops.cache_check_templates(p_table, 'key', p_keys, ops_);
  perform ops.cache_check_templates(p_table, 'pattern', p_patterns, ops_);
  perform ops.cache_check_templates(p_table, 'tag', p_tags, ops_);
  foreach c in array coalesce(p_columns, '{}') loop
    if not exists (select from pg_catalog.pg_attribute a where a.attrelid = p_table and a.attname = c
                   and a.attnum > 0 and not a.attisdropped) then
      raise exception 'register_cache_invalidation: % has no column %', p_table, c using errcode = 'undefined_column';
    end if;
  end loop;
  if p_metadata_column is not null and not exists (
      select from pg_catalog.pg_attribute a where a.attrelid = p_table and a.attname = 'id'
        and a.atttypid = 'uuid'::regtype and not a.attisdropped) then
    raise exception 'register_cache_invalidation: p_metadata_column needs a uuid id column on %', p_table
      using errcode = 'invalid_parameter_value';
  end if;

  v_rule_key := left(md5(concat_ws('|', p_table::text, coalesce(p_keys, '{}')::text, coalesce(p_patterns, '{}')::text,
    coalesce(p_tags, '{}')::text, p_columns::text, ops_::text, p_metadata_column)), 12);
  if exists (select from ops.cache_invalidation_rules x where x.rule_key = v_rule_key) then
    raise exception 'register_cache_invalidation: an identical rule is already registered on %', p_table
      using errcode = 'unique_violation';
  end if;
  insert into ops.cache_invalidation_rules
    (rule_key, table_name, key_templates, pattern_templates, tag_templates, columns, operations, metadata_column)
  values (v_rule_key, p_table, coalesce(p_keys, '{}'), coalesce(p_patterns, '{}'), coalesce(p_tags, '{}'),
          p_columns, ops_, p_metadata_column)
  returning id into rule_id;

  if 'INSERT' = any(ops_) then
    execute format('create trigger %I after insert on %s for each row execute function ops.cache_invalidation_trigger(%L)',
      format('cache_invalidate_%s_ins', v_rule_key), p_table, v_rule_key);
  end if;
  if 'UPDATE' = any(ops_) then
    -- Skip no-op updates (and, with p_columns, updates that leave those columns alone).
    cond := coalesce(
      (select string_agg(format('old.%1$I is distinct from new.%1$I', x), ' or ') from unnest(p_columns) x),
      'old.* is distinct from new.*');
    execute format('create trigger %I after update on %s for each row when (%s) execute function ops.cache_invalidation_trigger(%L)',
      format('cache_invalidate_%s_upd', v_rule_key), p_table, cond, v_rule_key);
  end if;
  if 'DELETE' = any(ops_) then
    -- BEFORE, not AFTER: an ON DELETE CASCADE from the table to cache_metadata fires in an
    -- AFTER trigger too and could remove the tracked keys before this rule reads them.
    execute format('create trigger %I before delete on %s for each row execute function ops.cache_invalidation_trigger(%L)',
      format('cache_invalidate_%s_del', v_rule_key), p_table, v_rule_key);
  end if;
  return rule_id;
end
$$;

-- Drop a rule and its triggers; false when there was no such rule.
create function ops.unregister_cache_invalidation(p_rule_id bigint)
returns boolean
language plpgsql volatile set search_path = '' as $$
declare
  r ops.cache_invalidation_rules;
  tg text;
begin
  delete from ops.cache_invalidation_rules where id = p_rule_id returning * into r;
  if not found then
    return false;
  end if;
  for tg in
    select t.tgname from pg_catalog.pg_trigger t
    where t.tgrelid = r.table_name and t.tgname in (
      format('cache_invalidate_%s_ins', r.rule_key), format('cache_invalidate_%s_upd', r.rule_key),
      format('cache_invalidate_%s_del', r.rule_key))
  loop
    execute format('drop trigger %I on %s', tg, r.table_name);
  end loop;
  return true;
end
$$;

revoke execute on function
  ops.cache_template_placeholders(text),
  ops.cache_render_template(text, jsonb, jsonb, boolean),
  ops.cache_key_segments(text),
  ops.cache_pattern_is_safe(text),
  ops.cache_invalidation_trigger(),
  ops.cache_check_templates(regclass, text, text[], text[]),
  ops.register_cache_invalidation(regclass, text[], text[], text[], text[], text[], text),
  ops.unregister_cache_invalidation(bigint)
from public, anon, authenticated;
grant execute on function
  ops.cache_template_placeholders(text),
  ops.cache_render_template(text, jsonb, jsonb, boolean),
  ops.cache_key_segments(text),
  ops.cache_pattern_is_safe(text),
  ops.cache_invalidation_trigger(),
  ops.cache_check_templates(regclass, text, text[], text[]),
  ops.register_cache_invalidation(regclass, text[], text[], text[], text[], text[], text),
  ops.unregister_cache_invalidation(bigint)
to service_role;
