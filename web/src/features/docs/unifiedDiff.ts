/** One line of a unified diff as the diff view shows it. */
export interface DiffLine {
  kind: 'hunk' | 'add' | 'remove' | 'context' | 'note'
  /** The line without its `+`, `-` or space; for a hunk its header, for a note the text after `\`. */
  text: string
  /** The line's number in the old text (remove, context), else null. */
  oldLine: number | null
  /** The line's number in the new text (add, context), else null. */
  newLine: number | null
}

const HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/

/**
 * Splits the patch text of `diff`'s createPatch into lines to colour. The file headers (`Index:`, `===`, `---`,
 * `+++`) are left out; inside a hunk the line counts of its header decide where it ends, so that a removed line
 * that itself starts with `--` is not taken for a header.
 */
export function parseUnifiedDiff(patch: string): DiffLine[] {
  const out: DiffLine[] = []
  let oldLeft = 0
  let newLeft = 0
  let oldNo = 0
  let newNo = 0
  for (const raw of patch.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw
    const inHunk = oldLeft > 0 || newLeft > 0
    if (!inHunk) {
      const hunk = HUNK.exec(line)
      if (hunk) {
        oldNo = Number(hunk[1])
        newNo = Number(hunk[3])
        // A hunk of an empty side starts at line 0 with count 0; the next line added is line 1.
        oldLeft = hunk[2] === undefined ? 1 : Number(hunk[2])
        newLeft = hunk[4] === undefined ? 1 : Number(hunk[4])
        oldNo = oldLeft === 0 ? oldNo + 1 : oldNo
        newNo = newLeft === 0 ? newNo + 1 : newNo
        out.push({ kind: 'hunk', text: line, oldLine: null, newLine: null })
      } else if (line.startsWith('\\') && out.length > 0) {
        out.push({ kind: 'note', text: line.slice(1).trim(), oldLine: null, newLine: null })
      }
      continue
    }
    const mark = line[0]
    const text = line.slice(1)
    if (mark === '+') {
      out.push({ kind: 'add', text, oldLine: null, newLine: newNo++ })
      newLeft--
    } else if (mark === '-') {
      out.push({ kind: 'remove', text, oldLine: oldNo++, newLine: null })
      oldLeft--
    } else if (mark === '\\') {
      out.push({ kind: 'note', text: text.trim(), oldLine: null, newLine: null })
    } else {
      // A context line; an empty line here is a context line whose space a mail client or editor ate.
      out.push({ kind: 'context', text, oldLine: oldNo++, newLine: newNo++ })
      oldLeft--
      newLeft--
    }
  }
  return out
}
