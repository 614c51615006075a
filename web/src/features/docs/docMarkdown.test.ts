import { describe, expect, it } from 'vitest'
import { attachmentMarkdown, insertMarkdown, withAttachmentUrls } from './docMarkdown.ts'

describe('attachmentMarkdown', () => {
  it('writes an image for pictures and a link for other files', () => {
    expect(attachmentMarkdown('schema.png', 'image/png')).toBe('![schema.png](attachment:schema.png)')
    expect(attachmentMarkdown('foto.JPG', 'image/jpeg')).toBe('![foto.JPG](attachment:foto.JPG)')
    expect(attachmentMarkdown('setup.ps1', 'application/octet-stream')).toBe('[setup.ps1](attachment:setup.ps1)')
    expect(attachmentMarkdown('logo.svg', 'image/svg+xml')).toBe('[logo.svg](attachment:logo.svg)')
  })

  it('keeps names with spaces, brackets and parentheses one link', () => {
    expect(attachmentMarkdown('net schema (v2).png', 'image/png')).toBe(
      '![net schema (v2).png](attachment:net%20schema%20%28v2%29.png)',
    )
    expect(attachmentMarkdown('[concept].pdf', 'application/pdf')).toBe('[\\[concept\\].pdf](attachment:[concept].pdf)')
    expect(attachmentMarkdown('rapport é.pdf', 'application/pdf')).toBe('[rapport é.pdf](attachment:rapport%20é.pdf)')
  })
})

describe('withAttachmentUrls', () => {
  const base = '/api/docs/0190/attachments/'

  it('points inline links, images and link definitions at the files', () => {
    const body = [
      '![Schema](attachment:schema.png "Het netwerk")',
      'Zie [het script](attachment:setup.ps1) en [de lijst][l].',
      '',
      '[l]: attachment:lijst.pdf',
      '[m]: <attachment:met spatie.pdf>',
    ].join('\n')
    expect(withAttachmentUrls(body, base)).toBe(
      [
        '![Schema](/api/docs/0190/attachments/schema.png "Het netwerk")',
        'Zie [het script](/api/docs/0190/attachments/setup.ps1) en [de lijst][l].',
        '',
        '[l]: /api/docs/0190/attachments/lijst.pdf',
        '[m]: </api/docs/0190/attachments/met spatie.pdf>',
      ].join('\n'),
    )
  })

  it('leaves the word in running text and in other links alone', () => {
    const body = 'Schrijf attachment:naam, of [x](https://example.nl/attachment:y) of [doc](doc:printer).'
    expect(withAttachmentUrls(body, base)).toBe(body)
  })
})

describe('insertMarkdown', () => {
  const image = '![a.png](attachment:a.png)'
  const link = '[b.pdf](attachment:b.pdf)'

  it('gives an image a paragraph of its own', () => {
    expect(insertMarkdown('Eerste regel\nTweede', 0, 0, image)).toEqual({
      body: `${image}\n\nEerste regel\nTweede`,
      caret: image.length,
    })
    const body = 'Eerste regel\nTweede'
    expect(insertMarkdown(body, 13, 13, image).body).toBe(`Eerste regel\n\n${image}\n\nTweede`)
    expect(insertMarkdown(body, body.length, body.length, image).body).toBe(`${body}\n\n${image}`)
    expect(insertMarkdown('', 0, 0, image)).toEqual({ body: image, caret: image.length })
  })

  it('puts a link where the caret is, replacing what was selected', () => {
    expect(insertMarkdown('Zie hier het script.', 4, 8, link)).toEqual({
      body: `Zie ${link} het script.`,
      caret: 4 + link.length,
    })
  })
})
