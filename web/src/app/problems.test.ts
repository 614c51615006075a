import i18next, { type TFunction } from 'i18next'
import { beforeAll, describe, expect, it } from 'vitest'
import en from '../locales/en.json'
import nl from '../locales/nl.json'
import { ApiError } from './apiClient.ts'
import { fieldErrorsOf, problemCodes, problemMessage } from './problems.ts'

let t: TFunction
let tEn: TFunction

beforeAll(async () => {
  const i18n = i18next.createInstance()
  await i18n.init({
    resources: { nl: { translation: nl }, en: { translation: en } },
    lng: 'nl',
    interpolation: { escapeValue: false },
  })
  t = i18n.getFixedT('nl')
  tEn = i18n.getFixedT('en')
})

const problem = (status: number, code: string, detail = 'English detail', extra: Partial<ApiError> = {}) =>
  new ApiError(
    status,
    code,
    detail,
    extra.fieldErrors ?? {},
    extra.retryAfterSeconds ?? null,
    extra.correlationId ?? null,
  )

describe('problemMessage', () => {
  it('has a text of its own in both languages for every known code', () => {
    for (const code of problemCodes) {
      const message = problemMessage(problem(400, code, 'English detail', { correlationId: 'req-1' }), t)
      expect(message, code).not.toBe('English detail')
      expect(message, code).not.toContain('errors.')
      expect(problemMessage(problem(400, code, 'x', { correlationId: 'req-1' }), tEn), code).not.toContain('errors.')
    }
  })

  it('speaks Dutch and English', () => {
    expect(problemMessage(problem(409, 'contact_email_taken'), t)).toBe(
      'Deze klant heeft al een contactpersoon met dit e-mailadres.',
    )
    expect(problemMessage(problem(409, 'contact_email_taken'), tEn)).toBe(
      'This customer already has a contact with this email address.',
    )
  })

  it('never repeats the id in a not-found detail', () => {
    const message = problemMessage(problem(404, 'customer_not_found', 'customer 01a2-secret not found'), t)
    expect(message).toBe('Klant niet gevonden.')
  })

  it('gives the correlation id of a server error to quote', () => {
    const message = problemMessage(problem(500, 'internal_error', 'x', { correlationId: 'req-4f2' }), t)
    expect(message).toContain('req-4f2')
  })

  it('says how long to wait when throttled', () => {
    expect(problemMessage(problem(429, 'too_many_attempts', 'x', { retryAfterSeconds: 42 }), t)).toContain('42')
    expect(problemMessage(problem(429, 'something_new', 'x', { retryAfterSeconds: 7 }), t)).toContain('7')
  })

  it('tells the mandatory-2FA conflict from the sign-in step', () => {
    expect(problemMessage(problem(409, 'totp_required'), t)).toMatch(/verplicht/)
    expect(problemMessage(problem(401, 'totp_required'), t)).toMatch(/verificatiecode/)
  })

  it("falls back to the server's detail for an unknown code, and to a general text without one", () => {
    expect(problemMessage(problem(409, 'brand_new_rule', 'A brand new rule'), t)).toBe('A brand new rule')
    expect(problemMessage(problem(409, 'brand_new_rule', ''), t)).toBe(nl.errors.unknown)
    expect(problemMessage(problem(502, 'http_502', 'Bad Gateway'), t)).toBe(nl.errors.unavailable)
    expect(problemMessage(new ApiError(0, 'network_error', 'Failed to fetch'), t)).toBe(nl.errors.network)
    expect(problemMessage(new Error('boom'), t)).toBe(nl.errors.unknown)
    expect(problemMessage(null, t)).toBeNull()
  })
})

describe('fieldErrorsOf', () => {
  it('translates the field errors of known codes and keeps the fields', () => {
    const error = problem(409, 'email_taken', 'x', { fieldErrors: { email: 'already in use' } })
    expect(fieldErrorsOf(error, t)).toEqual({ email: 'Al in gebruik' })
    const wrong = problem(400, 'wrong_password', 'x', { fieldErrors: { currentPassword: 'not correct' } })
    expect(fieldErrorsOf(wrong, tEn)).toEqual({ currentPassword: 'Not correct' })
  })

  it('keeps what it cannot translate, and has nothing for other errors', () => {
    const error = problem(400, 'brand_new_rule', 'x', { fieldErrors: { name: 'too odd' } })
    expect(fieldErrorsOf(error, t)).toEqual({ name: 'too odd' })
    expect(fieldErrorsOf(new Error('x'), t)).toEqual({})
  })
})
