// Lines that open the quoted history of a reply: "On … wrote:", "Op … schreef …:", Outlook's separators.
const HEADER = [
  /^On .+ wrote:\s*$/i,
  /^Op .+ schreef .*:\s*$/i,
  /^-{2,}\s*(Original Message|Oorspronkelijk bericht|Forwarded message|Doorgestuurd bericht)\s*-{2,}\s*$/i,
  /^_{10,}\s*$/,
]

const isQuote = (line: string) => /^\s*>/.test(line)

/**
 * Splits the text of a mail into what the sender wrote and the quoted history under it, so that the history can
 * be folded away. Only a tail is taken as history: a header line such as "Op … schreef:" (or a run of `>` lines)
 * with nothing but quoted or blank lines after a `>` block. Text with no such tail comes back whole.
 */
export function splitQuoted(text: string): { body: string; quoted: string | null } {
  const lines = text.split(/\r?\n/)
  let start = -1
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? ''
    if (HEADER.some((re) => re.test(line.trim()))) {
      start = i
      break
    }
    if (isQuote(line) && lines.slice(i).every((l) => isQuote(l) || l.trim() === '')) {
      start = i
      break
    }
  }
  if (start <= 0) {
    return { body: text, quoted: null }
  }
  const body = lines.slice(0, start).join('\n').trimEnd()
  const quoted = lines.slice(start).join('\n').trim()
  return body === '' || quoted === '' ? { body: text, quoted: null } : { body, quoted }
}
