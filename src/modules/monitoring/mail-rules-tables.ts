// The mail rules' tables as Kysely sees them; src/db/types.ts joins them into DB.

/** Which customer a backup or UPS notification mail belongs to: tried in `position` order, the first match wins. */
export interface MailRulesTable {
  id: string
  name: string
  customer_id: string
  kind: 'backup' | 'ups'
  /** Patterns (`/regex/flags` or plain text); null: not a criterion. At least one of the three is set. */
  match_from: string | null
  match_subject: string | null
  /** A recipient address, lower-case, matched exactly (the plus-address alias the customer's devices send to). */
  match_to: string | null
  /** The parser to use instead of detection: a built-in format or `custom:<mail_parsers.id>`. */
  format: string | null
  enabled: number
  position: number
  created_at: number
  updated_at: number
}

/** A parser the MSP defines for a vendor's notification mails; its format is `custom:<id>`. */
export interface MailParsersTable {
  /** 16 hex characters: `custom:<id>` fits the 40 characters of a report's format. */
  id: string
  name: string
  kind: 'backup'
  /** JSON: match, extract, result, correlationKey, successResolves (CustomParserDefinition without name and kind). */
  definition: string
  created_at: number
  updated_at: number
}

export interface MailRulesTables {
  mail_rules: MailRulesTable
  mail_parsers: MailParsersTable
}
