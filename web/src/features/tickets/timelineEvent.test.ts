import i18next, { type TFunction } from 'i18next'
import { beforeAll, describe, expect, it } from 'vitest'
import type { TimelineEvent } from '../../../../src/modules/tickets/schema.ts'
import en from '../../locales/en.json'
import nl from '../../locales/nl.json'
import { eventColor, eventText } from './timelineEvent.ts'

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

const ctx = {
  dateTime: (ms: number) => new Date(ms).toISOString().slice(0, 16),
  userName: (id: string) => (id === 'u-1' ? 'Jan Monteur' : null),
}
const event = (type: string, data: Record<string, unknown> = {}): TimelineEvent => ({
  id: '01a2289c-2827-7172-88c5-4173152a3d30',
  at: 0,
  type,
  actor: 'Jan Monteur',
  data,
})

describe('eventText', () => {
  it.each([
    [
      event('created', { type: 'calamity', priority: 'P1', source: 'portal', status: 'new' }),
      'Melding aangemaakt via Klantportaal: Calamiteit, P1 Calamiteit',
    ],
    [
      event('status', { from: 'open', to: 'waiting-customer' }),
      'Status gewijzigd van In behandeling naar Wacht op klant',
    ],
    [event('priority', { from: 'P3', to: 'P2' }), 'Prioriteit gewijzigd van P3 Normaal naar P2 Hoog'],
    [event('assigned', { from: null, to: 'u-1' }), 'Toegewezen aan Jan Monteur'],
    [event('assigned', { from: 'u-1', to: null }), 'Toewijzing ingetrokken'],
    [event('assigned', { to: 'u-2' }), 'Toegewezen aan een collega'],
    [event('response', { kind: 'reply', public: true }), 'Antwoord aan de klant verstuurd'],
    [event('response', { kind: 'phone', public: true }), 'Telefoongesprek met de klant vastgelegd'],
    [event('note', { kind: 'note', public: false }), 'Interne notitie toegevoegd'],
    [event('note', { attachmentId: 'a', filename: 'log.txt', size: 3 }), 'Interne bijlage toegevoegd: log.txt'],
    [event('attachment', { filename: 'scherm.png' }), 'Bijlage toegevoegd: scherm.png'],
    [event('time', { minutes: 85, billable: true }), 'Tijd geschreven: 1 u 25 min (factureerbaar)'],
    [event('watcher.added', { email: 'a@b.nl' }), 'Volger toegevoegd: a@b.nl'],
    [event('merged', { into: 'x', intoNumber: '2026-000007' }), 'Samengevoegd met melding 2026-000007'],
    [event('merged', { from: 'x', fromNumber: '2026-000008' }), 'Melding 2026-000008 is hiermee samengevoegd'],
    [event('reopened', { from: 'resolved' }), 'Heropend door een reactie van de klant'],
    [
      event('sla.started', { clock: 'firstResponse', dueAt: '2026-03-02T13:00:00.000Z' }),
      'Reactietijd gestart, deadline 2026-03-02T13:00',
    ],
    [event('sla.paused', { clock: 'resolution', status: 'waiting-customer' }), 'Oplostijd gepauzeerd (Wacht op klant)'],
    [event('sla.met', { clock: 'firstResponse' }), 'Reactietijd gehaald'],
    [event('sla.breached', { clock: 'update' }), 'Updatetermijn overschreden'],
    [event('sla.deadline', { clock: 'resolution', dueAt: null }), 'Oplostijd: deadline verschoven naar geen deadline'],
  ])('tells %j in Dutch', (e, text) => {
    expect(eventText(e, t, ctx)).toBe(text)
  })

  it('speaks English too', () => {
    expect(
      eventText(event('sla.warning', { clock: 'firstResponse', dueAt: '2026-03-02T13:00:00.000Z' }), tEn, ctx),
    ).toBe('First response nearly due, deadline 2026-03-02T13:00')
  })

  it('shows an event type it does not know as its code', () => {
    expect(eventText(event('escalated.to-vendor'), t, ctx)).toBe('escalated.to-vendor')
    expect(eventText(event('sla.frozen', { clock: 'update' }), t, ctx)).toBe('sla.frozen')
  })

  it('never leaves a translation key or placeholder in the text', () => {
    const types = [
      'created',
      'status',
      'priority',
      'assigned',
      'team',
      'response',
      'article',
      'note',
      'attachment',
      'time',
    ]
    for (const type of [...types, 'watcher.removed', 'split', 'escalated', 'sla.running', 'sla.stopped']) {
      const text = eventText(event(type), t, ctx)
      expect(text, type).not.toMatch(/timeline\.|\{\{/)
    }
  })
})

describe('eventColor', () => {
  it('makes SLA trouble stand out', () => {
    expect(eventColor('sla.breached')).toBe('red')
    expect(eventColor('sla.warning')).toBe('orange')
    expect(eventColor('sla.met')).toBe('green')
    expect(eventColor('status')).toBe('gray')
  })
})
