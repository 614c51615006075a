import { createPatch } from 'diff'
import { describe, expect, it } from 'vitest'
import { parseUnifiedDiff } from './unifiedDiff.ts'

// The server's diff: the title as a heading, then the Markdown (see DocService.diff).
const text = (title: string, body: string) => `# ${title}\n\n${body}\n`
const patchOf = (a: string, b: string) => createPatch('revision-1-2.md', a, b, 'revision 1', 'revision 2')

describe('parseUnifiedDiff', () => {
  it('leaves out the file headers and numbers the lines of both sides', () => {
    const lines = parseUnifiedDiff(patchOf(text('Printer', 'Stap 1\nStap 2'), text('Printer', 'Stap 1\nStap 3')))
    expect(lines).toEqual([
      { kind: 'hunk', text: '@@ -1,4 +1,4 @@', oldLine: null, newLine: null },
      { kind: 'context', text: '# Printer', oldLine: 1, newLine: 1 },
      { kind: 'context', text: '', oldLine: 2, newLine: 2 },
      { kind: 'context', text: 'Stap 1', oldLine: 3, newLine: 3 },
      { kind: 'remove', text: 'Stap 2', oldLine: 4, newLine: null },
      { kind: 'add', text: 'Stap 3', oldLine: null, newLine: 4 },
    ])
  })

  it('takes a removed "---" line or an added "+++" line inside a hunk for content, not for a header', () => {
    const lines = parseUnifiedDiff(patchOf('a\n--- \nb\n', 'a\n+++ x\nb\n'))
    expect(lines.filter((l) => l.kind !== 'context' && l.kind !== 'hunk')).toEqual([
      { kind: 'remove', text: '--- ', oldLine: 2, newLine: null },
      { kind: 'add', text: '+++ x', oldLine: null, newLine: 2 },
    ])
  })

  it('gives each hunk its header and its own line numbers', () => {
    const before = Array.from({ length: 30 }, (_, i) => `regel ${i + 1}`).join('\n') + '\n'
    const after = before.replace('regel 2\n', 'regel twee\n').replace('regel 28\n', '')
    const lines = parseUnifiedDiff(patchOf(before, after))
    expect(lines.filter((l) => l.kind === 'hunk')).toHaveLength(2)
    expect(lines.find((l) => l.kind === 'add')).toMatchObject({ text: 'regel twee', newLine: 2 })
    expect(lines.find((l) => l.text === 'regel 28')).toMatchObject({ kind: 'remove', oldLine: 28 })
    expect(lines.at(-1)).toMatchObject({ kind: 'context', text: 'regel 30', oldLine: 30, newLine: 29 })
  })

  it('keeps the note about a missing newline at the end', () => {
    const lines = parseUnifiedDiff(patchOf('een\n', 'een\ntwee'))
    expect(lines.at(-2)).toMatchObject({ kind: 'add', text: 'twee', newLine: 2 })
    expect(lines.at(-1)).toEqual({ kind: 'note', text: 'No newline at end of file', oldLine: null, newLine: null })
  })

  it('numbers the lines of a text that was empty before', () => {
    const lines = parseUnifiedDiff(patchOf('', 'nieuw\n'))
    expect(lines).toEqual([
      { kind: 'hunk', text: '@@ -0,0 +1,1 @@', oldLine: null, newLine: null },
      { kind: 'add', text: 'nieuw', oldLine: null, newLine: 1 },
    ])
  })

  it('gives nothing for two equal revisions, and reads CRLF patches', () => {
    expect(parseUnifiedDiff(patchOf('zelfde\n', 'zelfde\n'))).toEqual([])
    const crlf = patchOf('a\nb\n', 'a\nc\n').replaceAll('\n', '\r\n')
    expect(parseUnifiedDiff(crlf).map((l) => l.text)).toEqual(['@@ -1,2 +1,2 @@', 'a', 'b', 'c'])
  })
})
