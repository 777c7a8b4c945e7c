
export type Json = string | number | boolean | null | { [key: string]: Json | undefined } | Json[]

export type Database = {
  
  "ops": {
          Tables: {
            "alert_delivery_attempts": {
                  Row: {
                    "attempted_at": string,"consumer": string,"duration_ms": number | null,"error": string | null,"generation": number,"id": number,"notification_id": number,"outcome": string,"retry_after": string | null,"status_code": number | null
                  }
                  ComputedFields: never
                  Insert: {
                    "attempted_at"?: string,"consumer": string,"duration_ms"?: number | null,"error"?: string | null,"generation": number,"id"?: never,"notification_id": number,"outcome": string,"retry_after"?: string | null,"status_code"?: number | null
                  }
                  Update: {
                    "attempted_at"?: string,"consumer"?: string,"duration_ms"?: number | null,"error"?: string | null,"generation"?: number,"id"?: never,"notification_id"?: number,"outcome"?: string,"retry_after"?: string | null,"status_code"?: number | null
                  }
                  Relationships: [
                    {
      foreignKeyName: "alert_delivery_attempts_notification_id_fkey"
      columns: ["notification_id"]
isOneToOne: false
      referencedRelation: "alert_notifications"
      referencedColumns: ["id"]
    }
                  ]
                },"alert_evaluations": {
                  Row: {
                    "checks": (string)[],"duration_ms": number | null,"errors": NonNullable<Json>,"evaluated_at": string,"id": number,"opened": number,"resolved": number,"updated": number
                  }
                  ComputedFields: never
                  Insert: {
                    "checks": (string)[],"duration_ms"?: number | null,"errors"?: NonNullable<Json>,"evaluated_at"?: string,"id"?: never,"opened"?: number,"resolved"?: number,"updated"?: number
                  }
                  Update: {
                    "checks"?: (string)[],"duration_ms"?: number | null,"errors"?: NonNullable<Json>,"evaluated_at"?: string,"id"?: never,"opened"?: number,"resolved"?: number,"updated"?: number
                  }
                  Relationships: [
                    
                  ]
                },"alert_group_alerts": {
                  Row: {
                    "fingerprint": string,"group_id": number,"notified": boolean,"status": string
                  }
                  ComputedFields: never
                  Insert: {
                    "fingerprint": string,"group_id": number,"notified"?: boolean,"status": string
                  }
                  Update: {
                    "fingerprint"?: string,"group_id"?: number,"notified"?: boolean,"status"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "alert_group_alerts_fingerprint_fkey"
      columns: ["fingerprint"]
isOneToOne: false
      referencedRelation: "alert_states"
      referencedColumns: ["fingerprint"]
    },{
      foreignKeyName: "alert_group_alerts_group_id_fkey"
      columns: ["group_id"]
isOneToOne: false
      referencedRelation: "alert_groups"
      referencedColumns: ["id"]
    }
                  ]
                },"alert_groups": {
                  Row: {
                    "dirty": boolean,"first_event_at": string,"group_key": string,"group_labels": NonNullable<Json>,"id": number,"last_flush_at": string | null,"last_hash": string | null,"last_notified_at": string | null,"next_flush_at": string | null,"receiver": string,"route_id": number
                  }
                  ComputedFields: never
                  Insert: {
                    "dirty"?: boolean,"first_event_at"?: string,"group_key": string,"group_labels": NonNullable<Json>,"id"?: never,"last_flush_at"?: string | null,"last_hash"?: string | null,"last_notified_at"?: string | null,"next_flush_at"?: string | null,"receiver": string,"route_id": number
                  }
                  Update: {
                    "dirty"?: boolean,"first_event_at"?: string,"group_key"?: string,"group_labels"?: NonNullable<Json>,"id"?: never,"last_flush_at"?: string | null,"last_hash"?: string | null,"last_notified_at"?: string | null,"next_flush_at"?: string | null,"receiver"?: string,"route_id"?: number
                  }
                  Relationships: [
                    {
      foreignKeyName: "alert_groups_receiver_fkey"
      columns: ["receiver"]
isOneToOne: false
      referencedRelation: "alert_receivers"
      referencedColumns: ["name"]
    },{
      foreignKeyName: "alert_groups_route_id_fkey"
      columns: ["route_id"]
isOneToOne: false
      referencedRelation: "alert_routes"
      referencedColumns: ["id"]
    }
                  ]
                },"alert_inhibit_rules": {
                  Row: {
                    "created_at": string,"equal": (string)[],"id": number,"source_matchers": NonNullable<Json>,"target_matchers": NonNullable<Json>
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"equal"?: (string)[],"id"?: never,"source_matchers": NonNullable<Json>,"target_matchers": NonNullable<Json>
                  }
                  Update: {
                    "created_at"?: string,"equal"?: (string)[],"id"?: never,"source_matchers"?: NonNullable<Json>,"target_matchers"?: NonNullable<Json>
                  }
                  Relationships: [
                    
                  ]
                },"alert_notifications": {
                  Row: {
                    "alert_set_hash": string,"attempts": number,"claimed_by": string | null,"created_at": string,"generation": number,"group_key": string,"id": number,"last_error": string | null,"lease_until": string | null,"next_attempt_at": string,"payload": NonNullable<Json>,"receiver": string,"sent_at": string | null,"state": string,"status": string
                  }
                  ComputedFields: never
                  Insert: {
                    "alert_set_hash": string,"attempts"?: number,"claimed_by"?: string | null,"created_at"?: string,"generation"?: number,"group_key": string,"id"?: never,"last_error"?: string | null,"lease_until"?: string | null,"next_attempt_at"?: string,"payload": NonNullable<Json>,"receiver": string,"sent_at"?: string | null,"state": string,"status"?: string
                  }
                  Update: {
                    "alert_set_hash"?: string,"attempts"?: number,"claimed_by"?: string | null,"created_at"?: string,"generation"?: number,"group_key"?: string,"id"?: never,"last_error"?: string | null,"lease_until"?: string | null,"next_attempt_at"?: string,"payload"?: NonNullable<Json>,"receiver"?: string,"sent_at"?: string | null,"state"?: string,"status"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "alert_notifications_receiver_fkey"
      columns: ["receiver"]
isOneToOne: false
      referencedRelation: "alert_receivers"
      referencedColumns: ["name"]
    }
                  ]
                },"alert_receivers": {
                  Row: {
                    "backoff_base": string,"backoff_max": string,"created_at": string,"key_secret": string | null,"kind": string,"max_attempts": number,"name": string,"rate_limit": number,"rate_period": string,"send_resolved": boolean,"settings": NonNullable<Json>,"url_secret": string | null
                  }
                  ComputedFields: never
                  Insert: {
                    "backoff_base"?: string,"backoff_max"?: string,"created_at"?: string,"key_secret"?: string | null,"kind": string,"max_attempts"?: number,"name": string,"rate_limit"?: number,"rate_period"?: string,"send_resolved"?: boolean,"settings"?: NonNullable<Json>,"url_secret"?: string | null
                  }
                  Update: {
                    "backoff_base"?: string,"backoff_max"?: string,"created_at"?: string,"key_secret"?: string | null,"kind"?: string,"max_attempts"?: number,"name"?: string,"rate_limit"?: number,"rate_period"?: string,"send_resolved"?: boolean,"settings"?: NonNullable<Json>,"url_secret"?: string | null
                  }
                  Relationships: [
                    
                  ]
                },"alert_routes": {
                  Row: {
                    "continue_matching": boolean,"created_at": string,"group_by": (string)[] | null,"group_interval": string | null,"group_wait": string | null,"id": number,"matchers": NonNullable<Json>,"name": string,"parent_id": number | null,"position": number,"receiver": string | null,"repeat_interval": string | null
                  }
                  ComputedFields: never
                  Insert: {
                    "continue_matching"?: boolean,"created_at"?: string,"group_by"?: (string)[] | null,"group_interval"?: string | null,"group_wait"?: string | null,"id"?: never,"matchers"?: NonNullable<Json>,"name": string,"parent_id"?: number | null,"position"?: number,"receiver"?: string | null,"repeat_interval"?: string | null
                  }
                  Update: {
                    "continue_matching"?: boolean,"created_at"?: string,"group_by"?: (string)[] | null,"group_interval"?: string | null,"group_wait"?: string | null,"id"?: never,"matchers"?: NonNullable<Json>,"name"?: string,"parent_id"?: number | null,"position"?: number,"receiver"?: string | null,"repeat_interval"?: string | null
                  }
                  Relationships: [
                    {
      foreignKeyName: "alert_routes_parent_id_fkey"
      columns: ["parent_id"]
isOneToOne: false
      referencedRelation: "alert_routes"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "alert_routes_receiver_fkey"
      columns: ["receiver"]
isOneToOne: false
      referencedRelation: "alert_receivers"
      referencedColumns: ["name"]
    }
                  ]
                },"alert_silences": {
                  Row: {
                    "comment": string,"created_at": string,"created_by": string,"ends_at": string,"id": number,"matchers": NonNullable<Json>,"starts_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "comment"?: string,"created_at"?: string,"created_by"?: string,"ends_at": string,"id"?: never,"matchers": NonNullable<Json>,"starts_at"?: string
                  }
                  Update: {
                    "comment"?: string,"created_at"?: string,"created_by"?: string,"ends_at"?: string,"id"?: never,"matchers"?: NonNullable<Json>,"starts_at"?: string
                  }
                  Relationships: [
                    
                  ]
                },"alert_states": {
                  Row: {
                    "alert_type": string,"details": NonNullable<Json>,"ends_at": string | null,"fingerprint": string,"label_set": NonNullable<Json>,"last_event_id": number,"message": string,"one_shot": boolean,"severity": string,"starts_at": string,"status": string,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "alert_type": string,"details"?: NonNullable<Json>,"ends_at"?: string | null,"fingerprint": string,"label_set": NonNullable<Json>,"last_event_id": number,"message"?: string,"one_shot"?: boolean,"severity": string,"starts_at": string,"status": string,"updated_at"?: string
                  }
                  Update: {
                    "alert_type"?: string,"details"?: NonNullable<Json>,"ends_at"?: string | null,"fingerprint"?: string,"label_set"?: NonNullable<Json>,"last_event_id"?: number,"message"?: string,"one_shot"?: boolean,"severity"?: string,"starts_at"?: string,"status"?: string,"updated_at"?: string
                  }
                  Relationships: [
                    
                  ]
                },"cache_invalidation_rules": {
                  Row: {
                    "columns": (string)[] | null,"created_at": string,"id": number,"key_templates": (string)[],"max_attempts": number,"metadata_column": string | null,"operations": (string)[],"pattern_templates": (string)[],"rule_key": string,"table_name": unknown,"tag_templates": (string)[]
                  }
                  ComputedFields: never
                  Insert: {
                    "columns"?: (string)[] | null,"created_at"?: string,"id"?: never,"key_templates"?: (string)[],"max_attempts"?: number,"metadata_column"?: string | null,"operations": (string)[],"pattern_templates"?: (string)[],"rule_key": string,"table_name": unknown,"tag_templates"?: (string)[]
                  }
                  Update: {
                    "columns"?: (string)[] | null,"created_at"?: string,"id"?: never,"key_templates"?: (string)[],"max_attempts"?: number,"metadata_column"?: string | null,"operations"?: (string)[],"pattern_templates"?: (string)[],"rule_key"?: string,"table_name"?: unknown,"tag_templates"?: (string)[]
                  }
                  Relationships: [
                    
                  ]
                },"chat_message_migration": {
                  Row: {
                    "batches": number,"completed_at": string | null,"last_legacy_id": number,"rows_inserted": number,"rows_scanned": number,"singleton": boolean,"started_at": string | null,"updated_at": string | null
                  }
                  ComputedFields: never
                  Insert: {
                    "batches"?: number,"completed_at"?: string | null,"last_legacy_id"?: number,"rows_inserted"?: number,"rows_scanned"?: number,"singleton"?: boolean,"started_at"?: string | null,"updated_at"?: string | null
                  }
                  Update: {
                    "batches"?: number,"completed_at"?: string | null,"last_legacy_id"?: number,"rows_inserted"?: number,"rows_scanned"?: number,"singleton"?: boolean,"started_at"?: string | null,"updated_at"?: string | null
                  }
                  Relationships: [
                    
                  ]
                },"circuit_breaker_history": {
                  Row: {
                    "call_count": number | null,"changed_at": string,"failure_rate": number | null,"from_state": string,"id": number,"reason": string,"service_name": string,"slow_call_rate": number | null,"to_state": string
                  }
                  ComputedFields: never
                  Insert: {
                    "call_count"?: number | null,"changed_at"?: string,"failure_rate"?: number | null,"from_state": string,"id"?: never,"reason": string,"service_name": string,"slow_call_rate"?: number | null,"to_state": string
                  }
                  Update: {
                    "call_count"?: number | null,"changed_at"?: string,"failure_rate"?: number | null,"from_state"?: string,"id"?: never,"reason"?: string,"service_name"?: string,"slow_call_rate"?: number | null,"to_state"?: string
                  }
                  Relationships: [
                    
                  ]
                },"distributed_locks": {
                  Row: {
                    "acquired_at": string,"expires_at": string | null,"fencing_token": number,"lock_holder": string | null,"lock_key": string,"metadata": NonNullable<Json>,"released_at": string | null
                  }
                  ComputedFields: never
                  Insert: {
                    "acquired_at": string,"expires_at"?: string | null,"fencing_token": number,"lock_holder"?: string | null,"lock_key": string,"metadata"?: NonNullable<Json>,"released_at"?: string | null
                  }
                  Update: {
                    "acquired_at"?: string,"expires_at"?: string | null,"fencing_token"?: number,"lock_holder"?: string | null,"lock_key"?: string,"metadata"?: NonNullable<Json>,"released_at"?: string | null
                  }
                  Relationships: [
                    
                  ]
                },"index_usage_snapshots": {
                  Row: {
                    "idx_scan": number,"idx_tup_fetch": number,"idx_tup_read": number,"index_size_bytes": number,"indexname": string,"indexrelid": unknown,"is_primary": boolean,"is_unique": boolean,"is_valid": boolean,"schemaname": string,"snapshot_timestamp": string,"table_size_bytes": number,"tablename": string
                  }
                  ComputedFields: never
                  Insert: {
                    "idx_scan": number,"idx_tup_fetch": number,"idx_tup_read": number,"index_size_bytes": number,"indexname": string,"indexrelid": unknown,"is_primary": boolean,"is_unique": boolean,"is_valid": boolean,"schemaname": string,"snapshot_timestamp": string,"table_size_bytes": number,"tablename": string
                  }
                  Update: {
                    "idx_scan"?: number,"idx_tup_fetch"?: number,"idx_tup_read"?: number,"index_size_bytes"?: number,"indexname"?: string,"indexrelid"?: unknown,"is_primary"?: boolean,"is_unique"?: boolean,"is_valid"?: boolean,"schemaname"?: string,"snapshot_timestamp"?: string,"table_size_bytes"?: number,"tablename"?: string
                  }
                  Relationships: [
                    
                  ]
                },"index_usage_state": {
                  Row: {
                    "counters_reset_at": string | null,"db_stats_reset": string | null,"first_seen_at": string,"indexname": string,"indexrelid": unknown,"last_idx_scan": number,"last_scan_seen_at": string | null,"last_snapshot_at": string,"schemaname": string,"snapshots": number,"tablename": string
                  }
                  ComputedFields: never
                  Insert: {
                    "counters_reset_at"?: string | null,"db_stats_reset"?: string | null,"first_seen_at": string,"indexname": string,"indexrelid": unknown,"last_idx_scan": number,"last_scan_seen_at"?: string | null,"last_snapshot_at": string,"schemaname": string,"snapshots"?: number,"tablename": string
                  }
                  Update: {
                    "counters_reset_at"?: string | null,"db_stats_reset"?: string | null,"first_seen_at"?: string,"indexname"?: string,"indexrelid"?: unknown,"last_idx_scan"?: number,"last_scan_seen_at"?: string | null,"last_snapshot_at"?: string,"schemaname"?: string,"snapshots"?: number,"tablename"?: string
                  }
                  Relationships: [
                    
                  ]
                },"job_alerts": {
                  Row: {
                    "job_name": string,"problem": string,"since": string
                  }
                  ComputedFields: never
                  Insert: {
                    "job_name": string,"problem": string,"since"?: string
                  }
                  Update: {
                    "job_name"?: string,"problem"?: string,"since"?: string
                  }
                  Relationships: [
                    
                  ]
                },"job_definitions": {
                  Row: {
                    "alert": boolean,"command": string,"defined_at": string,"description": string | null,"job_name": string,"late_grace": string | null,"schedule": string
                  }
                  ComputedFields: never
                  Insert: {
                    "alert"?: boolean,"command": string,"defined_at"?: string,"description"?: string | null,"job_name": string,"late_grace"?: string | null,"schedule": string
                  }
                  Update: {
                    "alert"?: boolean,"command"?: string,"defined_at"?: string,"description"?: string | null,"job_name"?: string,"late_grace"?: string | null,"schedule"?: string
                  }
                  Relationships: [
                    
                  ]
                },"maintenance_actions": {
                  Row: {
                    "attempts": number,"command": string,"created_at": string,"cron_job_id": number | null,"cron_run_id": number | null,"dispatched_at": string | null,"due_at": string | null,"duration": string | null,"error": string | null,"finished_at": string | null,"id": number,"index_name": string | null,"kind": string,"lock_skips": number,"plan_id": number | null,"reason": string,"requested_by": string,"respect_window": boolean,"schema_name": string,"started_at": string | null,"stats_after": Json | null,"stats_before": Json | null,"status": string,"table_name": string,"table_oid": unknown
                  }
                  ComputedFields: never
                  Insert: {
                    "attempts"?: number,"command": string,"created_at"?: string,"cron_job_id"?: number | null,"cron_run_id"?: number | null,"dispatched_at"?: string | null,"due_at"?: string | null,"duration"?: never,"error"?: string | null,"finished_at"?: string | null,"id"?: never,"index_name"?: string | null,"kind": string,"lock_skips"?: number,"plan_id"?: number | null,"reason": string,"requested_by": string,"respect_window"?: boolean,"schema_name": string,"started_at"?: string | null,"stats_after"?: Json | null,"stats_before"?: Json | null,"status"?: string,"table_name": string,"table_oid": unknown
                  }
                  Update: {
                    "attempts"?: number,"command"?: string,"created_at"?: string,"cron_job_id"?: number | null,"cron_run_id"?: number | null,"dispatched_at"?: string | null,"due_at"?: string | null,"duration"?: never,"error"?: string | null,"finished_at"?: string | null,"id"?: never,"index_name"?: string | null,"kind"?: string,"lock_skips"?: number,"plan_id"?: number | null,"reason"?: string,"requested_by"?: string,"respect_window"?: boolean,"schema_name"?: string,"started_at"?: string | null,"stats_after"?: Json | null,"stats_before"?: Json | null,"status"?: string,"table_name"?: string,"table_oid"?: unknown
                  }
                  Relationships: [
                    {
      foreignKeyName: "maintenance_actions_plan_id_fkey"
      columns: ["plan_id"]
isOneToOne: false
      referencedRelation: "maintenance_plans"
      referencedColumns: ["id"]
    }
                  ]
                },"maintenance_plans": {
                  Row: {
                    "actions_planned": number,"bytes_measured": number,"created_at": string,"id": number,"indexes_measured": number,"measurements": NonNullable<Json>,"requested_by": string,"tables_considered": number,"trigger": string
                  }
                  ComputedFields: never
                  Insert: {
                    "actions_planned"?: number,"bytes_measured"?: number,"created_at"?: string,"id"?: never,"indexes_measured"?: number,"measurements"?: NonNullable<Json>,"requested_by": string,"tables_considered"?: number,"trigger": string
                  }
                  Update: {
                    "actions_planned"?: number,"bytes_measured"?: number,"created_at"?: string,"id"?: never,"indexes_measured"?: number,"measurements"?: NonNullable<Json>,"requested_by"?: string,"tables_considered"?: number,"trigger"?: string
                  }
                  Relationships: [
                    
                  ]
                },"maintenance_rules": {
                  Row: {
                    "id": number,"included": boolean,"note": string | null,"reindex_bloat_threshold": number | null,"schema_name": string,"table_name": string | null
                  }
                  ComputedFields: never
                  Insert: {
                    "id"?: never,"included": boolean,"note"?: string | null,"reindex_bloat_threshold"?: number | null,"schema_name": string,"table_name"?: string | null
                  }
                  Update: {
                    "id"?: never,"included"?: boolean,"note"?: string | null,"reindex_bloat_threshold"?: number | null,"schema_name"?: string,"table_name"?: string | null
                  }
                  Relationships: [
                    
                  ]
                },"maintenance_settings": {
                  Row: {
                    "action_timeout": string,"bloat_scan_budget_bytes": number,"cron_history_retention": string,"ddl_lock_timeout": string,"enabled": boolean,"history_retention": string,"id": boolean,"job_late_grace": string,"max_parallel_actions": number,"reindex_bloat_threshold": number,"reindex_min_index_bytes": number,"updated_at": string,"window_end": string | null,"window_start": string | null,"window_timezone": string
                  }
                  ComputedFields: never
                  Insert: {
                    "action_timeout"?: string,"bloat_scan_budget_bytes"?: number,"cron_history_retention"?: string,"ddl_lock_timeout"?: string,"enabled"?: boolean,"history_retention"?: string,"id"?: boolean,"job_late_grace"?: string,"max_parallel_actions"?: number,"reindex_bloat_threshold"?: number,"reindex_min_index_bytes"?: number,"updated_at"?: string,"window_end"?: string | null,"window_start"?: string | null,"window_timezone"?: string
                  }
                  Update: {
                    "action_timeout"?: string,"bloat_scan_budget_bytes"?: number,"cron_history_retention"?: string,"ddl_lock_timeout"?: string,"enabled"?: boolean,"history_retention"?: string,"id"?: boolean,"job_late_grace"?: string,"max_parallel_actions"?: number,"reindex_bloat_threshold"?: number,"reindex_min_index_bytes"?: number,"updated_at"?: string,"window_end"?: string | null,"window_start"?: string | null,"window_timezone"?: string
                  }
                  Relationships: [
                    
                  ]
                },"migration_ledger": {
                  Row: {
                    "applied_at": string,"applied_by": string,"checksum": string,"execution_ms": number | null,"name": string,"recorded_via": string,"rolled_back_at": string | null,"rolled_back_by": string | null,"version": string
                  }
                  ComputedFields: never
                  Insert: {
                    "applied_at"?: string,"applied_by": string,"checksum": string,"execution_ms"?: number | null,"name": string,"recorded_via"?: string,"rolled_back_at"?: string | null,"rolled_back_by"?: string | null,"version": string
                  }
                  Update: {
                    "applied_at"?: string,"applied_by"?: string,"checksum"?: string,"execution_ms"?: number | null,"name"?: string,"recorded_via"?: string,"rolled_back_at"?: string | null,"rolled_back_by"?: string | null,"version"?: string
                  }
                  Relationships: [
                    
                  ]
                },"monitoring_check_overrides": {
                  Row: {
                    "check_name": string,"critical_threshold": number | null,"enabled": boolean | null,"note": string | null,"object_name": string,"params": NonNullable<Json>,"warn_threshold": number | null
                  }
                  ComputedFields: never
                  Insert: {
                    "check_name": string,"critical_threshold"?: number | null,"enabled"?: boolean | null,"note"?: string | null,"object_name": string,"params"?: NonNullable<Json>,"warn_threshold"?: number | null
                  }
                  Update: {
                    "check_name"?: string,"critical_threshold"?: number | null,"enabled"?: boolean | null,"note"?: string | null,"object_name"?: string,"params"?: NonNullable<Json>,"warn_threshold"?: number | null
                  }
                  Relationships: [
                    {
      foreignKeyName: "monitoring_check_overrides_check_name_fkey"
      columns: ["check_name"]
isOneToOne: false
      referencedRelation: "monitoring_checks"
      referencedColumns: ["check_name"]
    }
                  ]
                },"monitoring_checks": {
                  Row: {
                    "check_name": string,"critical_threshold": number | null,"description": string,"direction": string,"enabled": boolean,"params": NonNullable<Json>,"unit": string,"warn_threshold": number | null
                  }
                  ComputedFields: never
                  Insert: {
                    "check_name": string,"critical_threshold"?: number | null,"description": string,"direction"?: string,"enabled"?: boolean,"params"?: NonNullable<Json>,"unit": string,"warn_threshold"?: number | null
                  }
                  Update: {
                    "check_name"?: string,"critical_threshold"?: number | null,"description"?: string,"direction"?: string,"enabled"?: boolean,"params"?: NonNullable<Json>,"unit"?: string,"warn_threshold"?: number | null
                  }
                  Relationships: [
                    
                  ]
                },"monitoring_config": {
                  Row: {
                    "description": string,"key": string,"value": string
                  }
                  ComputedFields: never
                  Insert: {
                    "description": string,"key": string,"value": string
                  }
                  Update: {
                    "description"?: string,"key"?: string,"value"?: string
                  }
                  Relationships: [
                    
                  ]
                },"outbox": {
                  Row: {
                    "aggregate_id": string | null,"aggregate_type": string | null,"attempts": number,"available_at": string,"claimed_by": string | null,"created_at": string,"dedup_key": string | null,"done_at": string | null,"id": number,"last_error": string | null,"lease_until": string | null,"max_attempts": number,"ordering_key": string | null,"payload": NonNullable<Json>,"status": string,"topic": string
                  }
                  ComputedFields: never
                  Insert: {
                    "aggregate_id"?: string | null,"aggregate_type"?: string | null,"attempts"?: number,"available_at"?: string,"claimed_by"?: string | null,"created_at"?: string,"dedup_key"?: string | null,"done_at"?: string | null,"id"?: never,"last_error"?: string | null,"lease_until"?: string | null,"max_attempts"?: number,"ordering_key"?: string | null,"payload": NonNullable<Json>,"status"?: string,"topic": string
                  }
                  Update: {
                    "aggregate_id"?: string | null,"aggregate_type"?: string | null,"attempts"?: number,"available_at"?: string,"claimed_by"?: string | null,"created_at"?: string,"dedup_key"?: string | null,"done_at"?: string | null,"id"?: never,"last_error"?: string | null,"lease_until"?: string | null,"max_attempts"?: number,"ordering_key"?: string | null,"payload"?: NonNullable<Json>,"status"?: string,"topic"?: string
                  }
                  Relationships: [
                    
                  ]
                },"outbox_subscriptions": {
                  Row: {
                    "created_at": string,"drained_at": string | null,"function_name": string,"topic": string
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"drained_at"?: string | null,"function_name": string,"topic": string
                  }
                  Update: {
                    "created_at"?: string,"drained_at"?: string | null,"function_name"?: string,"topic"?: string
                  }
                  Relationships: [
                    
                  ]
                },"outbox_wakeups": {
                  Row: {
                    "posted_at": string,"topic": string
                  }
                  ComputedFields: never
                  Insert: {
                    "posted_at": string,"topic": string
                  }
                  Update: {
                    "posted_at"?: string,"topic"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "outbox_wakeups_topic_fkey"
      columns: ["topic"]
isOneToOne: true
      referencedRelation: "outbox_subscriptions"
      referencedColumns: ["topic"]
    }
                  ]
                },"partitioned_tables": {
                  Row: {
                    "auto_repair_default": boolean,"brin": boolean,"control_column": string,"last_error": string | null,"last_maintained_at": string | null,"period": string,"premake": number,"registered_at": string,"retention": string | null,"schema_name": string,"table_name": string
                  }
                  ComputedFields: never
                  Insert: {
                    "auto_repair_default"?: boolean,"brin"?: boolean,"control_column": string,"last_error"?: string | null,"last_maintained_at"?: string | null,"period": string,"premake"?: number,"registered_at"?: string,"retention"?: string | null,"schema_name": string,"table_name": string
                  }
                  Update: {
                    "auto_repair_default"?: boolean,"brin"?: boolean,"control_column"?: string,"last_error"?: string | null,"last_maintained_at"?: string | null,"period"?: string,"premake"?: number,"registered_at"?: string,"retention"?: string | null,"schema_name"?: string,"table_name"?: string
                  }
                  Relationships: [
                    
                  ]
                },"performance_alerts": {
                  Row: {
                    "alert_type": string,"created_at": string,"details": NonNullable<Json>,"fingerprint": string,"id": number,"last_seen_at": string,"message": string,"object_name": string | null,"occurrences": number,"resolution_notes": string | null,"resolved_at": string | null,"resolved_by": string | null,"severity": string,"value": number | null
                  }
                  ComputedFields: never
                  Insert: {
                    "alert_type": string,"created_at"?: string,"details"?: NonNullable<Json>,"fingerprint": string,"id"?: never,"last_seen_at"?: string,"message": string,"object_name"?: string | null,"occurrences"?: number,"resolution_notes"?: string | null,"resolved_at"?: string | null,"resolved_by"?: string | null,"severity": string,"value"?: number | null
                  }
                  Update: {
                    "alert_type"?: string,"created_at"?: string,"details"?: NonNullable<Json>,"fingerprint"?: string,"id"?: never,"last_seen_at"?: string,"message"?: string,"object_name"?: string | null,"occurrences"?: number,"resolution_notes"?: string | null,"resolved_at"?: string | null,"resolved_by"?: string | null,"severity"?: string,"value"?: number | null
                  }
                  Relationships: [
                    {
      foreignKeyName: "performance_alerts_alert_type_fkey"
      columns: ["alert_type"]
isOneToOne: false
      referencedRelation: "monitoring_checks"
      referencedColumns: ["check_name"]
    }
                  ]
                },"performance_metrics": {
                  Row: {
                    "dimensions": NonNullable<Json>,"id": string,"metric_name": string,"metric_type": string,"metric_value": number,"recorded_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "dimensions"?: NonNullable<Json>,"id"?: string,"metric_name": string,"metric_type": string,"metric_value": number,"recorded_at"?: string
                  }
                  Update: {
                    "dimensions"?: NonNullable<Json>,"id"?: string,"metric_name"?: string,"metric_type"?: string,"metric_value"?: number,"recorded_at"?: string
                  }
                  Relationships: [
                    
                  ]
                },"query_performance_logs": {
                  Row: {
                    "duration_ms": number,"endpoint": string | null,"error_message": string | null,"execution_timestamp": string,"id": number,"parameters": Json | null,"query_hash": string,"query_text": string,"stack_trace": string | null,"user_id": string | null
                  }
                  ComputedFields: never
                  Insert: {
                    "duration_ms": number,"endpoint"?: string | null,"error_message"?: string | null,"execution_timestamp"?: string,"id"?: never,"parameters"?: Json | null,"query_hash": string,"query_text": string,"stack_trace"?: string | null,"user_id"?: string | null
                  }
                  Update: {
                    "duration_ms"?: number,"endpoint"?: string | null,"error_message"?: string | null,"execution_timestamp"?: string,"id"?: never,"parameters"?: Json | null,"query_hash"?: string,"query_text"?: string,"stack_trace"?: string | null,"user_id"?: string | null
                  }
                  Relationships: [
                    
                  ]
                },"query_stat_snapshots": {
                  Row: {
                    "active_entries": number,"capture_ms": number | null,"captured_at": string,"db_blks_hit": number | null,"db_blks_read": number | null,"db_stats_reset": string | null,"db_xact_commit": number | null,"db_xact_rollback": number | null,"dealloc": number | null,"entries": number,"evicted": number | null,"id": number,"interval_start": string | null,"stats_reset": string | null,"status": string
                  }
                  ComputedFields: never
                  Insert: {
                    "active_entries"?: number,"capture_ms"?: number | null,"captured_at"?: string,"db_blks_hit"?: number | null,"db_blks_read"?: number | null,"db_stats_reset"?: string | null,"db_xact_commit"?: number | null,"db_xact_rollback"?: number | null,"dealloc"?: number | null,"entries": number,"evicted"?: number | null,"id"?: never,"interval_start"?: string | null,"stats_reset"?: string | null,"status": string
                  }
                  Update: {
                    "active_entries"?: number,"capture_ms"?: number | null,"captured_at"?: string,"db_blks_hit"?: number | null,"db_blks_read"?: number | null,"db_stats_reset"?: string | null,"db_xact_commit"?: number | null,"db_xact_rollback"?: number | null,"dealloc"?: number | null,"entries"?: number,"evicted"?: number | null,"id"?: never,"interval_start"?: string | null,"stats_reset"?: string | null,"status"?: string
                  }
                  Relationships: [
                    
                  ]
                },"query_stats_history": {
                  Row: {
                    "blk_read_time": number,"blk_write_time": number,"calls": number,"captured_at": string,"counters_restarted": boolean,"dbid": unknown,"max_exec_time": number,"queryid": number,"rows": number,"shared_blks_dirtied": number,"shared_blks_hit": number,"shared_blks_read": number,"shared_blks_written": number,"snapshot_id": number,"temp_blks_read": number,"temp_blks_written": number,"toplevel": boolean,"total_exec_time": number,"total_plan_time": number,"userid": unknown,"wal_bytes": number
                  }
                  ComputedFields: never
                  Insert: {
                    "blk_read_time": number,"blk_write_time": number,"calls": number,"captured_at": string,"counters_restarted"?: boolean,"dbid": unknown,"max_exec_time": number,"queryid": number,"rows": number,"shared_blks_dirtied": number,"shared_blks_hit": number,"shared_blks_read": number,"shared_blks_written": number,"snapshot_id": number,"temp_blks_read": number,"temp_blks_written": number,"toplevel": boolean,"total_exec_time": number,"total_plan_time": number,"userid": unknown,"wal_bytes": number
                  }
                  Update: {
                    "blk_read_time"?: number,"blk_write_time"?: number,"calls"?: number,"captured_at"?: string,"counters_restarted"?: boolean,"dbid"?: unknown,"max_exec_time"?: number,"queryid"?: number,"rows"?: number,"shared_blks_dirtied"?: number,"shared_blks_hit"?: number,"shared_blks_read"?: number,"shared_blks_written"?: number,"snapshot_id"?: number,"temp_blks_read"?: number,"temp_blks_written"?: number,"toplevel"?: boolean,"total_exec_time"?: number,"total_plan_time"?: number,"userid"?: unknown,"wal_bytes"?: number
                  }
                  Relationships: [
                    
                  ]
                },"query_stats_last": {
                  Row: {
                    "blk_read_time": number,"blk_write_time": number,"calls": number,"dbid": unknown,"queryid": number,"rows": number,"shared_blks_dirtied": number,"shared_blks_hit": number,"shared_blks_read": number,"shared_blks_written": number,"temp_blks_read": number,"temp_blks_written": number,"toplevel": boolean,"total_exec_time": number,"total_plan_time": number,"userid": unknown,"wal_bytes": number
                  }
                  ComputedFields: never
                  Insert: {
                    "blk_read_time": number,"blk_write_time": number,"calls": number,"dbid": unknown,"queryid": number,"rows": number,"shared_blks_dirtied": number,"shared_blks_hit": number,"shared_blks_read": number,"shared_blks_written": number,"temp_blks_read": number,"temp_blks_written": number,"toplevel": boolean,"total_exec_time": number,"total_plan_time": number,"userid": unknown,"wal_bytes": number
                  }
                  Update: {
                    "blk_read_time"?: number,"blk_write_time"?: number,"calls"?: number,"dbid"?: unknown,"queryid"?: number,"rows"?: number,"shared_blks_dirtied"?: number,"shared_blks_hit"?: number,"shared_blks_read"?: number,"shared_blks_written"?: number,"temp_blks_read"?: number,"temp_blks_written"?: number,"toplevel"?: boolean,"total_exec_time"?: number,"total_plan_time"?: number,"userid"?: unknown,"wal_bytes"?: number
                  }
                  Relationships: [
                    
                  ]
                },"query_texts": {
                  Row: {
                    "dbid": unknown,"first_seen_at": string,"query": string,"queryid": number
                  }
                  ComputedFields: never
                  Insert: {
                    "dbid": unknown,"first_seen_at"?: string,"query": string,"queryid": number
                  }
                  Update: {
                    "dbid"?: unknown,"first_seen_at"?: string,"query"?: string,"queryid"?: number
                  }
                  Relationships: [
                    
                  ]
                },"rate_limits": {
                  Row: {
                    "rate_key": string,"tat_us": number
                  }
                  ComputedFields: never
                  Insert: {
                    "rate_key": string,"tat_us": number
                  }
                  Update: {
                    "rate_key"?: string,"tat_us"?: number
                  }
                  Relationships: [
                    
                  ]
                },"request_coalescing": {
                  Row: {
                    "error": string | null,"expires_at": string,"operation": string,"request_hash": string,"result": Json | null,"started_at": string,"status": string,"ticket": string
                  }
                  ComputedFields: never
                  Insert: {
                    "error"?: string | null,"expires_at": string,"operation": string,"request_hash": string,"result"?: Json | null,"started_at": string,"status": string,"ticket": string
                  }
                  Update: {
                    "error"?: string | null,"expires_at"?: string,"operation"?: string,"request_hash"?: string,"result"?: Json | null,"started_at"?: string,"status"?: string,"ticket"?: string
                  }
                  Relationships: [
                    
                  ]
                },"settings": {
                  Row: {
                    "key": string,"updated_at": string,"value": string
                  }
                  ComputedFields: never
                  Insert: {
                    "key": string,"updated_at"?: string,"value": string
                  }
                  Update: {
                    "key"?: string,"updated_at"?: string,"value"?: string
                  }
                  Relationships: [
                    
                  ]
                },"table_bloat_snapshots": {
                  Row: {
                    "actual_size_bytes": number,"bloat_bytes": number | null,"bloat_pct": number,"dead_tuples": number | null,"details": NonNullable<Json>,"duration_ms": number | null,"estimated_size_bytes": number,"indexname": string | null,"last_analyze": string | null,"last_autoanalyze": string | null,"last_autovacuum": string | null,"last_vacuum": string | null,"live_tuples": number | null,"method": string,"mxid_age": number | null,"relid": unknown,"relkind": string,"schemaname": string,"snapshot_timestamp": string,"stats_quality": string | null,"tablename": string,"xid_age": number | null
                  }
                  ComputedFields: never
                  Insert: {
                    "actual_size_bytes": number,"bloat_bytes"?: never,"bloat_pct": number,"dead_tuples"?: number | null,"details"?: NonNullable<Json>,"duration_ms"?: number | null,"estimated_size_bytes": number,"indexname"?: string | null,"last_analyze"?: string | null,"last_autoanalyze"?: string | null,"last_autovacuum"?: string | null,"last_vacuum"?: string | null,"live_tuples"?: number | null,"method": string,"mxid_age"?: number | null,"relid": unknown,"relkind": string,"schemaname": string,"snapshot_timestamp": string,"stats_quality"?: string | null,"tablename": string,"xid_age"?: number | null
                  }
                  Update: {
                    "actual_size_bytes"?: number,"bloat_bytes"?: never,"bloat_pct"?: number,"dead_tuples"?: number | null,"details"?: NonNullable<Json>,"duration_ms"?: number | null,"estimated_size_bytes"?: number,"indexname"?: string | null,"last_analyze"?: string | null,"last_autoanalyze"?: string | null,"last_autovacuum"?: string | null,"last_vacuum"?: string | null,"live_tuples"?: number | null,"method"?: string,"mxid_age"?: number | null,"relid"?: unknown,"relkind"?: string,"schemaname"?: string,"snapshot_timestamp"?: string,"stats_quality"?: string | null,"tablename"?: string,"xid_age"?: number | null
                  }
                  Relationships: [
                    
                  ]
                }
          }
          Views: {
            "alert_routes_effective": {
                  Row: {
                    "continue_matching": boolean | null,"depth": number | null,"group_by": (string)[] | null,"group_interval": string | null,"group_wait": string | null,"id": number | null,"matchers": Json | null,"name": string | null,"parent_id": number | null,"position": number | null,"receiver": string | null,"repeat_interval": string | null
                  }
                  ComputedFields: never
                  Relationships: [
                    
                  ]
                },"jobs": {
                  Row: {
                    "active": boolean | null,"command": string | null,"description": string | null,"expected_at": string | null,"health": string | null,"job_name": string | null,"jobid": number | null,"last_duration": string | null,"last_end": string | null,"last_message": string | null,"last_run_id": number | null,"last_start": string | null,"last_status": string | null,"last_success_at": string | null,"late_by": string | null,"managed": boolean | null,"schedule": string | null
                  }
                  ComputedFields: never
                  Relationships: [
                    
                  ]
                },"migrations": {
                  Row: {
                    "applied": boolean | null,"applied_at": string | null,"applied_by": string | null,"checksum": string | null,"execution_ms": number | null,"name": string | null,"recorded_via": string | null,"rolled_back_at": string | null,"rolled_back_by": string | null,"statement_count": number | null,"version": string | null
                  }
                  ComputedFields: never
                  Relationships: [
                    
                  ]
                },"outbox_stats": {
                  Row: {
                    "dead": number | null,"done": number | null,"inflight": number | null,"oldest_undelivered_age": string | null,"pending": number | null,"topic": string
                  }
                  ComputedFields: never
                  Relationships: [
                    
                  ]
                }
          }
          Functions: {
            "_breaker_changed":
{ Args: { "p_calls": number,"p_failure_rate": number,"p_from": string,"p_reason": string,"p_service": string,"p_slow_rate": number,"p_to": string }; Returns: undefined
                           },
"_breaker_set_state":
{ Args: { "p_reason": string,"p_service": string,"p_state": string }; Returns: string
                           },
"_breaker_unknown":
{ Args: { "p_service": string }; Returns: undefined
                           },
"_coalesce_check_args":
{ Args: { "p_hash": string,"p_operation": string }; Returns: undefined
                           },
"agent_task_claim":
{ Args: { "p_limit"?: number,"p_task_types"?: (string)[],"p_worker": string }; Returns: Database["public"]['Tables']["agent_tasks"]['Row'][]
                          SetofOptions: {
        from: "*"
        to: "agent_tasks"
        isOneToOne: false
        isSetofReturn: true
      } },
"agent_task_complete":
{ Args: { "p_id": string,"p_result"?: Json,"p_worker": string }; Returns: boolean
                           },
"agent_task_fail":
{ Args: { "p_error": string,"p_id": string,"p_retry_delay"?: string,"p_worker": string }; Returns: string
                           },
"agent_task_requeue_expired":
{ Args: Record<PropertyKey, never>; Returns: number
                           },
"alert_fanout_flush":
{ Args: { "p_limit"?: number }; Returns: number
                           },
"alert_fanout_ingest":
{ Args: { "p_batch"?: number,"p_consumer": string }; Returns: {
              "changed": number,"claimed": number,"refused": number
            }[]
                           },
"alert_fanout_next_due":
{ Args: { "p_changes_only"?: boolean }; Returns: string
                           },
"alert_fanout_purge":
{ Args: { "p_keep"?: string }; Returns: number
                           },
"alert_fanout_wake":
{ Args: Record<PropertyKey, never>; Returns: boolean
                           },
"alert_fingerprint":
{ Args: { "p_alert_type": string,"p_message": string,"p_object_name": string }; Returns: string
                           },
"alert_ingest_event":
{ Args: { "p_event_id": number,"p_payload": Json }; Returns: boolean
                           },
"alert_inhibited":
{ Args: { "p_fingerprint": string,"p_labels": Json }; Returns: boolean
                           },
"alert_matchers_valid":
{ Args: { "p_matchers": Json }; Returns: boolean
                           },
"alert_matches":
{ Args: { "p_labels": Json,"p_matchers": Json }; Returns: boolean
                           },
"alert_notification_record":
{ Args: { "p_consumer": string,"p_duration_ms"?: number,"p_error"?: string,"p_id": number,"p_outcome": string,"p_retry_after"?: string,"p_status_code"?: number }; Returns: string
                           },
"alert_notifications_claim":
{ Args: { "p_consumer": string,"p_lease"?: string,"p_limit"?: number }; Returns: {
              "attempts": number,"generation": number,"id": number,"key_secret": string,"kind": string,"payload": Json,"rate_limit": number,"rate_period": string,"receiver": string,"settings": Json,"state": string,"url_secret": string
            }[]
                           },
"alert_route_walk":
{ Args: { "p_labels": Json,"p_route_id": number }; Returns: number[]
                           },
"alert_routes_for":
{ Args: { "p_labels": Json }; Returns: {
              "continue_matching": boolean | null,
"depth": number | null,
"group_by": (string)[] | null,
"group_interval": string | null,
"group_wait": string | null,
"id": number | null,
"matchers": Json | null,
"name": string | null,
"parent_id": number | null,
"position": number | null,
"receiver": string | null,
"repeat_interval": string | null
            }[]
                          SetofOptions: {
        from: "*"
        to: "alert_routes_effective"
        isOneToOne: false
        isSetofReturn: true
      } },
"alert_severity":
{ Args: { "p_critical": number,"p_direction"?: string,"p_value": number,"p_warn": number }; Returns: string
                           },
"alert_silenced":
{ Args: { "p_labels": Json }; Returns: boolean
                           },
"alert_threshold":
{ Args: { "p_check": string,"p_object"?: string }; Returns: {
              "critical_threshold": number,"direction": string,"enabled": boolean,"params": Json,"warn_threshold": number
            }[]
                           },
"analyze_slow_queries":
{ Args: { "hours_back"?: number,"threshold_ms"?: number }; Returns: {
              "cache_hit_pct": number,"calls": number,"findings": (string)[],"mean_ms": number,"plan_ms_per_call": number,"query_text": string,"queryid": number,"rows_per_call": number,"share_of_total_pct": number,"temp_mb_written": number,"total_ms": number
            }[]
                           },
"apply_alert_findings":
{ Args: { "p_checks": (string)[],"p_findings": (Database["ops"]['CompositeTypes']["alert_finding"])[] }; Returns: {
              "opened": number,"resolved": number,"updated": number
            }[]
                           },
"apply_app_retention":
{ Args: { "p_batch_size"?: number,"p_session_idle"?: string }; Returns: {
              "affected": number,"step": string
            }[]
                           },
"apply_monitoring_retention":
{ Args: Record<PropertyKey, never>; Returns: Json
                           },
"batch_job_claim":
{ Args: { "p_job_types"?: (string)[],"p_lease"?: string,"p_worker": string }; Returns: Database["public"]['Tables']["batch_jobs"]['Row'][]
                          SetofOptions: {
        from: "*"
        to: "batch_jobs"
        isOneToOne: false
        isSetofReturn: true
      } },
"batch_job_finish":
{ Args: { "p_error"?: string,"p_id": string,"p_status": string,"p_worker": string }; Returns: boolean
                           },
"batch_job_heartbeat":
{ Args: { "p_completed"?: number,"p_failed"?: number,"p_id": string,"p_lease"?: string,"p_worker": string }; Returns: string
                           },
"batch_job_requeue_expired":
{ Args: Record<PropertyKey, never>; Returns: number
                           },
"blocking_chains":
{ Args: Record<PropertyKey, never>; Returns: {
              "blocked_pid": number,"blocked_query": string,"blocked_user": string,"blocking_pids": (number)[],"depth": number,"root_pid": number,"root_query": string,"root_state": string,"waiting_seconds": number
            }[]
                           },
"breaker_allow":
{ Args: { "p_service": string }; Returns: boolean
                           },
"breaker_configure":
{ Args: { "p_failure_rate_threshold"?: number,"p_max_wait_in_half_open"?: string,"p_minimum_number_of_calls"?: number,"p_permitted_calls_in_half_open"?: number,"p_service": string,"p_sliding_window_size"?: number,"p_sliding_window_type"?: string,"p_slow_call_duration_ms"?: number,"p_slow_call_rate_threshold"?: number,"p_wait_duration_in_open"?: string }; Returns: undefined
                           },
"breaker_disable":
{ Args: { "p_reason"?: string,"p_service": string }; Returns: string
                           },
"breaker_force_open":
{ Args: { "p_reason"?: string,"p_service": string }; Returns: string
                           },
"breaker_record":
{ Args: { "p_latency_ms"?: number,"p_service": string,"p_success": boolean }; Returns: string
                           },
"breaker_reset":
{ Args: { "p_reason"?: string,"p_service": string }; Returns: string
                           },
"cache_check_templates":
{ Args: { "p_kind": string,"p_operations": (string)[],"p_table": unknown,"p_templates": (string)[] }; Returns: undefined
                           },
"cache_hit_ratio":
{ Args: Record<PropertyKey, never>; Returns: {
              "database_pct": number,"indexes_pct": number,"last_interval_blocks": number,"last_interval_end": string,"last_interval_pct": number,"stats_reset": string,"tables_pct": number
            }[]
                           },
"cache_key_segments":
{ Args: { "p_key": string }; Returns: (string)[]
                           },
"cache_pattern_is_safe":
{ Args: { "p_pattern": string }; Returns: boolean
                           },
"cache_render_template":
{ Args: { "p_glob_escape": boolean,"p_new": Json,"p_old": Json,"p_template": string }; Returns: string
                           },
"cache_template_placeholders":
{ Args: { "p_template": string }; Returns: {
              "column_name": string,"source": string
            }[]
                           },
"cache_track":
{ Args: { "p_document_id": string,"p_key": string,"p_ttl_seconds": number,"p_type": string,"p_user_id": string }; Returns: undefined
                           },
"calling_role":
{ Args: Record<PropertyKey, never>; Returns: string
                           },
"capture_index_usage_snapshot":
{ Args: Record<PropertyKey, never>; Returns: number
                           },
"capture_monitoring_snapshot":
{ Args: Record<PropertyKey, never>; Returns: Json
                           },
"capture_query_stats":
{ Args: Record<PropertyKey, never>; Returns: number
                           },
"capture_table_bloat_snapshot":
{ Args: { "p_confirm"?: boolean }; Returns: number
                           },
"check_blocked_query":
{ Args: Record<PropertyKey, never>; Returns: Database["ops"]['CompositeTypes']["alert_finding"][]
                          SetofOptions: {
        from: "*"
        to: "alert_finding"
        isOneToOne: false
        isSetofReturn: true
      } },
"check_cache_hit_ratio":
{ Args: Record<PropertyKey, never>; Returns: Database["ops"]['CompositeTypes']["alert_finding"][]
                          SetofOptions: {
        from: "*"
        to: "alert_finding"
        isOneToOne: false
        isSetofReturn: true
      } },
"check_chat_migration_integrity":
{ Args: Record<PropertyKey, never>; Returns: {
              "check_name": string,"legacy_value": string,"migrated_value": string,"passed": boolean
            }[]
                           },
"check_connection_pool":
{ Args: Record<PropertyKey, never>; Returns: Database["ops"]['CompositeTypes']["alert_finding"][]
                          SetofOptions: {
        from: "*"
        to: "alert_finding"
        isOneToOne: false
        isSetofReturn: true
      } },
"check_dead_tuples":
{ Args: Record<PropertyKey, never>; Returns: Database["ops"]['CompositeTypes']["alert_finding"][]
                          SetofOptions: {
        from: "*"
        to: "alert_finding"
        isOneToOne: false
        isSetofReturn: true
      } },
"check_duplicate_index":
{ Args: Record<PropertyKey, never>; Returns: Database["ops"]['CompositeTypes']["alert_finding"][]
                          SetofOptions: {
        from: "*"
        to: "alert_finding"
        isOneToOne: false
        isSetofReturn: true
      } },
"check_high_bloat":
{ Args: Record<PropertyKey, never>; Returns: Database["ops"]['CompositeTypes']["alert_finding"][]
                          SetofOptions: {
        from: "*"
        to: "alert_finding"
        isOneToOne: false
        isSetofReturn: true
      } },
"check_idle_in_transaction":
{ Args: Record<PropertyKey, never>; Returns: Database["ops"]['CompositeTypes']["alert_finding"][]
                          SetofOptions: {
        from: "*"
        to: "alert_finding"
        isOneToOne: false
        isSetofReturn: true
      } },
"check_invalid_index":
{ Args: Record<PropertyKey, never>; Returns: Database["ops"]['CompositeTypes']["alert_finding"][]
                          SetofOptions: {
        from: "*"
        to: "alert_finding"
        isOneToOne: false
        isSetofReturn: true
      } },
"check_jobs":
{ Args: Record<PropertyKey, never>; Returns: {
              "job_name": string,"outbox_id": number,"problem": string
            }[]
                           },
"check_long_running_query":
{ Args: Record<PropertyKey, never>; Returns: Database["ops"]['CompositeTypes']["alert_finding"][]
                          SetofOptions: {
        from: "*"
        to: "alert_finding"
        isOneToOne: false
        isSetofReturn: true
      } },
"check_missing_index":
{ Args: Record<PropertyKey, never>; Returns: Database["ops"]['CompositeTypes']["alert_finding"][]
                          SetofOptions: {
        from: "*"
        to: "alert_finding"
        isOneToOne: false
        isSetofReturn: true
      } },
"check_mxid_wraparound":
{ Args: Record<PropertyKey, never>; Returns: Database["ops"]['CompositeTypes']["alert_finding"][]
                          SetofOptions: {
        from: "*"
        to: "alert_finding"
        isOneToOne: false
        isSetofReturn: true
      } },
"check_sequence_exhaustion":
{ Args: Record<PropertyKey, never>; Returns: Database["ops"]['CompositeTypes']["alert_finding"][]
                          SetofOptions: {
        from: "*"
        to: "alert_finding"
        isOneToOne: false
        isSetofReturn: true
      } },
"check_slow_query":
{ Args: Record<PropertyKey, never>; Returns: Database["ops"]['CompositeTypes']["alert_finding"][]
                          SetofOptions: {
        from: "*"
        to: "alert_finding"
        isOneToOne: false
        isSetofReturn: true
      } },
"check_table_bloat_alerts":
{ Args: Record<PropertyKey, never>; Returns: number
                           },
"check_threshold_ms":
{ Args: { "p_fn": string,"p_ms": number }; Returns: undefined
                           },
"check_unused_index":
{ Args: Record<PropertyKey, never>; Returns: Database["ops"]['CompositeTypes']["alert_finding"][]
                          SetofOptions: {
        from: "*"
        to: "alert_finding"
        isOneToOne: false
        isSetofReturn: true
      } },
"check_window_hours":
{ Args: { "p_fn": string,"p_hours": number }; Returns: undefined
                           },
"check_xid_wraparound":
{ Args: Record<PropertyKey, never>; Returns: Database["ops"]['CompositeTypes']["alert_finding"][]
                          SetofOptions: {
        from: "*"
        to: "alert_finding"
        isOneToOne: false
        isSetofReturn: true
      } },
"cleanup_expired_cache":
{ Args: { "p_batch"?: number }; Returns: number
                           },
"coalesce_claim":
{ Args: { "p_hash": string,"p_lease"?: string,"p_operation": string }; Returns: {
              "result": Json,"role": string,"ticket": string
            }[]
                           },
"coalesce_complete":
{ Args: { "p_hash": string,"p_operation": string,"p_result": Json,"p_ticket": string,"p_ttl"?: string }; Returns: boolean
                           },
"coalesce_fail":
{ Args: { "p_error": string,"p_hash": string,"p_operation": string,"p_ticket": string }; Returns: boolean
                           },
"coalesce_purge":
{ Args: Record<PropertyKey, never>; Returns: number
                           },
"coalesce_wait":
{ Args: { "p_hash": string,"p_operation": string,"p_timeout"?: string }; Returns: {
              "error": string,"result": Json,"status": string
            }[]
                           },
"connection_saturation":
{ Args: Record<PropertyKey, never>; Returns: {
              "by_database": Json,"by_state": Json,"max_connections": number,"reserved": number,"usable": number,"used": number,"used_pct": number
            }[]
                           },
"create_performance_alert":
{ Args: { "p_alert_type": string,"p_details"?: Json,"p_message": string,"p_object_name"?: string,"p_severity": string,"p_value"?: number }; Returns: number
                           },
"cron_field_values":
{ Args: { "p_field": string,"p_hi": number,"p_lo": number }; Returns: (number)[]
                           },
"cron_last_due":
{ Args: { "p_at": string,"p_schedule": string,"p_tz"?: string }; Returns: string
                           },
"cron_one_shot":
{ Args: { "p_at": string }; Returns: string
                           },
"cron_timezone":
{ Args: Record<PropertyKey, never>; Returns: string
                           },
"dashboard":
{ Args: { "p_section": string,"p_window"?: string }; Returns: Json
                           },
"dashboard_advice":
{ Args: Record<PropertyKey, never>; Returns: {
              "check_name": string,"doc": string,"fix": string
            }[]
                           },
"dashboard_series":
{ Args: { "p_at": (string)[],"p_values": (number)[] }; Returns: Json
                           },
"detect_unused_indexes":
{ Args: { "age_days"?: number,"min_size_bytes"?: number }; Returns: {
              "days_since_last_scan": number,"definition": string,"first_seen_at": string,"idx_scan": number,"index_size": string,"index_size_bytes": number,"indexname": string,"no_scans_since": string,"schemaname": string,"snapshots": number,"tablename": string
            }[]
                           },
"drop_reindex_leftovers":
{ Args: { "p_dry_run"?: boolean,"p_table"?: unknown }; Returns: {
              "action_id": number,"decision": string,"index_bytes": number,"index_name": string
            }[]
                           },
"drop_time_partitions":
{ Args: { "p_cutoff": string,"p_parent": unknown }; Returns: string[]
                           },
"duplicate_indexes":
{ Args: Record<PropertyKey, never>; Returns: {
              "covered_by": string,"covered_by_definition": string,"definition": string,"index_size_bytes": number,"indexname": string,"kind": string,"schemaname": string,"tablename": string
            }[]
                           },
"enqueue_alert_event":
{ Args: { "a": Omit<Database["ops"]['Tables']["performance_alerts"]['Row'], Database["ops"]['Tables']["performance_alerts"]['ComputedFields']>,"p_status": string }; Returns: number
                           },
"ensure_time_partitions":
{ Args: { "p_count"?: number,"p_from"?: string,"p_granularity": string,"p_parent": unknown }; Returns: number
                           },
"estimate_index_bloat":
{ Args: Record<PropertyKey, never>; Returns: {
              "actual_bytes": number,"bloat_pct": number,"details": Json,"expected_bytes": number,"indexname": string,"live_tuples": number,"relid": unknown,"schemaname": string,"stats_quality": string,"tablename": string
            }[]
                           },
"estimate_table_bloat":
{ Args: Record<PropertyKey, never>; Returns: {
              "actual_bytes": number,"bloat_pct": number,"details": Json,"expected_bytes": number,"live_tuples": number,"relid": unknown,"schemaname": string,"stats_quality": string,"tablename": string
            }[]
                           },
"evaluate_performance_alerts":
{ Args: { "p_checks"?: (string)[] }; Returns: {
              "errors": Json,"opened": number,"resolved": number,"updated": number
            }[]
                           },
"functions_endpoint":
{ Args: Record<PropertyKey, never>; Returns: Record<string, unknown>
                           },
"functions_post":
{ Args: { "p_body": Json,"p_function": string,"p_timeout_ms"?: number }; Returns: number
                           },
"get_slow_queries":
{ Args: { "hours_back"?: number,"min_duration_ms"?: number }; Returns: {
              "avg_duration_ms": number,"execution_count": number,"incomplete": boolean,"last_execution": string,"max_duration_ms": number,"query_text": string,"queryid": number,"toplevel": boolean,"total_duration_ms": number
            }[]
                           },
"index_bloat":
{ Args: { "p_index": unknown }; Returns: {
              "avg_leaf_density": number,"bloat_pct": number,"index_bytes": number,"leaf_pages": number,"wasted_bytes": number
            }[]
                           },
"invalid_indexes":
{ Args: Record<PropertyKey, never>; Returns: {
              "definition": string,"fix": string,"index_size_bytes": number,"indexname": string,"schemaname": string,"tablename": string
            }[]
                           },
"job_status":
{ Args: Record<PropertyKey, never>; Returns: {
              "active": boolean,"command": string,"description": string,"expected_at": string,"health": string,"job_name": string,"jobid": number,"last_duration": string,"last_end": string,"last_message": string,"last_run_id": number,"last_start": string,"last_status": string,"last_success_at": string,"late_by": string,"managed": boolean,"schedule": string
            }[]
                           },
"latest_bloat":
{ Args: { "p_min_pct"?: number }; Returns: {
              "actual_size_bytes": number,
"bloat_bytes": number | null,
"bloat_pct": number,
"dead_tuples": number | null,
"details": NonNullable<Json>,
"duration_ms": number | null,
"estimated_size_bytes": number,
"indexname": string | null,
"last_analyze": string | null,
"last_autoanalyze": string | null,
"last_autovacuum": string | null,
"last_vacuum": string | null,
"live_tuples": number | null,
"method": string,
"mxid_age": number | null,
"relid": unknown,
"relkind": string,
"schemaname": string,
"snapshot_timestamp": string,
"stats_quality": string | null,
"tablename": string,
"xid_age": number | null
            }[]
                          SetofOptions: {
        from: "*"
        to: "table_bloat_snapshots"
        isOneToOne: false
        isSetofReturn: true
      } },
"lock_acquire":
{ Args: { "p_holder": string,"p_key": string,"p_metadata"?: Json,"p_ttl": string }; Returns: number
                           },
"lock_acquire_wait":
{ Args: { "p_holder": string,"p_key": string,"p_metadata"?: Json,"p_timeout": string,"p_ttl": string }; Returns: number
                           },
"lock_assert":
{ Args: { "p_key": string,"p_token": number }; Returns: undefined
                           },
"lock_extend":
{ Args: { "p_holder": string,"p_key": string,"p_token": number,"p_ttl": string }; Returns: boolean
                           },
"lock_purge":
{ Args: { "p_idle"?: string }; Returns: number
                           },
"lock_release":
{ Args: { "p_holder": string,"p_key": string,"p_token": number }; Returns: boolean
                           },
"lock_xact":
{ Args: { "p_key": string,"p_timeout"?: string }; Returns: boolean
                           },
"lock_xact_id":
{ Args: { "p_key": string }; Returns: number
                           },
"lock_xact_try":
{ Args: { "p_key": string }; Returns: boolean
                           },
"log_query_performance":
{ Args: { "p_entries": Json }; Returns: number
                           },
"long_running_sessions":
{ Args: { "p_min_seconds"?: number }; Returns: {
              "application_name": string,"backend_xmin_age": number,"client_addr": string,"pid": number,"query": string,"query_seconds": number,"state": string,"state_seconds": number,"usename": string,"wait_event": string,"wait_event_type": string,"xact_seconds": number
            }[]
                           },
"maintain_indexes":
{ Args: { "p_bloat_threshold"?: number,"p_dry_run"?: boolean,"p_min_index_bytes"?: number,"p_tables"?: (unknown)[] }; Returns: {
              "action_id": number,"bloat_pct": number,"decision": string,"idx_scan": number,"index_bytes": number,"index_name": string,"index_type": string,"schema_name": string,"table_name": string,"wasted_bytes": number
            }[]
                           },
"maintenance_dispatch":
{ Args: Record<PropertyKey, never>; Returns: Json
                           },
"maintenance_enqueue":
{ Args: { "p_index": unknown,"p_kind": string,"p_plan_id": number,"p_reason": string,"p_requested_by": string,"p_respect_window": boolean,"p_table": unknown }; Returns: number
                           },
"maintenance_enqueue_leftover_drops":
{ Args: { "p_plan_id"?: number,"p_table"?: unknown }; Returns: {
              "action_id": number,"index_bytes": number,"index_name": string
            }[]
                           },
"maintenance_exclusion":
{ Args: { "p_oid": unknown }; Returns: string
                           },
"maintenance_lock_available":
{ Args: { "p_table": unknown }; Returns: boolean
                           },
"maintenance_needs":
{ Args: Record<PropertyKey, never>; Returns: {
              "kind": string,"reason": string,"schema_name": string,"table_name": string,"table_oid": unknown
            }[]
                           },
"maintenance_plan":
{ Args: { "p_bloat_threshold"?: number,"p_include_reindex"?: boolean,"p_respect_window"?: boolean,"p_trigger"?: string }; Returns: number
                           },
"maintenance_reindexable":
{ Args: { "p_table"?: unknown }; Returns: {
              "index_bytes": number,"index_oid": unknown,"table_oid": unknown,"why_not": string
            }[]
                           },
"maintenance_require":
{ Args: { "p_caller": string,"p_rel": unknown }; Returns: undefined
                           },
"maintenance_resolve":
{ Args: { "p_caller": string,"p_name": string }; Returns: unknown
                           },
"maintenance_stats":
{ Args: { "p_index_name": string,"p_schema": string,"p_table": unknown }; Returns: Json
                           },
"maintenance_window_open":
{ Args: { "p_at"?: string }; Returns: boolean
                           },
"measure_bloat":
{ Args: { "p_relid": unknown }; Returns: {
              "actual_bytes": number,"bloat_pct": number,"details": Json,"expected_bytes": number,"method": string
            }[]
                           },
"metrics_record":
{ Args: { "p_samples": Json }; Returns: number
                           },
"migrate_chat_messages":
{ Args: { "p_batch_size"?: number }; Returns: {
              "batch_number": number,"done": boolean,"last_legacy_id": number,"rows_inserted": number,"rows_scanned": number
            }[]
                           },
"migrate_with_progress":
{ Args: { "p_batch_size"?: number,"p_max_batches"?: number }; Returns: {
              "batch_number": number,"done": boolean,"last_legacy_id": number,"progress_pct": number,"records_migrated": number,"total_migrated": number
            }[]
                           },
"migration_mark_rolled_back":
{ Args: { "p_by": string,"p_version": string }; Returns: boolean
                           },
"migration_record":
{ Args: { "p_applied_by": string,"p_checksum": string,"p_execution_ms"?: number,"p_name": string,"p_version": string,"p_via"?: string }; Returns: undefined
                           },
"monitoring_excluded_schemas":
{ Args: Record<PropertyKey, never>; Returns: (string)[]
                           },
"monitoring_setting":
{ Args: { "p_key": string }; Returns: string
                           },
"normalize_query":
{ Args: { "p_query": string }; Returns: string
                           },
"outbox_ack":
{ Args: { "p_consumer": string,"p_ids": (number)[] }; Returns: number
                           },
"outbox_claim":
{ Args: { "p_batch"?: number,"p_consumer": string,"p_topic": string,"p_visibility_timeout"?: string }; Returns: {
              "aggregate_id": string | null,
"aggregate_type": string | null,
"attempts": number,
"available_at": string,
"claimed_by": string | null,
"created_at": string,
"dedup_key": string | null,
"done_at": string | null,
"id": number,
"last_error": string | null,
"lease_until": string | null,
"max_attempts": number,
"ordering_key": string | null,
"payload": NonNullable<Json>,
"status": string,
"topic": string
            }[]
                          SetofOptions: {
        from: "*"
        to: "outbox"
        isOneToOne: false
        isSetofReturn: true
      } },
"outbox_enqueue":
{ Args: { "p_aggregate_id"?: string,"p_aggregate_type"?: string,"p_dedup_key"?: string,"p_max_attempts"?: number,"p_ordering_key"?: string,"p_payload": Json,"p_topic": string }; Returns: number
                           },
"outbox_nack":
{ Args: { "p_consumer": string,"p_error": string,"p_id": number,"p_retry_after"?: string }; Returns: string
                           },
"outbox_purge":
{ Args: { "p_batch"?: number,"p_older_than"?: string }; Returns: number
                           },
"outbox_redrive":
{ Args: { "p_ids"?: (number)[],"p_topic": string }; Returns: number
                           },
"outbox_wake_due":
{ Args: Record<PropertyKey, never>; Returns: number
                           },
"outbox_wake_topic":
{ Args: { "p_topic": string }; Returns: boolean
                           },
"parent_analyze_reason":
{ Args: { "p_parent": unknown }; Returns: string
                           },
"partition_bound_literal":
{ Args: { "p_at": string,"p_type": unknown }; Returns: string
                           },
"partition_create":
{ Args: { "p_lower": string,"p_parent": unknown }; Returns: {
              "partition_name": string,"rows_moved": number
            }[]
                           },
"partition_key":
{ Args: { "p_parent": unknown }; Returns: {
              "column_name": string,"column_type": unknown
            }[]
                           },
"partition_key_expr":
{ Args: { "p_column": string,"p_type": unknown }; Returns: string
                           },
"partition_maintain":
{ Args: { "p_parent"?: unknown }; Returns: {
              "analyze_queued": boolean,"created": number,"default_rows": number,"dropped": number,"error": string,"parent": string,"repaired": number
            }[]
                           },
"partition_name":
{ Args: { "p_lower": string,"p_period": string,"p_table": string }; Returns: string
                           },
"partition_period_add":
{ Args: { "p_at": string,"p_n": number,"p_period": string }; Returns: string
                           },
"partition_period_start":
{ Args: { "p_at": string,"p_period": string }; Returns: string
                           },
"partition_register":
{ Args: { "p_auto_repair_default"?: boolean,"p_brin"?: boolean,"p_maintain"?: boolean,"p_parent": unknown,"p_period"?: string,"p_premake"?: number,"p_retention"?: string }; Returns: Json
                           },
"partition_repair_default":
{ Args: { "p_max_partitions"?: number,"p_parent": unknown }; Returns: {
              "lower_bound": string,"partition_name": string,"rows_moved": number
            }[]
                           },
"partition_secure":
{ Args: { "p_name": string,"p_parent": unknown,"p_schema": string }; Returns: undefined
                           },
"partition_unregister":
{ Args: { "p_parent": unknown }; Returns: boolean
                           },
"partitions":
{ Args: { "p_parent": unknown }; Returns: {
              "is_default": boolean,"lower_bound": string,"partition_name": string,"partition_oid": unknown,"schema_name": string,"upper_bound": string
            }[]
                           },
"purge_cron_history":
{ Args: { "p_batch"?: number,"p_keep"?: string }; Returns: number
                           },
"purge_maintenance_history":
{ Args: { "p_keep"?: string }; Returns: number
                           },
"query_hash":
{ Args: { "p_query": string }; Returns: string
                           },
"query_log_stats":
{ Args: { "p_endpoint"?: string,"p_hours"?: number,"p_query_hash"?: string }; Returns: {
              "avg_duration_ms": number,"error_count": number,"max_duration_ms": number,"p50_duration_ms": number,"p95_duration_ms": number,"p99_duration_ms": number,"slow_queries": number,"total_queries": number
            }[]
                           },
"query_log_summary":
{ Args: { "p_group_by"?: string,"p_hours"?: number,"p_limit"?: number }; Returns: {
              "avg_duration_ms": number,"calls": number,"error_count": number,"group_key": string,"max_duration_ms": number,"p95_duration_ms": number,"sample_query": string
            }[]
                           },
"rate_limit_check":
{ Args: { "p_cost"?: number,"p_key": string,"p_limit": number,"p_period": string }; Returns: {
              "allowed": boolean,"remaining": number,"reset_after_ms": number,"retry_after_ms": number
            }[]
                           },
"rate_limit_gcra":
{ Args: { "p_cost": number,"p_limit": number,"p_now_us": number,"p_period_us": number,"p_tat_us": number }; Returns: Record<string, unknown>
                           },
"rate_limit_purge":
{ Args: Record<PropertyKey, never>; Returns: number
                           },
"rate_limit_reset":
{ Args: { "p_key": string }; Returns: boolean
                           },
"record_metric":
{ Args: { "p_dimensions"?: Json,"p_name": string,"p_type": string,"p_value": number }; Returns: undefined
                           },
"register_cache_invalidation":
{ Args: { "p_columns"?: (string)[],"p_keys": (string)[],"p_metadata_column"?: string,"p_operations"?: (string)[],"p_patterns": (string)[],"p_table": unknown,"p_tags": (string)[] }; Returns: number
                           },
"reindex_if_bloated":
{ Args: { "p_table": unknown,"p_threshold"?: number }; Returns: {
              "action_id": number,"bloat_pct": number,"decision": string,"index_bytes": number,"index_name": string
            }[]
                           } |
{ Args: { "p_table": string,"p_threshold"?: number }; Returns: {
              "action_id": number,"bloat_pct": number,"decision": string,"index_bytes": number,"index_name": string
            }[]
                           },
"reindex_leftovers":
{ Args: { "p_table"?: unknown }; Returns: {
              "index_bytes": number,"index_name": string,"index_oid": unknown,"schema_name": string,"table_name": string,"table_oid": unknown
            }[]
                           },
"reloption":
{ Args: { "p_name": string,"p_options": (string)[] }; Returns: string
                           },
"report":
{ Args: { "p_hours"?: number,"p_min_ms"?: number,"p_section"?: string }; Returns: Json
                           },
"reset_chat_migration":
{ Args: Record<PropertyKey, never>; Returns: undefined
                           },
"resolve_performance_alert":
{ Args: { "p_alert_id": number,"p_resolution_notes"?: string,"p_resolved_by"?: string }; Returns: boolean
                           },
"schedule_job":
{ Args: { "p_alert"?: boolean,"p_command": string,"p_description"?: string,"p_late_grace"?: string,"p_name": string,"p_schedule": string }; Returns: number
                           },
"sequence_health":
{ Args: Record<PropertyKey, never>; Returns: {
              "data_type": string,"increment_by": number,"last_value": number,"pct_used": number,"range_max": number,"range_min": number,"remaining_values": number,"schemaname": string,"sequencename": string,"used_by": (string)[]
            }[]
                           },
"set_monitoring_schedule":
{ Args: { "p_retention"?: string,"p_snapshot"?: string }; Returns: undefined
                           },
"table_health":
{ Args: Record<PropertyKey, never>; Returns: {
              "autovacuum_count": number,"autovacuum_due": boolean,"dead_pct": number,"dead_tuples": number,"last_analyze": string,"last_autoanalyze": string,"last_autovacuum": string,"last_vacuum": string,"live_tuples": number,"mods_since_analyze": number,"mxid_age": number,"schemaname": string,"tablename": string,"vacuum_count": number,"xid_age": number
            }[]
                           },
"top_queries":
{ Args: { "p_from": string,"p_limit"?: number,"p_order_by"?: string,"p_to"?: string,"p_toplevel_only"?: boolean }; Returns: {
              "cache_hit_pct": number,"calls": number,"incomplete": boolean,"intervals": number,"last_seen_at": string,"mean_exec_ms": number,"query": string,"queryid": number,"rows": number,"share_of_total_pct": number,"temp_blks_written": number,"total_exec_ms": number
            }[]
                           },
"typalign_bytes":
{ Args: { "p_align": unknown }; Returns: number
                           },
"unindexed_foreign_keys":
{ Args: Record<PropertyKey, never>; Returns: {
              "columns": (string)[],"constraint_name": string,"referenced_table": string,"schemaname": string,"suggestion": string,"table_size_bytes": number,"tablename": string
            }[]
                           },
"unregister_cache_invalidation":
{ Args: { "p_rule_id": number }; Returns: boolean
                           },
"unschedule_job":
{ Args: { "p_name": string }; Returns: boolean
                           },
"upsert_performance_alert":
{ Args: { "p_alert_type": string,"p_details"?: Json,"p_message": string,"p_object_name"?: string,"p_severity": string,"p_value"?: number }; Returns: {
              "action": string,"alert_id": number
            }[]
                           },
"vacuum_analyze_table":
{ Args: { "p_table": unknown }; Returns: { error: true } & "Could not choose the best candidate function between: ops.vacuum_analyze_table(p_table => text), ops.vacuum_analyze_table(p_table => regclass). Try renaming the parameters or the function itself in the database so function overloading can be resolved"
                           } |
{ Args: { "p_table": string }; Returns: { error: true } & "Could not choose the best candidate function between: ops.vacuum_analyze_table(p_table => text), ops.vacuum_analyze_table(p_table => regclass). Try renaming the parameters or the function itself in the database so function overloading can be resolved"
                           },
"weekly_maintenance":
{ Args: Record<PropertyKey, never>; Returns: Json
                           },
"workspace_fix_owner_id":
{ Args: { "ws": string }; Returns: undefined
                           },
"workspace_has_other_owner":
{ Args: { "excluding"?: string,"ws": string }; Returns: boolean
                           },
"wraparound_status":
{ Args: Record<PropertyKey, never>; Returns: {
              "autovacuum_freeze_max_age": number,"database": string,"mxid_age": number,"mxid_pct": number,"oldest_tables": Json,"xid_age": number,"xid_pct": number
            }[]
                           },
"ws_session_close":
{ Args: { "p_connection_id": string,"p_reason"?: string }; Returns: boolean
                           },
"ws_session_open":
{ Args: { "p_connection_id": string,"p_ip_address"?: unknown,"p_user_agent"?: string,"p_user_id": string,"p_workspace_id"?: string }; Returns: string
                           },
"ws_session_ping":
{ Args: { "p_connection_id": string }; Returns: boolean
                           },
"ws_sessions_reap":
{ Args: { "p_batch_size"?: number,"p_retention"?: string,"p_stale_after": string }; Returns: {
              "purged": number,"timed_out": number
            }[]
                           }
          }
          Enums: {
            [_ in never]: never
          }
          CompositeTypes: {
            "alert_finding": {
                        "alert_type": string | null,"object_name": string | null,"severity": string | null,"value": number | null,"message": string | null,"details": Json | null
                      }
          }
        },"public": {
          Tables: {
            "agent_memories": {
                  Row: {
                    "access_count": number,"agent_id": string,"content": string,"created_at": string,"decay_rate": number,"embedding": (number)[] | null,"expires_at": string | null,"id": string,"importance": number,"last_accessed_at": string | null,"last_decayed_at": string,"memory_type": string,"metadata": NonNullable<Json>,"updated_at": string,"user_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "access_count"?: number,"agent_id": string,"content": string,"created_at"?: string,"decay_rate"?: number,"embedding"?: (number)[] | null,"expires_at"?: string | null,"id"?: string,"importance"?: number,"last_accessed_at"?: string | null,"last_decayed_at"?: string,"memory_type": string,"metadata"?: NonNullable<Json>,"updated_at"?: string,"user_id"?: string
                  }
                  Update: {
                    "access_count"?: number,"agent_id"?: string,"content"?: string,"created_at"?: string,"decay_rate"?: number,"embedding"?: (number)[] | null,"expires_at"?: string | null,"id"?: string,"importance"?: number,"last_accessed_at"?: string | null,"last_decayed_at"?: string,"memory_type"?: string,"metadata"?: NonNullable<Json>,"updated_at"?: string,"user_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "agent_memories_agent_fkey"
      columns: ["agent_id","user_id"]
isOneToOne: false
      referencedRelation: "agents"
      referencedColumns: ["id","user_id"]
    }
                  ]
                },"agent_memory_links": {
                  Row: {
                    "created_at": string,"relation_type": string,"source_memory_id": string,"strength": number,"target_memory_id": string,"user_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"relation_type": string,"source_memory_id": string,"strength"?: number,"target_memory_id": string,"user_id"?: string
                  }
                  Update: {
                    "created_at"?: string,"relation_type"?: string,"source_memory_id"?: string,"strength"?: number,"target_memory_id"?: string,"user_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "agent_memory_links_source_fkey"
      columns: ["user_id","source_memory_id"]
isOneToOne: false
      referencedRelation: "agent_memories"
      referencedColumns: ["user_id","id"]
    },{
      foreignKeyName: "agent_memory_links_target_fkey"
      columns: ["target_memory_id","user_id"]
isOneToOne: false
      referencedRelation: "agent_memories"
      referencedColumns: ["id","user_id"]
    }
                  ]
                },"agent_states": {
                  Row: {
                    "agent_id": string,"created_at": string,"id": string,"is_current": boolean,"state_data": NonNullable<Json>,"state_hash": string,"state_type": string,"superseded_at": string | null,"user_id": string,"version": number
                  }
                  ComputedFields: never
                  Insert: {
                    "agent_id": string,"created_at"?: string,"id"?: string,"is_current"?: boolean,"state_data"?: NonNullable<Json>,"state_hash"?: string,"state_type": string,"superseded_at"?: string | null,"user_id"?: string,"version": number
                  }
                  Update: {
                    "agent_id"?: string,"created_at"?: string,"id"?: string,"is_current"?: boolean,"state_data"?: NonNullable<Json>,"state_hash"?: string,"state_type"?: string,"superseded_at"?: string | null,"user_id"?: string,"version"?: number
                  }
                  Relationships: [
                    {
      foreignKeyName: "agent_states_agent_fkey"
      columns: ["agent_id","user_id"]
isOneToOne: false
      referencedRelation: "agents"
      referencedColumns: ["id","user_id"]
    }
                  ]
                },"agent_tasks": {
                  Row: {
                    "attempts": number,"created_at": string,"created_by": string | null,"finished_at": string | null,"id": string,"last_error": string | null,"locked_by": string | null,"locked_until": string | null,"max_attempts": number,"payload": NonNullable<Json>,"priority": number,"result": Json | null,"run_after": string,"started_at": string | null,"status": string,"task_type": string,"timeout": string,"updated_at": string,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "attempts"?: number,"created_at"?: string,"created_by"?: string | null,"finished_at"?: string | null,"id"?: string,"last_error"?: string | null,"locked_by"?: string | null,"locked_until"?: string | null,"max_attempts"?: number,"payload"?: NonNullable<Json>,"priority"?: number,"result"?: Json | null,"run_after"?: string,"started_at"?: string | null,"status"?: string,"task_type": string,"timeout"?: string,"updated_at"?: string,"workspace_id": string
                  }
                  Update: {
                    "attempts"?: number,"created_at"?: string,"created_by"?: string | null,"finished_at"?: string | null,"id"?: string,"last_error"?: string | null,"locked_by"?: string | null,"locked_until"?: string | null,"max_attempts"?: number,"payload"?: NonNullable<Json>,"priority"?: number,"result"?: Json | null,"run_after"?: string,"started_at"?: string | null,"status"?: string,"task_type"?: string,"timeout"?: string,"updated_at"?: string,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "agent_tasks_created_by_fkey"
      columns: ["created_by"]
isOneToOne: false
      referencedRelation: "user_profiles"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "agent_tasks_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"agents": {
                  Row: {
                    "config": NonNullable<Json>,"created_at": string,"description": string | null,"id": string,"is_active": boolean,"model": string | null,"name": string,"system_prompt": string | null,"updated_at": string,"user_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "config"?: NonNullable<Json>,"created_at"?: string,"description"?: string | null,"id"?: string,"is_active"?: boolean,"model"?: string | null,"name": string,"system_prompt"?: string | null,"updated_at"?: string,"user_id"?: string
                  }
                  Update: {
                    "config"?: NonNullable<Json>,"created_at"?: string,"description"?: string | null,"id"?: string,"is_active"?: boolean,"model"?: string | null,"name"?: string,"system_prompt"?: string | null,"updated_at"?: string,"user_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "agents_user_id_fkey"
      columns: ["user_id"]
isOneToOne: false
      referencedRelation: "user_profiles"
      referencedColumns: ["id"]
    }
                  ]
                },"ai_usage_tracking": {
                  Row: {
                    "cache_hit": boolean,"circuit_breaker_state": string | null,"completion_tokens": number,"cost_usd": number,"created_at": string,"fallback_model": string | null,"id": string,"latency_ms": number | null,"metadata": NonNullable<Json>,"model": string,"operation": string,"prompt_tokens": number,"total_tokens": number | null,"user_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "cache_hit"?: boolean,"circuit_breaker_state"?: string | null,"completion_tokens"?: number,"cost_usd"?: number,"created_at"?: string,"fallback_model"?: string | null,"id"?: string,"latency_ms"?: number | null,"metadata"?: NonNullable<Json>,"model": string,"operation"?: string,"prompt_tokens"?: number,"total_tokens"?: never,"user_id": string
                  }
                  Update: {
                    "cache_hit"?: boolean,"circuit_breaker_state"?: string | null,"completion_tokens"?: number,"cost_usd"?: number,"created_at"?: string,"fallback_model"?: string | null,"id"?: string,"latency_ms"?: number | null,"metadata"?: NonNullable<Json>,"model"?: string,"operation"?: string,"prompt_tokens"?: number,"total_tokens"?: never,"user_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "ai_usage_tracking_user_id_fkey"
      columns: ["user_id"]
isOneToOne: false
      referencedRelation: "user_profiles"
      referencedColumns: ["id"]
    }
                  ]
                },"audit_logs": {
                  Row: {
                    "actor_id": string | null,"actor_role": string,"changed_fields": (string)[] | null,"id": string,"new_data": Json | null,"occurred_at": string,"old_data": Json | null,"operation": string,"record_id": string | null,"table_name": string,"table_schema": string,"txid": number,"workspace_id": string | null
                  }
                  ComputedFields: never
                  Insert: {
                    "actor_id"?: string | null,"actor_role"?: string,"changed_fields"?: (string)[] | null,"id"?: string,"new_data"?: Json | null,"occurred_at"?: string,"old_data"?: Json | null,"operation": string,"record_id"?: string | null,"table_name": string,"table_schema": string,"txid"?: number,"workspace_id"?: string | null
                  }
                  Update: {
                    "actor_id"?: string | null,"actor_role"?: string,"changed_fields"?: (string)[] | null,"id"?: string,"new_data"?: Json | null,"occurred_at"?: string,"old_data"?: Json | null,"operation"?: string,"record_id"?: string | null,"table_name"?: string,"table_schema"?: string,"txid"?: number,"workspace_id"?: string | null
                  }
                  Relationships: [
                    
                  ]
                },"batch_jobs": {
                  Row: {
                    "attempts": number,"completed_items": number,"config": NonNullable<Json>,"created_at": string,"created_by": string | null,"error_message": string | null,"failed_items": number,"finished_at": string | null,"id": string,"job_type": string,"lease_until": string | null,"max_attempts": number,"name": string,"priority": number,"progress_pct": number,"started_at": string | null,"status": string,"total_items": number,"updated_at": string,"worker_id": string | null,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "attempts"?: number,"completed_items"?: number,"config"?: NonNullable<Json>,"created_at"?: string,"created_by"?: string | null,"error_message"?: string | null,"failed_items"?: number,"finished_at"?: string | null,"id"?: string,"job_type"?: string,"lease_until"?: string | null,"max_attempts"?: number,"name": string,"priority"?: number,"progress_pct"?: never,"started_at"?: string | null,"status"?: string,"total_items"?: number,"updated_at"?: string,"worker_id"?: string | null,"workspace_id": string
                  }
                  Update: {
                    "attempts"?: number,"completed_items"?: number,"config"?: NonNullable<Json>,"created_at"?: string,"created_by"?: string | null,"error_message"?: string | null,"failed_items"?: number,"finished_at"?: string | null,"id"?: string,"job_type"?: string,"lease_until"?: string | null,"max_attempts"?: number,"name"?: string,"priority"?: number,"progress_pct"?: never,"started_at"?: string | null,"status"?: string,"total_items"?: number,"updated_at"?: string,"worker_id"?: string | null,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "batch_jobs_created_by_fkey"
      columns: ["created_by"]
isOneToOne: false
      referencedRelation: "user_profiles"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "batch_jobs_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"cache_metadata": {
                  Row: {
                    "access_count": number,"accessed_at": string,"cache_key": string,"cache_type": string,"created_at": string,"document_id": string | null,"expires_at": string,"ttl_seconds": number,"user_id": string | null
                  }
                  ComputedFields: never
                  Insert: {
                    "access_count"?: number,"accessed_at"?: string,"cache_key": string,"cache_type": string,"created_at"?: string,"document_id"?: string | null,"expires_at": string,"ttl_seconds": number,"user_id"?: string | null
                  }
                  Update: {
                    "access_count"?: number,"accessed_at"?: string,"cache_key"?: string,"cache_type"?: string,"created_at"?: string,"document_id"?: string | null,"expires_at"?: string,"ttl_seconds"?: number,"user_id"?: string | null
                  }
                  Relationships: [
                    {
      foreignKeyName: "cache_metadata_document_id_fkey"
      columns: ["document_id"]
isOneToOne: false
      referencedRelation: "documents"
      referencedColumns: ["id"]
    }
                  ]
                },"chat_messages": {
                  Row: {
                    "content": string,"conversation_id": string,"created_at": string,"id": number,"role": string,"token_count": number | null,"user_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "content": string,"conversation_id": string,"created_at"?: string,"id"?: never,"role": string,"token_count"?: number | null,"user_id"?: string
                  }
                  Update: {
                    "content"?: string,"conversation_id"?: string,"created_at"?: string,"id"?: never,"role"?: string,"token_count"?: number | null,"user_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "chat_messages_user_id_fkey"
      columns: ["user_id"]
isOneToOne: false
      referencedRelation: "user_profiles"
      referencedColumns: ["id"]
    }
                  ]
                },"chat_messages_v2": {
                  Row: {
                    "content": NonNullable<Json>,"conversation_id": string,"created_at": string,"edited_at": string | null,"id": string,"legacy_id": number | null,"metadata": NonNullable<Json>,"parent_id": string | null,"role": string,"session_id": string | null,"updated_at": string,"user_id": string,"version": number
                  }
                  ComputedFields: never
                  Insert: {
                    "content": NonNullable<Json>,"conversation_id": string,"created_at"?: string,"edited_at"?: string | null,"id"?: string,"legacy_id"?: number | null,"metadata"?: NonNullable<Json>,"parent_id"?: string | null,"role": string,"session_id"?: string | null,"updated_at"?: string,"user_id"?: string,"version"?: number
                  }
                  Update: {
                    "content"?: NonNullable<Json>,"conversation_id"?: string,"created_at"?: string,"edited_at"?: string | null,"id"?: string,"legacy_id"?: number | null,"metadata"?: NonNullable<Json>,"parent_id"?: string | null,"role"?: string,"session_id"?: string | null,"updated_at"?: string,"user_id"?: string,"version"?: number
                  }
                  Relationships: [
                    {
      foreignKeyName: "chat_messages_v2_parent_fkey"
      columns: ["parent_id","user_id"]
isOneToOne: false
      referencedRelation: "chat_messages_v2"
      referencedColumns: ["id","user_id"]
    },{
      foreignKeyName: "chat_messages_v2_session_fkey"
      columns: ["session_id","user_id"]
isOneToOne: false
      referencedRelation: "conversation_sessions"
      referencedColumns: ["id","user_id"]
    },{
      foreignKeyName: "chat_messages_v2_user_id_fkey"
      columns: ["user_id"]
isOneToOne: false
      referencedRelation: "user_profiles"
      referencedColumns: ["id"]
    }
                  ]
                },"circuit_breaker_states": {
                  Row: {
                    "call_count": number,"created_at": string,"failure_count": number,"failure_rate": number | null,"failure_rate_threshold": number,"half_open_admitted": number,"half_open_at": string | null,"half_open_calls": number,"half_open_failures": number,"half_open_slow": number,"last_failure_time": string | null,"last_state_change": string,"last_success_time": string | null,"max_wait_in_half_open": string | null,"metadata": NonNullable<Json>,"minimum_number_of_calls": number,"opened_at": string | null,"permitted_calls_in_half_open": number,"service_name": string,"sliding_window_size": number,"sliding_window_type": string,"slow_call_count": number,"slow_call_duration_ms": number,"slow_call_rate": number | null,"slow_call_rate_threshold": number,"state": string,"updated_at": string,"wait_duration_in_open": string,"win_calls": (number)[],"win_cursor": number,"win_failures": (number)[],"win_slow": (number)[]
                  }
                  ComputedFields: never
                  Insert: {
                    "call_count"?: number,"created_at"?: string,"failure_count"?: number,"failure_rate"?: never,"failure_rate_threshold"?: number,"half_open_admitted"?: number,"half_open_at"?: string | null,"half_open_calls"?: number,"half_open_failures"?: number,"half_open_slow"?: number,"last_failure_time"?: string | null,"last_state_change"?: string,"last_success_time"?: string | null,"max_wait_in_half_open"?: string | null,"metadata"?: NonNullable<Json>,"minimum_number_of_calls"?: number,"opened_at"?: string | null,"permitted_calls_in_half_open"?: number,"service_name": string,"sliding_window_size"?: number,"sliding_window_type"?: string,"slow_call_count"?: number,"slow_call_duration_ms"?: number,"slow_call_rate"?: never,"slow_call_rate_threshold"?: number,"state"?: string,"updated_at"?: string,"wait_duration_in_open"?: string,"win_calls"?: (number)[],"win_cursor"?: number,"win_failures"?: (number)[],"win_slow"?: (number)[]
                  }
                  Update: {
                    "call_count"?: number,"created_at"?: string,"failure_count"?: number,"failure_rate"?: never,"failure_rate_threshold"?: number,"half_open_admitted"?: number,"half_open_at"?: string | null,"half_open_calls"?: number,"half_open_failures"?: number,"half_open_slow"?: number,"last_failure_time"?: string | null,"last_state_change"?: string,"last_success_time"?: string | null,"max_wait_in_half_open"?: string | null,"metadata"?: NonNullable<Json>,"minimum_number_of_calls"?: number,"opened_at"?: string | null,"permitted_calls_in_half_open"?: number,"service_name"?: string,"sliding_window_size"?: number,"sliding_window_type"?: string,"slow_call_count"?: number,"slow_call_duration_ms"?: number,"slow_call_rate"?: never,"slow_call_rate_threshold"?: number,"state"?: string,"updated_at"?: string,"wait_duration_in_open"?: string,"win_calls"?: (number)[],"win_cursor"?: number,"win_failures"?: (number)[],"win_slow"?: (number)[]
                  }
                  Relationships: [
                    
                  ]
                },"context_snapshots": {
                  Row: {
                    "created_at": string,"expires_at": string,"id": string,"metrics": NonNullable<Json>,"session_id": string,"snapshot": NonNullable<Json>,"token_count": number,"user_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"expires_at"?: string,"id"?: string,"metrics"?: NonNullable<Json>,"session_id": string,"snapshot": NonNullable<Json>,"token_count"?: number,"user_id"?: string
                  }
                  Update: {
                    "created_at"?: string,"expires_at"?: string,"id"?: string,"metrics"?: NonNullable<Json>,"session_id"?: string,"snapshot"?: NonNullable<Json>,"token_count"?: number,"user_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "context_snapshots_session_fkey"
      columns: ["session_id","user_id"]
isOneToOne: false
      referencedRelation: "conversation_sessions"
      referencedColumns: ["id","user_id"]
    }
                  ]
                },"conversation_sessions": {
                  Row: {
                    "agent_id": string | null,"conversation_id": string,"created_at": string,"ended_at": string | null,"id": string,"last_activity_at": string,"metrics": NonNullable<Json>,"session_state": NonNullable<Json>,"started_at": string,"status": string,"updated_at": string,"user_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "agent_id"?: string | null,"conversation_id"?: string,"created_at"?: string,"ended_at"?: string | null,"id"?: string,"last_activity_at"?: string,"metrics"?: NonNullable<Json>,"session_state"?: NonNullable<Json>,"started_at"?: string,"status"?: string,"updated_at"?: string,"user_id"?: string
                  }
                  Update: {
                    "agent_id"?: string | null,"conversation_id"?: string,"created_at"?: string,"ended_at"?: string | null,"id"?: string,"last_activity_at"?: string,"metrics"?: NonNullable<Json>,"session_state"?: NonNullable<Json>,"started_at"?: string,"status"?: string,"updated_at"?: string,"user_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "conversation_sessions_agent_fkey"
      columns: ["agent_id","user_id"]
isOneToOne: false
      referencedRelation: "agents"
      referencedColumns: ["id","user_id"]
    },{
      foreignKeyName: "conversation_sessions_user_id_fkey"
      columns: ["user_id"]
isOneToOne: false
      referencedRelation: "user_profiles"
      referencedColumns: ["id"]
    }
                  ]
                },"conversation_templates": {
                  Row: {
                    "category": string | null,"created_at": string,"created_by": string | null,"description": string | null,"id": string,"is_active": boolean,"name": string,"rating": number | null,"template_md5": string,"template_text": string,"tier": string,"updated_at": string,"usage_count": number,"variables": NonNullable<Json>,"version": number,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "category"?: string | null,"created_at"?: string,"created_by"?: string | null,"description"?: string | null,"id"?: string,"is_active"?: boolean,"name": string,"rating"?: number | null,"template_md5"?: never,"template_text": string,"tier"?: string,"updated_at"?: string,"usage_count"?: number,"variables"?: NonNullable<Json>,"version"?: number,"workspace_id": string
                  }
                  Update: {
                    "category"?: string | null,"created_at"?: string,"created_by"?: string | null,"description"?: string | null,"id"?: string,"is_active"?: boolean,"name"?: string,"rating"?: number | null,"template_md5"?: never,"template_text"?: string,"tier"?: string,"updated_at"?: string,"usage_count"?: number,"variables"?: NonNullable<Json>,"version"?: number,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "conversation_templates_created_by_fkey"
      columns: ["created_by"]
isOneToOne: false
      referencedRelation: "user_profiles"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "conversation_templates_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"conversation_turns": {
                  Row: {
                    "content": string,"conversation_id": string,"created_at": string,"metadata": NonNullable<Json>,"role": string,"token_count": number,"turn_number": number,"updated_at": string,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "content": string,"conversation_id": string,"created_at"?: string,"metadata"?: NonNullable<Json>,"role": string,"token_count"?: number,"turn_number": number,"updated_at"?: string,"workspace_id": string
                  }
                  Update: {
                    "content"?: string,"conversation_id"?: string,"created_at"?: string,"metadata"?: NonNullable<Json>,"role"?: string,"token_count"?: number,"turn_number"?: number,"updated_at"?: string,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "conversation_turns_conversation_fkey"
      columns: ["conversation_id","workspace_id"]
isOneToOne: false
      referencedRelation: "conversations"
      referencedColumns: ["id","workspace_id"]
    }
                  ]
                },"conversations": {
                  Row: {
                    "batch_job_id": string | null,"created_at": string,"created_by": string | null,"edge_case_id": string | null,"emotion": string | null,"estimated_cost_usd": number,"id": string,"parameters": NonNullable<Json>,"persona": string | null,"quality_metrics": NonNullable<Json>,"quality_score": number | null,"review_notes": string | null,"reviewed_at": string | null,"reviewed_by": string | null,"scenario_id": string | null,"status": string,"template_id": string | null,"tier": string,"title": string | null,"total_tokens": number,"turn_count": number,"updated_at": string,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "batch_job_id"?: string | null,"created_at"?: string,"created_by"?: string | null,"edge_case_id"?: string | null,"emotion"?: string | null,"estimated_cost_usd"?: number,"id"?: string,"parameters"?: NonNullable<Json>,"persona"?: string | null,"quality_metrics"?: NonNullable<Json>,"quality_score"?: number | null,"review_notes"?: string | null,"reviewed_at"?: string | null,"reviewed_by"?: string | null,"scenario_id"?: string | null,"status"?: string,"template_id"?: string | null,"tier"?: string,"title"?: string | null,"total_tokens"?: number,"turn_count"?: number,"updated_at"?: string,"workspace_id": string
                  }
                  Update: {
                    "batch_job_id"?: string | null,"created_at"?: string,"created_by"?: string | null,"edge_case_id"?: string | null,"emotion"?: string | null,"estimated_cost_usd"?: number,"id"?: string,"parameters"?: NonNullable<Json>,"persona"?: string | null,"quality_metrics"?: NonNullable<Json>,"quality_score"?: number | null,"review_notes"?: string | null,"reviewed_at"?: string | null,"reviewed_by"?: string | null,"scenario_id"?: string | null,"status"?: string,"template_id"?: string | null,"tier"?: string,"title"?: string | null,"total_tokens"?: number,"turn_count"?: number,"updated_at"?: string,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "conversations_batch_job_fkey"
      columns: ["batch_job_id","workspace_id"]
isOneToOne: false
      referencedRelation: "batch_jobs"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "conversations_created_by_fkey"
      columns: ["created_by"]
isOneToOne: false
      referencedRelation: "user_profiles"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "conversations_edge_case_fkey"
      columns: ["edge_case_id","workspace_id"]
isOneToOne: false
      referencedRelation: "edge_cases"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "conversations_reviewed_by_fkey"
      columns: ["reviewed_by"]
isOneToOne: false
      referencedRelation: "user_profiles"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "conversations_scenario_fkey"
      columns: ["scenario_id","workspace_id"]
isOneToOne: false
      referencedRelation: "scenarios"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "conversations_template_fkey"
      columns: ["template_id","workspace_id"]
isOneToOne: false
      referencedRelation: "conversation_templates"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "conversations_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"documents": {
                  Row: {
                    "content": string,"content_hash": string,"created_at": string,"enhanced_at": string | null,"enhanced_content": string | null,"id": string,"metadata": NonNullable<Json>,"mime_type": string,"perceptual_hash": number | null,"status": string,"title": string,"updated_at": string,"user_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "content"?: string,"content_hash"?: string,"created_at"?: string,"enhanced_at"?: string | null,"enhanced_content"?: string | null,"id"?: string,"metadata"?: NonNullable<Json>,"mime_type"?: string,"perceptual_hash"?: number | null,"status"?: string,"title"?: string,"updated_at"?: string,"user_id"?: string
                  }
                  Update: {
                    "content"?: string,"content_hash"?: string,"created_at"?: string,"enhanced_at"?: string | null,"enhanced_content"?: string | null,"id"?: string,"metadata"?: NonNullable<Json>,"mime_type"?: string,"perceptual_hash"?: number | null,"status"?: string,"title"?: string,"updated_at"?: string,"user_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "documents_user_id_fkey"
      columns: ["user_id"]
isOneToOne: false
      referencedRelation: "user_profiles"
      referencedColumns: ["id"]
    }
                  ]
                },"edge_cases": {
                  Row: {
                    "created_at": string,"created_by": string | null,"description": string,"difficulty": number,"edge_case_type": string,"expected_behavior": string,"id": string,"is_active": boolean,"scenario_id": string,"severity": string,"title": string,"updated_at": string,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"created_by"?: string | null,"description": string,"difficulty"?: number,"edge_case_type": string,"expected_behavior": string,"id"?: string,"is_active"?: boolean,"scenario_id": string,"severity"?: string,"title": string,"updated_at"?: string,"workspace_id": string
                  }
                  Update: {
                    "created_at"?: string,"created_by"?: string | null,"description"?: string,"difficulty"?: number,"edge_case_type"?: string,"expected_behavior"?: string,"id"?: string,"is_active"?: boolean,"scenario_id"?: string,"severity"?: string,"title"?: string,"updated_at"?: string,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "edge_cases_created_by_fkey"
      columns: ["created_by"]
isOneToOne: false
      referencedRelation: "user_profiles"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "edge_cases_scenario_fkey"
      columns: ["scenario_id","workspace_id"]
isOneToOne: false
      referencedRelation: "scenarios"
      referencedColumns: ["id","workspace_id"]
    }
                  ]
                },"export_logs": {
                  Row: {
                    "checksum_sha256": string | null,"conversation_count": number,"created_at": string,"duration_ms": number,"error_message": string | null,"expires_at": string | null,"file_size_bytes": number | null,"filters": NonNullable<Json>,"finished_at": string,"format": string,"id": string,"requested_by": string | null,"started_at": string,"status": string,"storage_path": string | null,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "checksum_sha256"?: string | null,"conversation_count"?: number,"created_at"?: string,"duration_ms"?: never,"error_message"?: string | null,"expires_at"?: string | null,"file_size_bytes"?: number | null,"filters"?: NonNullable<Json>,"finished_at"?: string,"format": string,"id"?: string,"requested_by"?: string | null,"started_at": string,"status": string,"storage_path"?: string | null,"workspace_id": string
                  }
                  Update: {
                    "checksum_sha256"?: string | null,"conversation_count"?: number,"created_at"?: string,"duration_ms"?: never,"error_message"?: string | null,"expires_at"?: string | null,"file_size_bytes"?: number | null,"filters"?: NonNullable<Json>,"finished_at"?: string,"format"?: string,"id"?: string,"requested_by"?: string | null,"started_at"?: string,"status"?: string,"storage_path"?: string | null,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "export_logs_requested_by_fkey"
      columns: ["requested_by"]
isOneToOne: false
      referencedRelation: "user_profiles"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "export_logs_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"file_versions": {
                  Row: {
                    "content": string | null,"content_hash": string,"created_at": string,"created_by": string | null,"diff": string | null,"file_id": string,"id": string,"size_bytes": number,"version": number,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "content"?: string | null,"content_hash": string,"created_at"?: string,"created_by"?: string | null,"diff"?: string | null,"file_id": string,"id"?: string,"size_bytes": number,"version": number,"workspace_id": string
                  }
                  Update: {
                    "content"?: string | null,"content_hash"?: string,"created_at"?: string,"created_by"?: string | null,"diff"?: string | null,"file_id"?: string,"id"?: string,"size_bytes"?: number,"version"?: number,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "file_versions_created_by_fkey"
      columns: ["created_by"]
isOneToOne: false
      referencedRelation: "user_profiles"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "file_versions_file_fkey"
      columns: ["file_id","workspace_id"]
isOneToOne: false
      referencedRelation: "files"
      referencedColumns: ["id","workspace_id"]
    }
                  ]
                },"files": {
                  Row: {
                    "content": string,"content_hash": string,"content_tsv": unknown,"created_at": string,"created_by": string | null,"depth": number,"id": string,"mime_type": string,"name": string,"path": string,"size_bytes": number,"updated_at": string,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "content"?: string,"content_hash"?: string,"content_tsv"?: never,"created_at"?: string,"created_by"?: string | null,"depth"?: never,"id"?: string,"mime_type"?: string,"name"?: never,"path": string,"size_bytes"?: never,"updated_at"?: string,"workspace_id": string
                  }
                  Update: {
                    "content"?: string,"content_hash"?: string,"content_tsv"?: never,"created_at"?: string,"created_by"?: string | null,"depth"?: never,"id"?: string,"mime_type"?: string,"name"?: never,"path"?: string,"size_bytes"?: never,"updated_at"?: string,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "files_created_by_fkey"
      columns: ["created_by"]
isOneToOne: false
      referencedRelation: "user_profiles"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "files_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"generation_logs": {
                  Row: {
                    "attempt": number,"batch_job_id": string | null,"conversation_id": string | null,"cost_usd": number,"created_at": string,"duration_ms": number | null,"error_code": string | null,"error_message": string | null,"id": string,"input_tokens": number,"model": string,"output_tokens": number,"parameters": NonNullable<Json>,"request_id": string | null,"requested_by": string | null,"status": string,"template_id": string | null,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "attempt"?: number,"batch_job_id"?: string | null,"conversation_id"?: string | null,"cost_usd"?: number,"created_at"?: string,"duration_ms"?: number | null,"error_code"?: string | null,"error_message"?: string | null,"id"?: string,"input_tokens"?: number,"model": string,"output_tokens"?: number,"parameters"?: NonNullable<Json>,"request_id"?: string | null,"requested_by"?: string | null,"status": string,"template_id"?: string | null,"workspace_id": string
                  }
                  Update: {
                    "attempt"?: number,"batch_job_id"?: string | null,"conversation_id"?: string | null,"cost_usd"?: number,"created_at"?: string,"duration_ms"?: number | null,"error_code"?: string | null,"error_message"?: string | null,"id"?: string,"input_tokens"?: number,"model"?: string,"output_tokens"?: number,"parameters"?: NonNullable<Json>,"request_id"?: string | null,"requested_by"?: string | null,"status"?: string,"template_id"?: string | null,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "generation_logs_batch_job_fkey"
      columns: ["batch_job_id","workspace_id"]
isOneToOne: false
      referencedRelation: "batch_jobs"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "generation_logs_conversation_fkey"
      columns: ["conversation_id","workspace_id"]
isOneToOne: false
      referencedRelation: "conversations"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "generation_logs_template_fkey"
      columns: ["template_id","workspace_id"]
isOneToOne: false
      referencedRelation: "conversation_templates"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "generation_logs_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"metrics": {
                  Row: {
                    "id": number,"metric_name": string,"tags": NonNullable<Json>,"time": string,"value": number,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "id"?: never,"metric_name": string,"tags"?: NonNullable<Json>,"time": string,"value": number,"workspace_id": string
                  }
                  Update: {
                    "id"?: never,"metric_name"?: string,"tags"?: NonNullable<Json>,"time"?: string,"value"?: number,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "metrics_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"scenarios": {
                  Row: {
                    "context": string,"created_at": string,"created_by": string | null,"description": string | null,"emotion": string | null,"id": string,"is_active": boolean,"name": string,"parameters": NonNullable<Json>,"persona": string | null,"tags": (string)[],"template_id": string | null,"updated_at": string,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "context"?: string,"created_at"?: string,"created_by"?: string | null,"description"?: string | null,"emotion"?: string | null,"id"?: string,"is_active"?: boolean,"name": string,"parameters"?: NonNullable<Json>,"persona"?: string | null,"tags"?: (string)[],"template_id"?: string | null,"updated_at"?: string,"workspace_id": string
                  }
                  Update: {
                    "context"?: string,"created_at"?: string,"created_by"?: string | null,"description"?: string | null,"emotion"?: string | null,"id"?: string,"is_active"?: boolean,"name"?: string,"parameters"?: NonNullable<Json>,"persona"?: string | null,"tags"?: (string)[],"template_id"?: string | null,"updated_at"?: string,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "scenarios_created_by_fkey"
      columns: ["created_by"]
isOneToOne: false
      referencedRelation: "user_profiles"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "scenarios_template_fkey"
      columns: ["template_id","workspace_id"]
isOneToOne: false
      referencedRelation: "conversation_templates"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "scenarios_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"state_checkpoints": {
                  Row: {
                    "agent_id": string,"checkpoint_hash": string,"checkpoint_type": string,"created_at": string,"id": string,"label": string | null,"retain_until": string | null,"states": NonNullable<Json>,"user_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "agent_id": string,"checkpoint_hash"?: string,"checkpoint_type"?: string,"created_at"?: string,"id"?: string,"label"?: string | null,"retain_until"?: string | null,"states": NonNullable<Json>,"user_id"?: string
                  }
                  Update: {
                    "agent_id"?: string,"checkpoint_hash"?: string,"checkpoint_type"?: string,"created_at"?: string,"id"?: string,"label"?: string | null,"retain_until"?: string | null,"states"?: NonNullable<Json>,"user_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "state_checkpoints_agent_fkey"
      columns: ["agent_id","user_id"]
isOneToOne: false
      referencedRelation: "agents"
      referencedColumns: ["id","user_id"]
    }
                  ]
                },"user_profiles": {
                  Row: {
                    "avatar_url": string | null,"created_at": string,"display_name": string | null,"id": string,"preferences": NonNullable<Json>,"role": string,"subscription_tier": string,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "avatar_url"?: string | null,"created_at"?: string,"display_name"?: string | null,"id": string,"preferences"?: NonNullable<Json>,"role"?: string,"subscription_tier"?: string,"updated_at"?: string
                  }
                  Update: {
                    "avatar_url"?: string | null,"created_at"?: string,"display_name"?: string | null,"id"?: string,"preferences"?: NonNullable<Json>,"role"?: string,"subscription_tier"?: string,"updated_at"?: string
                  }
                  Relationships: [
                    
                  ]
                },"websocket_sessions": {
                  Row: {
                    "connected_at": string,"connection_id": string,"disconnect_reason": string | null,"disconnected_at": string | null,"id": string,"ip_address": unknown,"is_active": boolean,"last_ping_at": string,"user_agent": string | null,"user_id": string,"workspace_id": string | null
                  }
                  ComputedFields: never
                  Insert: {
                    "connected_at"?: string,"connection_id": string,"disconnect_reason"?: string | null,"disconnected_at"?: string | null,"id"?: string,"ip_address"?: unknown,"is_active"?: never,"last_ping_at"?: string,"user_agent"?: string | null,"user_id": string,"workspace_id"?: string | null
                  }
                  Update: {
                    "connected_at"?: string,"connection_id"?: string,"disconnect_reason"?: string | null,"disconnected_at"?: string | null,"id"?: string,"ip_address"?: unknown,"is_active"?: never,"last_ping_at"?: string,"user_agent"?: string | null,"user_id"?: string,"workspace_id"?: string | null
                  }
                  Relationships: [
                    {
      foreignKeyName: "websocket_sessions_user_id_fkey"
      columns: ["user_id"]
isOneToOne: false
      referencedRelation: "user_profiles"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "websocket_sessions_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"workspace_members": {
                  Row: {
                    "created_at": string,"role": string,"user_id": string,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"role"?: string,"user_id": string,"workspace_id": string
                  }
                  Update: {
                    "created_at"?: string,"role"?: string,"user_id"?: string,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "workspace_members_user_id_fkey"
      columns: ["user_id"]
isOneToOne: false
      referencedRelation: "user_profiles"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "workspace_members_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"workspaces": {
                  Row: {
                    "created_at": string,"description": string | null,"id": string,"name": string,"owner_id": string,"settings": NonNullable<Json>,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"description"?: string | null,"id"?: string,"name": string,"owner_id"?: string,"settings"?: NonNullable<Json>,"updated_at"?: string
                  }
                  Update: {
                    "created_at"?: string,"description"?: string | null,"id"?: string,"name"?: string,"owner_id"?: string,"settings"?: NonNullable<Json>,"updated_at"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "workspaces_owner_id_fkey"
      columns: ["owner_id"]
isOneToOne: false
      referencedRelation: "user_profiles"
      referencedColumns: ["id"]
    }
                  ]
                }
          }
          Views: {
            "circuit_breaker_status": {
                  Row: {
                    "call_count": number,"failure_count": number,"failure_rate": number | null,"last_failure_time": string | null,"last_state_change": string,"last_success_time": string | null,"service_name": string,"slow_call_count": number,"slow_call_rate": number | null,"state": string,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                           "call_count"?: number | null,"failure_count"?: number | null,"failure_rate"?: number | null,"last_failure_time"?: string | null,"last_state_change"?: string | null,"last_success_time"?: string | null,"service_name"?: string | null,"slow_call_count"?: number | null,"slow_call_rate"?: number | null,"state"?: string | null,"updated_at"?: string | null
                         }
                        Update: {
                           "call_count"?: number | null,"failure_count"?: number | null,"failure_rate"?: number | null,"last_failure_time"?: string | null,"last_state_change"?: string | null,"last_success_time"?: string | null,"service_name"?: string | null,"slow_call_count"?: number | null,"slow_call_rate"?: number | null,"state"?: string | null,"updated_at"?: string | null
                         }
                        Relationships: [
                    
                  ]
                },"v_active_rate_limits": {
                  Row: {
                    "last_request": string | null,"model": string,"redis_key": string | null,"request_count": number | null,"ttl_remaining": number | null,"user_id": string
                  }
                  ComputedFields: never
                  Relationships: [
                    {
      foreignKeyName: "ai_usage_tracking_user_id_fkey"
      columns: ["user_id"]
isOneToOne: false
      referencedRelation: "user_profiles"
      referencedColumns: ["id"]
    }
                  ]
                },"v_cache_effectiveness": {
                  Row: {
                    "actual_cost": number | null,"cache_hits": number | null,"cache_misses": number | null,"cost_without_cache": number | null,"hit_rate": number | null,"hour": string | null,"savings": number | null
                  }
                  ComputedFields: never
                  Relationships: [
                    
                  ]
                }
          }
          Functions: {
            "conversation_stats":
{ Args: { "workspace": string }; Returns: {
              "approval_rate": number,"approved": number,"avg_quality_score": number,"by_status": Json,"by_tier": Json,"estimated_cost_usd": number,"pending_review": number,"reviewed": number,"scored": number,"total": number,"total_tokens": number,"total_turns": number
            }[]
                           },
"create_state_checkpoint":
{ Args: { "p_agent_id": string,"p_checkpoint_type"?: string,"p_label"?: string }; Returns: {
              "agent_id": string,
"checkpoint_hash": string,
"checkpoint_type": string,
"created_at": string,
"id": string,
"label": string | null,
"retain_until": string | null,
"states": NonNullable<Json>,
"user_id": string
            }
                          SetofOptions: {
        from: "*"
        to: "state_checkpoints"
        isOneToOne: true
        isSetofReturn: false
      } },
"get_conversation_context":
{ Args: { "p_conversation_id": string,"p_limit"?: number }; Returns: {
              "content": Json,"created_at": string,"id": string,"metadata": Json,"parent_id": string,"role": string,"session_id": string,"session_state": Json,"version": number
            }[]
                           },
"get_file_tree":
{ Args: { "workspace": string }; Returns: {
              "content_hash": string,"depth": number,"file_id": string,"is_dir": boolean,"name": string,"parent_path": string,"path": string,"size_bytes": number,"updated_at": string
            }[]
                           },
"get_metric_series":
{ Args: { "bucket_width": string,"from_time": string,"metric": string,"tag_filter"?: Json,"to_time": string,"workspace": string }; Returns: {
              "avg": number,"bucket": string,"max": number,"min": number,"p95": number,"samples": number
            }[]
                           },
"is_workspace_member":
{ Args: { "ws": string }; Returns: boolean
                           },
"is_workspace_owner":
{ Args: { "ws": string }; Returns: boolean
                           },
"match_agent_memories":
{ Args: { "p_agent_id": string,"p_match_count"?: number,"p_memory_types"?: (string)[],"p_min_importance"?: number,"p_query_embedding": (number)[] }; Returns: {
              "content": string,"distance": number,"id": string,"importance": number,"memory_type": string,"metadata": Json
            }[]
                           },
"restore_state_checkpoint":
{ Args: { "p_checkpoint_id": string }; Returns: {
              "agent_id": string,
"created_at": string,
"id": string,
"is_current": boolean,
"state_data": NonNullable<Json>,
"state_hash": string,
"state_type": string,
"superseded_at": string | null,
"user_id": string,
"version": number
            }[]
                          SetofOptions: {
        from: "*"
        to: "agent_states"
        isOneToOne: false
        isSetofReturn: true
      } },
"save_agent_state":
{ Args: { "p_agent_id": string,"p_expected_version"?: number,"p_state_data": Json,"p_state_type": string }; Returns: {
              "agent_id": string,
"created_at": string,
"id": string,
"is_current": boolean,
"state_data": NonNullable<Json>,
"state_hash": string,
"state_type": string,
"superseded_at": string | null,
"user_id": string,
"version": number
            }
                          SetofOptions: {
        from: "*"
        to: "agent_states"
        isOneToOne: true
        isSetofReturn: false
      } },
"search_files":
{ Args: { "max_results"?: number,"query": string,"workspace": string }; Returns: {
              "file_id": string,"headline": string,"name": string,"path": string,"rank": number
            }[]
                           }
          }
          Enums: {
            [_ in never]: never
          }
          CompositeTypes: {
            [_ in never]: never
          }
        }
}

type DatabaseWithoutInternals = Omit<Database, '__InternalSupabase'>

type DefaultSchema = DatabaseWithoutInternals[Extract<keyof Database, "public">]

export type Tables<
  DefaultSchemaTableNameOrOptions extends
    | keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
        DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])
    : never = never
> = DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
      DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])[TableName] extends {
      Row: infer R
    }
    ? R
    : never
  : DefaultSchemaTableNameOrOptions extends keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])
  ? (DefaultSchema["Tables"] & DefaultSchema["Views"])[DefaultSchemaTableNameOrOptions] extends {
      Row: infer R
    }
    ? R
    : never
  : never

export type TablesInsert<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never = never
> = DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Insert: infer I
    }
    ? I
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
  ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
      Insert: infer I
    }
    ? I
    : never
  : never

export type TablesUpdate<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never = never
> = DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Update: infer U
    }
    ? U
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
  ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
      Update: infer U
    }
    ? U
    : never
  : never

export type Enums<
  DefaultSchemaEnumNameOrOptions extends
    | keyof DefaultSchema["Enums"]
    | { schema: keyof DatabaseWithoutInternals },
  EnumName extends DefaultSchemaEnumNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"]
    : never = never
> = DefaultSchemaEnumNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"][EnumName]
  : DefaultSchemaEnumNameOrOptions extends keyof DefaultSchema["Enums"]
  ? DefaultSchema["Enums"][DefaultSchemaEnumNameOrOptions]
  : never

export type CompositeTypes<
  PublicCompositeTypeNameOrOptions extends
    | keyof DefaultSchema["CompositeTypes"]
    | { schema: keyof DatabaseWithoutInternals },
  CompositeTypeName extends PublicCompositeTypeNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"]
    : never = never
> = PublicCompositeTypeNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"][CompositeTypeName]
  : PublicCompositeTypeNameOrOptions extends keyof DefaultSchema["CompositeTypes"]
  ? DefaultSchema["CompositeTypes"][PublicCompositeTypeNameOrOptions]
  : never

export const Constants = {
  "ops": {
          Enums: {
            
          }
        },"public": {
          Enums: {
            
          }
        }
} as const
