import { describe, expect, it } from 'vitest'
import { docLinkText, docPath, insertAt, kindName, suggestQuery } from './docsApi.ts'

describe('suggestQuery', () => {
  it.each([
    ['', ''],
    ['pr', ''],
    ['  pr  ', ''],
    ['pri', 'pri'],
    ['  printer   doet    het niet ', 'printer doet het niet'],
  ])('asks for "%s" as "%s"', (title, q) => {
    expect(suggestQuery(title)).toBe(q)
  })

  it('sends no more than the server takes', () => {
    expect(suggestQuery('a'.repeat(250))).toHaveLength(200)
  })
})

describe('docLinkText', () => {
  it('gives the title and the address, as plain text', () => {
    expect(docLinkText('VPN instellen', 'https://desk.example.nl/docs/vpn-instellen')).toBe(
      'VPN instellen: https://desk.example.nl/docs/vpn-instellen',
    )
    expect(docLinkText('Back-up [oud]', 'https://x.nl/docs/b')).toBe('Back-up [oud]: https://x.nl/docs/b')
  })

  it('points at the reading page of the slug', () => {
    expect(docPath('printer-installeren')).toBe('/docs/printer-installeren')
  })
})

describe('insertAt', () => {
  it('inserts at the cursor, set apart from the words around it', () => {
    expect(insertAt('Zie hier', 3, 3, 'LINK')).toEqual({ text: 'Zie LINK hier', caret: 8 })
    expect(insertAt('Zie:', 4, 4, 'LINK')).toEqual({ text: 'Zie: LINK', caret: 9 })
    expect(insertAt('Zie ', 4, 4, 'LINK')).toEqual({ text: 'Zie LINK', caret: 8 })
  })

  it('takes an empty text and a selection', () => {
    expect(insertAt('', 0, 0, 'LINK')).toEqual({ text: 'LINK', caret: 4 })
    expect(insertAt('Lees dit eens', 5, 8, 'LINK')).toEqual({ text: 'Lees LINK eens', caret: 9 })
  })

  it('keeps a cursor outside the text within it', () => {
    expect(insertAt('abc', 10, 12, 'LINK')).toEqual({ text: 'abc LINK', caret: 8 })
    expect(insertAt('abc', -1, -1, 'LINK')).toEqual({ text: 'LINK abc', caret: 4 })
  })
})

describe('kindName', () => {
  const kinds = [{ key: 'manual', nameNl: 'Handleiding', nameEn: 'Manual', position: 1 }]

  it('names a kind in the language, and a kind it does not know by its key', () => {
    expect(kindName(kinds, 'manual', 'nl')).toBe('Handleiding')
    expect(kindName(kinds, 'manual', 'en')).toBe('Manual')
    expect(kindName(kinds, 'faq', 'nl')).toBe('faq')
    expect(kindName(undefined, 'manual', 'nl')).toBe('manual')
  })
})
