-- Rollback of 20261124150200_ops_coordination_breakers. Breaker states and their history go;
-- breaker.state_changed events already in ops.outbox stay there and are delivered as usual.
set lock_timeout = '5s';
drop function if exists ops.breaker_reset(text, text);
drop function if exists ops.breaker_disable(text, text);
drop function if exists ops.breaker_force_open(text, text);
drop function if exists ops._breaker_set_state(text, text, text);
drop function if exists ops.breaker_record(text, boolean, double precision);
drop function if exists ops.breaker_allow(text);
drop function if exists ops.breaker_configure(text, numeric, numeric, integer, text, integer, integer, interval, integer, interval);
drop function if exists ops._breaker_unknown(text);
drop function if exists ops._breaker_changed(text, text, text, text, integer, numeric, numeric);
drop table if exists ops.circuit_breaker_history;
drop view if exists public.circuit_breaker_status;
drop table if exists public.circuit_breaker_states;
