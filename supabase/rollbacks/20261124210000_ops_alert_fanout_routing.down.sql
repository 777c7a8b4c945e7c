-- Rollback of 20261124210000_ops_alert_fanout_routing: receivers, routes, silences and
-- inhibition rules are dropped with their rows.
set lock_timeout = '5s';
set statement_timeout = '60s';
drop function if exists ops.alert_silenced(jsonb);
drop function if exists ops.alert_routes_for(jsonb);
drop function if exists ops.alert_route_walk(bigint, jsonb);
drop view if exists ops.alert_routes_effective;
drop table if exists ops.alert_inhibit_rules;
drop table if exists ops.alert_silences;
drop table if exists ops.alert_routes;
drop table if exists ops.alert_receivers;
drop function if exists ops.alert_matches(jsonb, jsonb);
drop function if exists ops.alert_matchers_valid(jsonb);
