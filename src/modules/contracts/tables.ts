// The contracts module's tables as Kysely sees them; src/db/types.ts joins them into DB.
// Percentages are stored as integer hundredths of a percent (basis points: 21 % is 2100), so that money is computed
// from integers only.

export interface SlaPlansTable {
  id: string
  name: string
  /** Lower-case name: plan names are unique regardless of case. */
  name_key: string
  description: string
  active: number
  /** SlaPolicy, JSON. */
  policy: string
  /** PlanServices, JSON. */
  services: string
  /** PriceModel (percentages as given), JSON. */
  price: string
  created_at: number
  updated_at: number
}

export interface ContractsTable {
  id: string
  customer_id: string
  plan_id: string
  /** YYYY-MM-DD. */
  start_date: string
  term_months: number
  notice_months: number
  indexation_basis_points: number
  monthly_discount_basis_points: number
  /** ContractOverrides, JSON object (empty: the plan as it is). */
  overrides: string
  status: 'draft' | 'active' | 'ended'
  /** YYYY-MM-DD, the last day the contract applies; set when it ends. */
  end_date: string | null
  document_sha256: string | null
  document_filename: string | null
  document_size: number | null
  document_uploaded_at: number | null
  activated_at: number | null
  ended_at: number | null
  created_by: string | null
  created_at: number
  updated_at: number
}

export interface ContractTables {
  sla_plans: SlaPlansTable
  contracts: ContractsTable
}
