import EmailReplyParser from 'email-reply-parser'

export interface FoldedText {
  /** What the sender wrote in this mail. */
  visible: string
  /** The quoted history (earlier mails of the thread), or null. */
  quoted: string | null
  /** The signature below the text, or null. */
  signature: string | null
}

// Headers that introduce a quote with "> " lines below them, in full as one line (Gmail and Apple Mail wrap them
// over two or three lines). The date must have a digit: "On Monday the server wrote:" is not a header.
const REPLY_HEADERS = [
  /^On\s.*\d.*\swrote:$/, // Gmail, Apple Mail, Thunderbird (en)
  /^Op\s.*\d.*\sschreef\s.*:$/, // Gmail, Thunderbird (nl): "Op ma 2 nov 2026 om 09:14 schreef Jan <jan@…>:"
  /^Op\s.*\d.*\sheeft\s.*\s(?:het volgende\s)?geschreven:$/, // Apple Mail (nl)
]
// Outlook writes the history below the reply, without quote marks, under a block of header lines (or a separator
// line): "Van: … / Verzonden: … / Aan: … / Onderwerp: …". Labels may be bold ("*Van:*") when converted from HTML.
const OUTLOOK_SEPARATOR =
  /^-{2,}\s*(?:Original Message|Oorspronkelijk bericht|Origineel bericht|Ursprüngliche Nachricht|Message d'origine)\s*-{2,}$/i
const OUTLOOK_FROM = /^\*?(?:From|Van|Von|De)\*?\s?:\*?\s/i
const OUTLOOK_SENT = /^\*?(?:Sent|Date|Verzonden|Datum|Gesendet|Envoyé)\*?\s?:/i
const OUTLOOK_TO = /^\*?(?:To|Aan|An|À|Cc|Subject|Onderwerp|Betreff|Objet)\*?\s?:/i
const UNDERSCORES = /^_{10,}$/
// A forwarded mail is what the sender wants us to read, not history to fold away.
const FORWARD_MARKER =
  /^-{2,}\s*(?:Forwarded message|Doorgestuurd bericht|Begin forwarded message|Weitergeleitete Nachricht)/i

/** Index of the line where Outlook-style history starts (its header block or separator), or -1. */
function outlookHistoryStart(lines: readonly string[]): number {
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim()
    let start = -1
    if (OUTLOOK_SEPARATOR.test(line)) {
      start = i
    } else if (OUTLOOK_FROM.test(line)) {
      const block: string[] = []
      for (let j = i + 1; j < Math.min(lines.length, i + 8) && (lines[j] ?? '').trim() !== ''; j++) {
        block.push((lines[j] ?? '').trim())
      }
      if (block.some((l) => OUTLOOK_SENT.test(l)) && block.some((l) => OUTLOOK_TO.test(l))) {
        start = i
      }
    }
    if (start < 0) {
      continue
    }
    let above = start - 1
    while (above >= 0 && (lines[above] ?? '').trim() === '') {
      above -= 1
    }
    const previous = (lines[above] ?? '').trim()
    if (above >= 0 && FORWARD_MARKER.test(previous)) {
      continue
    }
    return above >= 0 && (UNDERSCORES.test(previous) || OUTLOOK_SEPARATOR.test(previous)) ? above : start
  }
  return -1
}

// email-reply-parser joins the lines of anything its Dutch header pattern matches, and that pattern runs from any
// line starting with "Op " to the first later "schreef …:", across paragraphs: a body starting "Op de server …"
// would be glued into one line and hidden. So the headers are found here, replaced by a placeholder it recognises,
// and every other "schreef" is masked for the time of the parse.
const MASK = '\uE000'
const placeholder = (i: number) => `On ${i} sladesk${MASK} quote header wrote:`
const PLACEHOLDER = new RegExp(`^On (\\d+) sladesk${MASK} quote header wrote:$`, 'gm')

function parseReply(lines: readonly string[]): { visible: string; quoted: string; signature: string } {
  const headers: string[] = []
  const prepared: string[] = []
  for (let i = 0; i < lines.length; i++) {
    let span = 0
    for (let n = 1; n <= 3 && i + n <= lines.length && span === 0; n++) {
      const window = lines.slice(i, i + n)
      if (window.some((l) => l.trim() === '' || l.startsWith('>'))) {
        break
      }
      const joined = window.map((l) => l.trim()).join(' ')
      if (REPLY_HEADERS.some((re) => re.test(joined))) {
        span = n
      }
    }
    if (span > 0) {
      prepared.push(placeholder(headers.length))
      headers.push(lines.slice(i, i + span).join('\n'))
      i += span - 1
    } else {
      prepared.push((lines[i] ?? '').replace(/schreef/g, `schr${MASK}eef`))
    }
  }
  const restore = (s: string) =>
    s.replace(PLACEHOLDER, (_, n: string) => headers[Number(n)] ?? '').replaceAll(`schr${MASK}eef`, 'schreef')
  const fragments = new EmailReplyParser().read(prepared.join('\n')).getFragments()
  const join = (keep: (f: (typeof fragments)[number]) => boolean) =>
    restore(
      fragments
        .filter(keep)
        .map((f) => f.getContent())
        .join('\n'),
    )
  return {
    visible: join((f) => !f.isHidden()),
    quoted: join((f) => f.isQuoted()),
    signature: join((f) => f.isSignature()),
  }
}

const tidy = (s: string) => s.replace(/^\s*\n/, '').trimEnd()

/**
 * Splits the text of a mail into what the sender wrote, the quoted history below or between it, and the signature.
 * Knows "> " quoting under "On … wrote:" / "Op … schreef …:" (email-reply-parser, with the Dutch headers found
 * here), Outlook's "-----Original Message-----" and "Van: / Verzonden: / Aan:" history (everything below is history),
 * and "-- " signatures. A forwarded mail under a "Forwarded message" line stays visible. Nothing is dropped: the
 * three parts together hold every non-empty line of the text.
 */
export function foldQuotedText(text: string): FoldedText {
  const lines = text.replace(/\r\n?/g, '\n').split('\n')
  const historyAt = outlookHistoryStart(lines)
  const head = historyAt >= 0 ? lines.slice(0, historyAt) : lines
  const history = historyAt >= 0 ? lines.slice(historyAt).join('\n') : ''
  const parsed = parseReply(head)
  const quoted = tidy([parsed.quoted, history].filter((s) => s.trim() !== '').join('\n\n'))
  const signature = tidy(parsed.signature)
  return { visible: tidy(parsed.visible), quoted: quoted || null, signature: signature || null }
}
