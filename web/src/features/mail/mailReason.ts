import type { InboundMailView } from '../../../../src/modules/mailin/schema.ts'

export const reasonKeys = [
  'unknownSender',
  'severalCustomers',
  'unknownForTicket',
  'autoReply',
  'bounce',
  'bulk',
  'noSender',
  'loop',
  'unreadable',
  'setAside',
  'failed',
] as const
export type ReasonKey = (typeof reasonKeys)[number]

export type MailReason =
  /** A reason with its own text under `mail.reasons.<key>`; `who` for a mail someone set aside, `detail` for an error. */
  | { key: ReasonKey; who?: string; detail?: string }
  /** A reason this page has no words for yet: shown as the server wrote it. */
  | { key: null; detail: string }

// The server's reasons are stable English phrases (src/modules/mailin/service.ts and the automatic-mail kinds).
const known: Record<string, ReasonKey> = {
  'unknown sender': 'unknownSender',
  'sender is a contact of several customers': 'severalCustomers',
  'unknown sender for this ticket': 'unknownForTicket',
  'auto-reply': 'autoReply',
  bounce: 'bounce',
  bulk: 'bulk',
  'no sender': 'noSender',
  'sent by sladesk itself (mail loop)': 'loop',
  'not a readable e-mail message': 'unreadable',
}

/**
 * Why a mail is where it is, as something to put in plain words: the known reasons by key, "set aside by …" with
 * the person, and the error of a mail that failed. Null when there is no reason (a mail that became a ticket).
 */
export function mailReason(mail: Pick<InboundMailView, 'reason' | 'status'>): MailReason | null {
  const reason = mail.reason?.trim()
  if (!reason) {
    return null
  }
  const key = known[reason]
  if (key) {
    return { key }
  }
  const setAside = /^set aside by (.+)$/.exec(reason)
  if (setAside?.[1]) {
    return { key: 'setAside', who: setAside[1] }
  }
  if (mail.status === 'failed') {
    return { key: 'failed', detail: reason }
  }
  return { key: null, detail: reason }
}

/** Whether a person can still decide where the mail goes: everything that did not end up in a ticket. */
export function canAssign(mail: Pick<InboundMailView, 'status'>): boolean {
  return mail.status !== 'ticket' && mail.status !== 'reply'
}
