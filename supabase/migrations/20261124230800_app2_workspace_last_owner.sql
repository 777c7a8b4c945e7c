-- Every workspace keeps at least one owner, and workspaces.owner_id always names one of them
-- (issue 10). Before this, the last owner could leave or be demoted, leaving a workspace that
-- nobody can manage; and because owner_id cascades from user_profiles, deleting the creator's
-- account deleted the whole workspace even when other owners remained.
--
-- * workspace_members: a DELETE, or an UPDATE of role / workspace_id / user_id, of an owner row
--   that leaves a still-existing workspace without an owner is refused (SQLSTATE 23514,
--   constraint workspace_members_last_owner, HINT "Promote another member to owner first, or
--   delete the workspace."). AFTER ROW triggers, so the check sees the whole statement: a
--   one-statement role swap passes. Deleting the workspace itself still cascades: its rows are
--   gone by the time the check runs. TRUNCATE of workspace_members is refused while any
--   workspace exists (TRUNCATE skips row triggers). The triggers run for every role: RLS and
--   grants do not apply to triggers, service_role and the table owner included.
-- * Concurrency: the check locks the workspace row (FOR NO KEY UPDATE; it does not conflict with
--   the FOR KEY SHARE that member inserts take) before it counts the owners, so two owners
--   demoting each other in concurrent transactions are serialised and the second one is
--   refused. In READ COMMITTED the count is a new statement, so it sees what the first
--   transaction committed while we waited. In REPEATABLE READ / SERIALIZABLE the snapshot is the
--   transaction's, so the remaining owner rows are also locked FOR SHARE: a concurrent change to
--   them then fails with 40001 (or 40P01), which those clients retry anyway.
-- * owner_id = the primary owner: when its owner row goes away, owner_id moves to the owner who
--   joined first; setting it by hand requires an owner of the workspace.
-- * Deleting a user (auth.users -> user_profiles -> workspace_members cascade): a BEFORE DELETE
--   trigger on user_profiles runs ahead of the cascades. Workspaces with another owner keep
--   going (owner_id moves). A workspace where the user is the only member at all is deleted
--   with them, as before: nobody else loses anything. A workspace where the user is the last
--   owner but others are members refuses the deletion (like GitHub refusing to delete the sole
--   owner of an organization): silently deleting the other members' files, or silently handing
--   them ownership, are both worse than asking the caller to decide first.
set lock_timeout = '5s';
set statement_timeout = '60s';

-- ---- repair existing data so both invariants hold from here on -------------------------------
-- A workspace left without owners gets its owner_id back as an owner (the state the creation
-- trigger established); then owner_id is moved to an owner wherever it names a non-owner.
insert into public.workspace_members (workspace_id, user_id, role)
select w.id, w.owner_id, 'owner'
from public.workspaces w
where not exists (select from public.workspace_members m where m.workspace_id = w.id and m.role = 'owner')
on conflict (workspace_id, user_id) do update set role = 'owner';

update public.workspaces w
set owner_id = (select m.user_id from public.workspace_members m
                where m.workspace_id = w.id and m.role = 'owner'
                order by m.created_at, m.user_id limit 1)
where not exists (select from public.workspace_members m
                  where m.workspace_id = w.id and m.user_id = w.owner_id and m.role = 'owner');

-- ---- the check -----------------------------------------------------------------------------------
-- Locks workspace ws, then tells whether it has an owner other than `excluding` (null: any
-- owner). Null when the workspace no longer exists (it is being deleted, here or concurrently).
create function ops.workspace_has_other_owner(ws uuid, excluding uuid default null)
returns boolean
language plpgsql security definer set search_path = '' as $$
begin
  perform from public.workspaces w where w.id = ws for no key update;
  if not found then
    return null;
  end if;
  if pg_catalog.current_setting('transaction_isolation') = 'read committed' then
    -- A new statement, so a new snapshot, taken after the lock above was granted.
    perform from public.workspace_members m
    where m.workspace_id = ws and m.role = 'owner' and m.user_id is distinct from excluding
    limit 1;
  else
    -- The transaction snapshot may predate a concurrent change: locking the rows turns such a
    -- change into a serialization failure instead of a stale answer.
    perform from public.workspace_members m
    where m.workspace_id = ws and m.role = 'owner' and m.user_id is distinct from excluding
    for share;
  end if;
  return found;
end
$$;
comment on function ops.workspace_has_other_owner(uuid, uuid) is
  'Locks workspace ws (FOR NO KEY UPDATE) and returns whether an owner other than `excluding` remains; null if the workspace is gone.';
revoke execute on function ops.workspace_has_other_owner(uuid, uuid) from public, anon, authenticated;
grant execute on function ops.workspace_has_other_owner(uuid, uuid) to service_role;

-- Points owner_id at the earliest-joined owner when it no longer names an owner of ws.
create function ops.workspace_fix_owner_id(ws uuid)
returns void
language sql security definer set search_path = '' as $$
  update public.workspaces w
  set owner_id = (select m.user_id from public.workspace_members m
                  where m.workspace_id = w.id and m.role = 'owner'
                  order by m.created_at, m.user_id limit 1)
  where w.id = ws
    and not exists (select from public.workspace_members m
                    where m.workspace_id = w.id and m.user_id = w.owner_id and m.role = 'owner')
    and exists (select from public.workspace_members m where m.workspace_id = w.id and m.role = 'owner');
$$;
comment on function ops.workspace_fix_owner_id(uuid) is
  'Moves workspaces.owner_id to the earliest-joined owner when it no longer names an owner.';
revoke execute on function ops.workspace_fix_owner_id(uuid) from public, anon, authenticated;
grant execute on function ops.workspace_fix_owner_id(uuid) to service_role;

-- AFTER DELETE / UPDATE of an owner row (see the WHEN clauses below).
create function ops.workspace_members_keep_owner()
returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  has_owner boolean;
begin
  has_owner := ops.workspace_has_other_owner(old.workspace_id);
  if has_owner is null then
    return null;
  end if;
  if not has_owner then
    raise exception 'cannot remove or demote the last owner of a workspace'
      using errcode = 'check_violation', constraint = 'workspace_members_last_owner',
            schema = 'public', table = 'workspace_members',
            detail = pg_catalog.format('Workspace %s would be left without an owner.', old.workspace_id),
            hint = 'Promote another member to owner first, or delete the workspace.';
  end if;
  perform ops.workspace_fix_owner_id(old.workspace_id);
  return null;
end
$$;
comment on function ops.workspace_members_keep_owner() is
  'Trigger: refuses to leave an existing workspace without an owner (23514, workspace_members_last_owner); moves owner_id along.';
revoke execute on function ops.workspace_members_keep_owner() from public, anon, authenticated;
grant execute on function ops.workspace_members_keep_owner() to service_role;

create trigger workspace_members_keep_owner_on_delete
  after delete on public.workspace_members
  for each row when (old.role = 'owner')
  execute function ops.workspace_members_keep_owner();
create trigger workspace_members_keep_owner_on_update
  after update of role, workspace_id, user_id on public.workspace_members
  for each row when (old.role = 'owner'
                     and (new.role <> 'owner' or new.workspace_id <> old.workspace_id or new.user_id <> old.user_id))
  execute function ops.workspace_members_keep_owner();

-- TRUNCATE skips row triggers. After it, every remaining workspace has no owner, so it is only
-- allowed together with workspaces (TRUNCATE … CASCADE).
create function ops.workspace_members_refuse_truncate()
returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if exists (select from public.workspaces) then
    raise exception 'cannot remove or demote the last owner of a workspace'
      using errcode = 'check_violation', constraint = 'workspace_members_last_owner',
            schema = 'public', table = 'workspace_members',
            detail = 'TRUNCATE of workspace_members would leave every workspace without an owner.',
            hint = 'Promote another member to owner first, or delete the workspace.';
  end if;
  return null;
end
$$;
revoke execute on function ops.workspace_members_refuse_truncate() from public, anon, authenticated;
grant execute on function ops.workspace_members_refuse_truncate() to service_role;

create trigger workspace_members_keep_owner_on_truncate
  after truncate on public.workspace_members
  for each statement execute function ops.workspace_members_refuse_truncate();

-- ---- owner_id names an owner ------------------------------------------------------------------------
create function ops.workspaces_check_owner_id()
returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if not exists (select from public.workspace_members m
                 where m.workspace_id = new.id and m.user_id = new.owner_id and m.role = 'owner') then
    raise exception 'workspaces.owner_id must name an owner of the workspace'
      using errcode = 'check_violation', constraint = 'workspaces_owner_id_is_owner',
            schema = 'public', table = 'workspaces', column = 'owner_id',
            detail = pg_catalog.format('User %s is not an owner of workspace %s.', new.owner_id, new.id),
            hint = 'Promote the user to owner in workspace_members first.';
  end if;
  return new;
end
$$;
revoke execute on function ops.workspaces_check_owner_id() from public, anon, authenticated;
grant execute on function ops.workspaces_check_owner_id() to service_role;

create trigger workspaces_check_owner_id
  before update of owner_id on public.workspaces
  for each row when (new.owner_id is distinct from old.owner_id)
  execute function ops.workspaces_check_owner_id();

-- ---- deleting a user ---------------------------------------------------------------------------------
-- Runs before the row's foreign-key cascades (workspaces.owner_id, workspace_members.user_id).
create function ops.user_profiles_release_workspaces()
returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  ws uuid;
  has_owner boolean;
  others bigint;
begin
  for ws in
    select m.workspace_id from public.workspace_members m where m.user_id = old.id and m.role = 'owner'
    union
    select w.id from public.workspaces w where w.owner_id = old.id
    order by 1
  loop
    has_owner := ops.workspace_has_other_owner(ws, old.id);
    continue when has_owner is null;
    if has_owner then
      -- Before the cascades: otherwise owner_id's cascade would delete the workspace.
      update public.workspaces w
      set owner_id = (select m.user_id from public.workspace_members m
                      where m.workspace_id = w.id and m.role = 'owner' and m.user_id <> old.id
                      order by m.created_at, m.user_id limit 1)
      where w.id = ws and w.owner_id = old.id;
      continue;
    end if;
    select count(*) into others from public.workspace_members m where m.workspace_id = ws and m.user_id <> old.id;
    if others > 0 then
      raise exception 'cannot delete the last owner of a workspace that has other members'
        using errcode = 'check_violation', constraint = 'workspace_members_last_owner',
              schema = 'public', table = 'workspace_members',
              detail = pg_catalog.format('User %s is the last owner of workspace %s, which has %s other member(s).', old.id, ws, others),
              hint = 'Promote another member to owner first, or delete the workspace.';
    end if;
    -- The user is the only member: the workspace goes with them.
    delete from public.workspaces w where w.id = ws;
  end loop;
  return old;
end
$$;
comment on function ops.user_profiles_release_workspaces() is
  'Trigger: before a user is deleted, moves owner_id off them, deletes workspaces they alone belong to, and refuses if they are the last owner of a shared workspace.';
revoke execute on function ops.user_profiles_release_workspaces() from public, anon, authenticated;
grant execute on function ops.user_profiles_release_workspaces() to service_role;

create trigger user_profiles_release_workspaces
  before delete on public.user_profiles
  for each row execute function ops.user_profiles_release_workspaces();
