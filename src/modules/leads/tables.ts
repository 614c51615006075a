// The leads module's tables as Kysely sees them; src/db/types.ts joins them into DB.

export interface LeadsTable {
  id: string
  company: string
  name: string
  email: string
  phone: string | null
  servers: number | null
  workstations: number | null
  question: string
  locale: 'nl' | 'en'
  status: 'new' | 'contacted' | 'quoted' | 'won' | 'lost'
  notes: string | null
  /** 1: the honeypot was filled; kept, never shown. */
  spam: number
  ip: string | null
  customer_id: string | null
  contract_id: string | null
  /** Epoch ms while a conversion is running. */
  converting_at: number | null
  created_at: number
  updated_at: number
}

export interface LeadRateLimitsTable {
  ip: string
  /** Epoch ms of the start of the hour. */
  window_start: number
  count: number
}

export interface QuoteCountersTable {
  year: number
  last: number
}

export interface QuotesTable {
  id: string
  lead_id: string
  number: string
  plan_id: string
  /** JSON: the plan as quoted (name, services, response times). */
  plan: string
  /** JSON: asset counts per class. */
  counts: string
  /** JSON: the monthly price as the contracts module computed it. */
  price: string
  currency: string
  total_cents: number
  locale: 'nl' | 'en'
  quote_date: string
  valid_until: string
  created_by: string | null
  created_at: number
}

export interface LeadTables {
  leads: LeadsTable
  lead_rate_limits: LeadRateLimitsTable
  quote_counters: QuoteCountersTable
  quotes: QuotesTable
}
