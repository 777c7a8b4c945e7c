-- Rollback of 20261124200500_ops_maintenance_schedules: removes the ops: schedules it created.
set lock_timeout = '5s';
select ops.unschedule_job(n)
from unnest(array['ops:maintenance-dispatch', 'ops:weekly-maintenance', 'ops:partition-maintenance',
  'ops:cron-history-purge', 'ops:maintenance-history-purge', 'ops:jobs-check']) n;
