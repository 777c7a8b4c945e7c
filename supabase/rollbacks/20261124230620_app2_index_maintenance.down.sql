-- Rollback of 20261124230620_app2_index_maintenance. Actions it queued stay in
-- ops.maintenance_actions and run or finish as usual.
set lock_timeout = '5s';
set statement_timeout = '60s';
drop function if exists ops.maintain_indexes(regclass[], numeric, bigint, boolean);
