-- Training pipeline, part 1 (seed 002, issue 10): the authored inputs of conversation
-- generation, filed under a workspace. A template is a prompt with {{variables}}; a scenario fills
-- a template's variables with a concrete situation; an edge case is a hard variant of a scenario.
-- Members read; workspace owners write; API roles write only the authored columns (column
-- grants), never ids, counters or who/when columns.
--
-- Seed 002 defects fixed here: the seed's tables exist only as names ("Part 1") with
-- uuid_generate_v4 (needs an extension; gen_random_uuid is built in), foreign keys to
-- user_profiles without covering indexes, and no tenant column: every row now belongs to a
-- workspace and RLS scopes it. Links between workspace rows are composite foreign keys
-- (id, workspace_id), so a scenario cannot point at another workspace's template.
set lock_timeout = '5s';
set statement_timeout = '60s';

create table public.conversation_templates (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  name text not null check (char_length(name) between 1 and 200),
  description text check (char_length(description) <= 2000),
  tier text not null default 'template' check (tier in ('template', 'scenario', 'edge_case')),
  category text check (char_length(category) between 1 and 100),
  -- The prompt, with {{name}} placeholders for the variables.
  template_text text not null check (char_length(template_text) between 1 and 100000),
  -- Fingerprint of the prompt: the audit trail leaves the (large) text out and records this.
  template_md5 text not null generated always as (pg_catalog.md5(template_text)) stored,
  -- [{"name": "customer_name", "type": "text", "required": true, "default": …}, …]
  variables jsonb not null default '[]'::jsonb check (
    jsonb_typeof(variables) = 'array'
    and not jsonb_path_exists(variables, 'lax $[*] ? (!(@.name.type() == "string"))')),
  is_active boolean not null default true,
  version bigint not null default 1 check (version between 1 and 1000000),
  -- Conversations created from this template; maintained by a trigger on conversations.
  usage_count bigint not null default 0 check (usage_count >= 0),
  -- Reviewers' rating of the template, 0 to 5.
  rating numeric(3, 2) check (rating between 0 and 5),
  created_by uuid default auth.uid() references public.user_profiles (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint conversation_templates_workspace_name_version_key unique (workspace_id, name, version),
  -- Target of composite foreign keys: a link can never cross workspaces.
  constraint conversation_templates_id_workspace_id_key unique (id, workspace_id)
);
comment on table public.conversation_templates is 'Prompt templates (seed 002 training pipeline). Members read; workspace owners write. usage_count is maintained by a trigger on conversations.';
comment on column public.conversation_templates.variables is 'Array of variable definitions, each an object with a string "name".';
-- The (workspace_id, name, version) key serves the workspace foreign key and the template list.
create index idx_conversation_templates_created_by on public.conversation_templates (created_by);

create table public.scenarios (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  -- Deleting a template keeps its scenarios (they stand alone from then on).
  template_id uuid,
  name text not null check (char_length(name) between 1 and 200),
  description text check (char_length(description) <= 2000),
  -- The situation the generator is given.
  context text not null default '' check (char_length(context) <= 20000),
  -- Values for the template's variables.
  parameters jsonb not null default '{}'::jsonb check (jsonb_typeof(parameters) = 'object'),
  persona text check (char_length(persona) <= 500),
  emotion text check (char_length(emotion) <= 100),
  tags text[] not null default '{}' check (cardinality(tags) <= 50),
  is_active boolean not null default true,
  created_by uuid default auth.uid() references public.user_profiles (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint scenarios_id_workspace_id_key unique (id, workspace_id),
  constraint scenarios_template_fkey foreign key (template_id, workspace_id)
    references public.conversation_templates (id, workspace_id) on delete set null (template_id)
);
comment on table public.scenarios is 'Scenarios: a template''s variables filled with a concrete situation (seed 002). Members read; workspace owners write.';
create index idx_scenarios_workspace_created on public.scenarios (workspace_id, created_at desc);
create index idx_scenarios_template on public.scenarios (template_id, workspace_id);
create index idx_scenarios_created_by on public.scenarios (created_by);

create table public.edge_cases (
  id uuid primary key default gen_random_uuid(),
  -- No separate workspaces foreign key: the scenario key (scenario_id, workspace_id) implies it
  -- and cascades a workspace's deletion.
  workspace_id uuid not null,
  scenario_id uuid not null,
  title text not null check (char_length(title) between 1 and 200),
  description text not null check (char_length(description) between 1 and 10000),
  edge_case_type text not null check (edge_case_type in (
    'ambiguous_request', 'conflicting_information', 'emotional_escalation', 'out_of_scope', 'adversarial',
    'missing_context', 'multiple_intents', 'policy_boundary', 'technical_failure', 'other')),
  expected_behavior text not null check (char_length(expected_behavior) between 1 and 10000),
  severity text not null default 'medium' check (severity in ('low', 'medium', 'high', 'critical')),
  difficulty bigint not null default 5 check (difficulty between 1 and 10),
  is_active boolean not null default true,
  created_by uuid default auth.uid() references public.user_profiles (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint edge_cases_id_workspace_id_key unique (id, workspace_id),
  constraint edge_cases_scenario_fkey foreign key (scenario_id, workspace_id)
    references public.scenarios (id, workspace_id) on delete cascade
);
comment on table public.edge_cases is 'Edge cases: hard variants of a scenario and the behaviour expected (seed 002). Members read; workspace owners write. Deleted with their scenario.';
create index idx_edge_cases_scenario on public.edge_cases (scenario_id, workspace_id);
create index idx_edge_cases_workspace_type on public.edge_cases (workspace_id, edge_case_type, severity);
create index idx_edge_cases_created_by on public.edge_cases (created_by);

-- updated_at means "the template's content changed": a usage_count bump leaves it alone. API
-- roles cannot write usage_count, so only the usage trigger (or service_role) changes it.
create trigger conversation_templates_set_updated_at
  before update on public.conversation_templates
  for each row
  when (new.usage_count is not distinct from old.usage_count)
  execute function ops.set_updated_at();
create trigger scenarios_set_updated_at
  before update on public.scenarios
  for each row execute function ops.set_updated_at();
create trigger edge_cases_set_updated_at
  before update on public.edge_cases
  for each row execute function ops.set_updated_at();

-- Audit (ops.audit_row, 20261124230200): large text columns stay out of the trail
-- (template_md5 records a prompt change); usage_count bumps are not changes worth a row.
create trigger conversation_templates_audit
  after insert or delete on public.conversation_templates
  for each row execute function ops.audit_row('workspace_id', 'id', 'template_text');
create trigger conversation_templates_audit_update
  after update on public.conversation_templates
  for each row
  when ((pg_catalog.to_jsonb(old) operator(pg_catalog.-) '{usage_count,updated_at}'::text[])
        is distinct from (pg_catalog.to_jsonb(new) operator(pg_catalog.-) '{usage_count,updated_at}'::text[]))
  execute function ops.audit_row('workspace_id', 'id', 'template_text');
create trigger scenarios_audit
  after insert or update or delete on public.scenarios
  for each row execute function ops.audit_row('workspace_id', 'id', 'context');
create trigger edge_cases_audit
  after insert or update or delete on public.edge_cases
  for each row execute function ops.audit_row('workspace_id', 'id');

alter table public.conversation_templates enable row level security;
alter table public.scenarios enable row level security;
alter table public.edge_cases enable row level security;
revoke all on table public.conversation_templates, public.scenarios, public.edge_cases from anon, authenticated;
grant select, delete on table public.conversation_templates, public.scenarios, public.edge_cases to authenticated;
grant insert (workspace_id, name, description, tier, category, template_text, variables, is_active, version, rating)
  on table public.conversation_templates to authenticated;
grant update (name, description, tier, category, template_text, variables, is_active, version, rating)
  on table public.conversation_templates to authenticated;
grant insert (workspace_id, template_id, name, description, context, parameters, persona, emotion, tags, is_active)
  on table public.scenarios to authenticated;
grant update (template_id, name, description, context, parameters, persona, emotion, tags, is_active)
  on table public.scenarios to authenticated;
grant insert (workspace_id, scenario_id, title, description, edge_case_type, expected_behavior, severity, difficulty, is_active)
  on table public.edge_cases to authenticated;
grant update (scenario_id, title, description, edge_case_type, expected_behavior, severity, difficulty, is_active)
  on table public.edge_cases to authenticated;

create policy conversation_templates_select_member on public.conversation_templates
  for select to authenticated using (workspace_id in (
    select m.workspace_id from public.workspace_members m where m.user_id = (select auth.uid())));
create policy conversation_templates_insert_owner on public.conversation_templates
  for insert to authenticated with check (public.is_workspace_owner(workspace_id));
create policy conversation_templates_update_owner on public.conversation_templates
  for update to authenticated using (public.is_workspace_owner(workspace_id)) with check (public.is_workspace_owner(workspace_id));
create policy conversation_templates_delete_owner on public.conversation_templates
  for delete to authenticated using (public.is_workspace_owner(workspace_id));

create policy scenarios_select_member on public.scenarios
  for select to authenticated using (workspace_id in (
    select m.workspace_id from public.workspace_members m where m.user_id = (select auth.uid())));
create policy scenarios_insert_owner on public.scenarios
  for insert to authenticated with check (public.is_workspace_owner(workspace_id));
create policy scenarios_update_owner on public.scenarios
  for update to authenticated using (public.is_workspace_owner(workspace_id)) with check (public.is_workspace_owner(workspace_id));
create policy scenarios_delete_owner on public.scenarios
  for delete to authenticated using (public.is_workspace_owner(workspace_id));

create policy edge_cases_select_member on public.edge_cases
  for select to authenticated using (workspace_id in (
    select m.workspace_id from public.workspace_members m where m.user_id = (select auth.uid())));
create policy edge_cases_insert_owner on public.edge_cases
  for insert to authenticated with check (public.is_workspace_owner(workspace_id));
create policy edge_cases_update_owner on public.edge_cases
  for update to authenticated using (public.is_workspace_owner(workspace_id)) with check (public.is_workspace_owner(workspace_id));
create policy edge_cases_delete_owner on public.edge_cases
  for delete to authenticated using (public.is_workspace_owner(workspace_id));
