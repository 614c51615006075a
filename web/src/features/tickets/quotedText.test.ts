import { describe, expect, it } from 'vitest'
import { splitQuoted } from './quotedText.ts'

describe('splitQuoted', () => {
  it('folds a Dutch reply header and everything under it', () => {
    const mail =
      'Het werkt weer, dank u!\n\nGroet, Ilse\n\nOp ma 2 mrt 2026 om 10:15 schreef Servicedesk <desk@msp.nl>:\n> Kunt u het opnieuw proberen?\n> Groet'
    expect(splitQuoted(mail)).toEqual({
      body: 'Het werkt weer, dank u!\n\nGroet, Ilse',
      quoted: 'Op ma 2 mrt 2026 om 10:15 schreef Servicedesk <desk@msp.nl>:\n> Kunt u het opnieuw proberen?\n> Groet',
    })
  })

  it('folds an English header and Outlook separators', () => {
    expect(splitQuoted('Thanks\nOn Mon, 2 Mar 2026 at 10:15, Desk wrote:\n> hi').quoted).toMatch(/^On Mon/)
    expect(splitQuoted('Zie onder\n-----Oorspronkelijk bericht-----\nVan: x').body).toBe('Zie onder')
  })

  it('folds a trailing run of quoted lines without a header', () => {
    expect(splitQuoted('Ja, graag.\n\n> Zullen we morgen komen?\n>\n> Groet')).toEqual({
      body: 'Ja, graag.',
      quoted: '> Zullen we morgen komen?\n>\n> Groet',
    })
  })

  it('keeps quotes in the middle of a message, and text that is all quote', () => {
    const inline = '> Werkt de printer?\nNee, nog steeds niet.\n> En de scanner?\nDie wel.'
    expect(splitQuoted(inline)).toEqual({ body: inline, quoted: null })
    expect(splitQuoted('> only a quote')).toEqual({ body: '> only a quote', quoted: null })
    expect(splitQuoted('Gewoon een bericht.')).toEqual({ body: 'Gewoon een bericht.', quoted: null })
  })
})
