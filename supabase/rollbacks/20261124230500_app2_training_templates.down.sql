-- Rollback of 20261124230500_app2_training_templates. Drops templates, scenarios and edge cases
-- with their data. Their audit rows stay in public.audit_logs (history outlives the rows).
-- Squawk: a rollback exists to drop what its migration created.
-- squawk-ignore-file ban-drop-table
set lock_timeout = '5s';
set statement_timeout = '60s';
drop table if exists public.edge_cases;
drop table if exists public.scenarios;
drop table if exists public.conversation_templates;
