import { describe, expect, it } from 'vitest'
import { canAssign, mailReason } from './mailReason.ts'

describe('mailReason', () => {
  it.each([
    ['unknown sender', 'triage', { key: 'unknownSender' }],
    ['sender is a contact of several customers', 'triage', { key: 'severalCustomers' }],
    ['unknown sender for this ticket', 'triage', { key: 'unknownForTicket' }],
    ['auto-reply', 'ignored', { key: 'autoReply' }],
    ['bounce', 'ignored', { key: 'bounce' }],
    ['bulk', 'ignored', { key: 'bulk' }],
    ['no sender', 'triage', { key: 'noSender' }],
    ['sent by sladesk itself (mail loop)', 'ignored', { key: 'loop' }],
    ['not a readable e-mail message', 'failed', { key: 'unreadable' }],
  ] as const)('knows "%s"', (reason, status, expected) => {
    expect(mailReason({ reason, status })).toEqual(expected)
  })

  it('names who set a mail aside', () => {
    expect(mailReason({ reason: 'set aside by beheer@voorbeeld-it.nl', status: 'ignored' })).toEqual({
      key: 'setAside',
      who: 'beheer@voorbeeld-it.nl',
    })
  })

  it('keeps the error of a mail that failed, and an unknown reason as written', () => {
    expect(mailReason({ reason: 'SQLITE_BUSY: database is locked', status: 'failed' })).toEqual({
      key: 'failed',
      detail: 'SQLITE_BUSY: database is locked',
    })
    expect(mailReason({ reason: 'a brand new rule', status: 'triage' })).toEqual({
      key: null,
      detail: 'a brand new rule',
    })
  })

  it('has nothing to say without a reason', () => {
    expect(mailReason({ reason: null, status: 'ticket' })).toBeNull()
    expect(mailReason({ reason: '  ', status: 'reply' })).toBeNull()
  })
})

describe('canAssign', () => {
  it('lets a person decide until the mail is in a ticket', () => {
    expect(
      ['triage', 'failed', 'ignored', 'stored'].map((status) => canAssign({ status: status as 'triage' })),
    ).toEqual([true, true, true, true])
    expect(canAssign({ status: 'ticket' })).toBe(false)
    expect(canAssign({ status: 'reply' })).toBe(false)
  })
})
