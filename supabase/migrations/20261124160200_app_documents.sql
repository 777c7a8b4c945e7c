-- public.documents: user documents that the AI pipeline enhances (seed 000). content_hash is the
-- {contentHash} part of the Redis document cache key (cache:doc:{contentHash}:{prefHash});
-- perceptual_hash backs the phash index; status drives the enhancement queue.
set lock_timeout = '5s';
set local statement_timeout = '60s';

create table public.documents (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null default auth.uid() references public.user_profiles (id) on delete cascade,
  title text not null default '' check (char_length(title) <= 500),
  content text not null default '',
  mime_type text not null default 'text/plain' check (char_length(mime_type) <= 255),
  -- sha256 hex of content (UTF-8), always overwritten by a trigger, so clients cannot forge it.
  -- The default only keeps the column optional for API inserts.
  content_hash text not null default '',
  perceptual_hash bigint,
  status text not null default 'draft'
    check (status in ('draft', 'pending_enhancement', 'enhancing', 'enhanced', 'failed', 'archived')),
  enhanced_content text,
  enhanced_at timestamptz,
  metadata jsonb not null default '{}'::jsonb check (jsonb_typeof(metadata) = 'object'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table public.documents is 'User documents. Owners manage their own rows; the enhancement pipeline (service_role) works the status queue.';
comment on column public.documents.content_hash is 'sha256(content) in hex, set by trigger: the contentHash of the Redis cache key cache:doc:{contentHash}:{prefHash}.';

-- Seed 000 §6. The first also covers the user_id foreign key.
create index idx_documents_user_status_created on public.documents (user_id, status, created_at desc);
create index idx_documents_pending_enhancement on public.documents (created_at) where status = 'pending_enhancement';
-- Cache warm-up and invalidation look documents up by content hash.
create index idx_documents_content_hash on public.documents (content_hash);

-- A generated column cannot do this: text -> bytea (convert_to) is only STABLE.
-- Shared by every table with `content` and `content_hash` columns (documents, files).
create or replace function ops.set_content_hash()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.content_hash := pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to(new.content, 'UTF8')), 'hex');
  return new;
end
$$;
revoke execute on function ops.set_content_hash() from public, anon, authenticated;
grant execute on function ops.set_content_hash() to service_role;

create trigger documents_set_content_hash
  before insert or update of content, content_hash on public.documents
  for each row execute function ops.set_content_hash();
create trigger documents_set_updated_at
  before update on public.documents
  for each row execute function ops.set_updated_at();

alter table public.documents enable row level security;
revoke all on table public.documents from anon, authenticated;
grant select, insert, update, delete on table public.documents to authenticated;

create policy documents_select_own on public.documents
  for select to authenticated using (user_id = (select auth.uid()));
create policy documents_insert_own on public.documents
  for insert to authenticated with check (user_id = (select auth.uid()));
create policy documents_update_own on public.documents
  for update to authenticated using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));
create policy documents_delete_own on public.documents
  for delete to authenticated using (user_id = (select auth.uid()));
