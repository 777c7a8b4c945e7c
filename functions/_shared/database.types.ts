
export type Json = string | number | boolean | null | { [key: string]: Json | undefined } | Json[]

export type Database = {
  
  "ops": {
          Tables: {
            "outbox": {
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
                }
          }
          Views: {
            "outbox_stats": {
                  Row: {
                    "dead": number | null,"done": number | null,"inflight": number | null,"oldest_undelivered_age": string | null,"pending": number | null,"topic": string
                  }
                  ComputedFields: never
                  Relationships: [
                    
                  ]
                }
          }
          Functions: {
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
                           }
          }
          Enums: {
            [_ in never]: never
          }
          CompositeTypes: {
            [_ in never]: never
          }
        },"public": {
          Tables: {
            [_ in never]: never
          }
          Views: {
            [_ in never]: never
          }
          Functions: {
            [_ in never]: never
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
