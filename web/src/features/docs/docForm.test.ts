import { describe, expect, it } from 'vitest'
import type { Doc } from '../../../../src/modules/docs/schema.ts'
import { checkDocForm, docToForm, formToCreate, formToPatch, isDocFormDirty, newDocForm } from './docForm.ts'

const doc: Doc = {
  id: '01900000-0000-7000-8000-000000000001',
  slug: 'printer-installeren',
  title: 'Printer installeren',
  kind: 'manual',
  language: 'nl',
  visibility: 'specific',
  status: 'published',
  productId: null,
  productName: null,
  category: 'Werkplek',
  tags: ['printer', 'windows'],
  updatedAt: 1,
  publishedAt: 1,
  reviewDue: '2027-01-15',
  body: 'Stap 1',
  html: '<p>Stap 1</p>',
  toc: [],
  customerIds: ['01900000-0000-7000-8000-0000000000c1', '01900000-0000-7000-8000-0000000000c2'],
  translations: [],
  revision: 4,
  ownerId: null,
  reviewedOn: '2026-01-15',
  attachments: [],
  helpful: { yes: 0, no: 0 },
  createdAt: 1,
}

describe('docForm', () => {
  it('shows days the Dutch way and sends nothing when nothing changed', () => {
    const form = docToForm(doc)
    expect(form).toMatchObject({ reviewedOn: '15-01-2026', reviewDue: '15-01-2027', category: 'Werkplek' })
    expect(formToPatch(form, doc)).toBeNull()
    expect(isDocFormDirty(form, docToForm(doc))).toBe(false)
    // The same customers and tags in another order are no change.
    const reordered = { ...form, customerIds: [...form.customerIds].reverse(), tags: ['windows', 'printer'] }
    expect(formToPatch(reordered, doc)).toBeNull()
    expect(isDocFormDirty(reordered, form)).toBe(false)
  })

  it('sends only what changed, with the revision the editor opened', () => {
    const form = { ...docToForm(doc), title: ' Printer toevoegen ', category: '', reviewedOn: '1-2-2026' }
    expect(formToPatch(form, doc)).toEqual({
      title: 'Printer toevoegen',
      category: null,
      reviewedOn: '2026-02-01',
      baseRevision: 4,
    })
  })

  it('sends the customers when visibility becomes specific, and not when it stops being so', () => {
    const other = { ...doc, visibility: 'customers' as const, customerIds: [] }
    const chosen = { ...docToForm(other), visibility: 'specific' as const, customerIds: [doc.customerIds[0] ?? ''] }
    expect(formToPatch(chosen, other)).toEqual({
      visibility: 'specific',
      customerIds: [doc.customerIds[0]],
      baseRevision: 4,
    })
    expect(formToPatch({ ...docToForm(doc), visibility: 'public' }, doc)).toEqual({
      visibility: 'public',
      baseRevision: 4,
    })
  })

  it('checks what the browser can know before saving', () => {
    const empty = newDocForm('nl')
    expect(checkDocForm(empty, true)).toEqual({ title: 'required' })
    expect(checkDocForm({ ...empty, slug: '' }, false)).toMatchObject({ slug: 'required' })
    expect(
      checkDocForm(
        { ...empty, title: 'x', slug: 'Met Hoofdletters', visibility: 'specific', reviewDue: '31-02-2026' },
        true,
      ),
    ).toEqual({ slug: 'slug', customerIds: 'customers', reviewDue: 'day' })
  })

  it('writes a new document without empty optional fields', () => {
    const form = {
      ...newDocForm('en'),
      title: ' VPN ',
      body: 'Text',
      tags: ['vpn', ' vpn ', ''],
      reviewedOn: '01-03-2026',
      customerIds: ['ignored-when-not-specific'],
    }
    expect(formToCreate(form)).toEqual({
      title: 'VPN',
      body: 'Text',
      kind: 'manual',
      language: 'en',
      visibility: 'internal',
      status: 'draft',
      productId: null,
      category: null,
      tags: ['vpn'],
      translationOf: null,
      ownerId: null,
      reviewedOn: '2026-03-01',
    })
  })
})
