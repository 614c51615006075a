import nl from '../../locales/nl.json'

/**
 * Every action the server writes to the audit log (grep `action: '` in src/), with its text under
 * `audit.actions.<action>`. An action missing here is still shown, as its raw code.
 */
export const auditActions = [
  'auth.login',
  'auth.login_failed',
  'auth.logout',
  'customer.created',
  'customer.updated',
  'customer.archived',
  'customer.restored',
  'contact.created',
  'contact.updated',
  'contact.archived',
  'contact.restored',
  'contact.key_contact_moved',
  'contact.invited',
  'user.created',
  'user.updated',
  'user.password_changed',
  'user.totp_enabled',
  'user.totp_disabled',
  'user.invitation_accepted',
  'api_token.created',
  'api_token.revoked',
  'session.revoked',
  'settings.updated',
  'setup.completed',
  'mail.retried',
  'demo.created',
  'demo.customers_created',
  'ticket.created',
  'ticket.updated',
  'ticket.article_added',
  'ticket.note_added',
  'ticket.time_added',
  'ticket.attachment_added',
  'ticket.merged',
  'sla.config_updated',
  'sla.customer_policy_set',
] as const

export type AuditAction = (typeof auditActions)[number]

/** The entity types of the audit log, with their names under `audit.entityTypes.<type>`. */
export const auditEntityTypes = [
  'customer',
  'contact',
  'user',
  'api_token',
  'session',
  'settings',
  'mail',
  'ticket',
  'sla',
] as const

export type AuditEntityType = (typeof auditEntityTypes)[number]

const actions: ReadonlySet<string> = new Set(auditActions)
const entityTypes: ReadonlySet<string> = new Set(auditEntityTypes)

export function isAuditAction(action: string): action is AuditAction {
  return actions.has(action)
}

export function isAuditEntityType(type: string): type is AuditEntityType {
  return entityTypes.has(type)
}

/** Field names of the changes that have a name in words under `audit.fields.<field>`. */
export type AuditField = keyof typeof nl.audit.fields

const fields: ReadonlySet<string> = new Set(Object.keys(nl.audit.fields))

export function isAuditField(field: string): field is AuditField {
  return fields.has(field)
}
