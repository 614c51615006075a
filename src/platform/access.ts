import type { StaffRole } from '../modules/users/schema.js'
import { AppError, forbidden, notFound, unauthorized } from './errors.js'

/** Who is acting. Every service function receives it explicitly; access checks live in this file only. */
export type Actor =
  | { kind: 'staff'; userId: string; email: string; name: string; role: StaffRole; locale: 'nl' | 'en' }
  | {
      kind: 'contact'
      userId: string
      email: string
      name: string
      customerId: string
      contactId: string | null
      locale: 'nl' | 'en'
    }
  | { kind: 'system'; label: string }

export type StaffActor = Extract<Actor, { kind: 'staff' }>

export function actorLabel(actor: Actor): string {
  return actor.kind === 'system' ? `system:${actor.label}` : actor.email
}

export function actorId(actor: Actor): string | null {
  return actor.kind === 'system' ? null : actor.userId
}

export function requireActor(actor: Actor | undefined): Actor {
  if (!actor) {
    throw unauthorized()
  }
  return actor
}

/** Staff (optionally of the given roles) or the system. Contacts get 404 so that they learn nothing. */
export function assertStaff(
  actor: Actor,
  roles?: readonly StaffRole[],
): asserts actor is StaffActor | Extract<Actor, { kind: 'system' }> {
  if (actor.kind === 'contact') {
    throw new AppError(404, 'not_found', 'Not found')
  }
  if (actor.kind === 'staff' && roles && !roles.includes(actor.role)) {
    throw forbidden('role_required', `This needs the role ${roles.join(' or ')}`)
  }
}

/** Staff see every customer; a contact sees only its own, and another customer's data is "not found". */
export function assertCustomerAccess(actor: Actor, customerId: string, what = 'customer', id = customerId): void {
  if (actor.kind === 'contact' && actor.customerId !== customerId) {
    throw notFound(what, id)
  }
}

/** The customer a list must be narrowed to, or undefined for staff and the system. */
export function customerScope(actor: Actor): string | undefined {
  return actor.kind === 'contact' ? actor.customerId : undefined
}

export function isStaff(actor: Actor): actor is StaffActor {
  return actor.kind === 'staff'
}
