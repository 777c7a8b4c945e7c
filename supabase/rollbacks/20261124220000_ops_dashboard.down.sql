-- Exact inverse of 20261124220000_ops_dashboard.sql.
set lock_timeout = '5s';
set statement_timeout = '60s';

drop function ops.dashboard(text, interval);
drop function ops.dashboard_series(timestamptz[], numeric[]);
drop function ops.dashboard_advice();
