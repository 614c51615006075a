import { createHash } from 'node:crypto'
import type { AddressObject, ParsedMail, StructuredHeader } from 'mailparser'
import { lazy } from '../lazy.js'
import { htmlToText, sanitizeMailHtml } from './html.js'

export interface InboundAttachment {
  filename: string
  contentType: string
  /** Bytes of the decoded content. */
  size: number
  content: Buffer
  /** The Content-ID without <>, to match `cid:` references in the HTML. */
  contentId: string | null
  /** Shown inside the HTML body (an embedded image), rather than listed as a file. */
  inline: boolean
}

/** Why a mail must never be answered automatically (RFC 3834), or null for a mail from a person. */
export type AutomaticMail = null | 'auto-reply' | 'bounce' | 'bulk'

export interface InboundMail {
  /** Without <>. A mail without one gets 'sladesk-' + sha256 of its raw bytes: the same raw mail, the same id. */
  messageId: string
  /** Without <>. */
  inReplyTo: string | null
  /** Without <>, oldest first as in the header. */
  references: string[]
  /** Address lower-cased. */
  from: { address: string; name: string | null } | null
  replyTo: string | null
  /** Lower-cased addresses, group members included. */
  to: string[]
  cc: string[]
  /** '' when missing. */
  subject: string
  /** The Date header, epoch ms; null when missing or unreadable. */
  date: number | null
  /** The text part; derived from the HTML when there is none. */
  text: string
  /** Sanitised HTML (sanitizeMailHtml), never the raw one. */
  html: string | null
  attachments: InboundAttachment[]
  automatic: AutomaticMail
  /** '2026-000123' from a '[#2026-000123]' token in the subject; the last one when there are several. */
  ticketToken: string | null
}

/** The input is not a mail at all (nothing parseable); the raw bytes are still worth keeping for inspection. */
export class MalformedMailError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'MalformedMailError'
  }
}

const HEADER_FIELD = /^[\x21-\x39\x3b-\x7e]+[ \t]*:/
const MBOX_FROM_LINE = /^From \S+/

/** The bytes before the first empty line (the header section), as latin1 so that any byte maps to one char. */
function headerSection(raw: Buffer): string {
  const text = raw.toString('latin1')
  const end = text.search(/\r?\n\r?\n/)
  return end < 0 ? text : text.slice(0, end)
}

/** Throws MalformedMailError for input that has no header section a mail parser could read. */
function assertLooksLikeMail(raw: Buffer): void {
  if (raw.length === 0 || raw.toString('latin1').trim() === '') {
    throw new MalformedMailError('empty message: no bytes besides whitespace')
  }
  const head = headerSection(raw)
  if (head.includes('\0')) {
    throw new MalformedMailError('binary data where the header section should be (NUL bytes): not an RFC 5322 mail')
  }
  const lines = head.split(/\r?\n/)
  const first = MBOX_FROM_LINE.test(lines[0] ?? '') ? lines[1] : lines[0]
  if (first === undefined || !HEADER_FIELD.test(first)) {
    throw new MalformedMailError('no header fields: the message does not start with a "Name: value" header line')
  }
}

const stripAngles = (id: string) =>
  id
    .trim()
    .replace(/^<+|>+$/g, '')
    .trim()

/** All ids in a Message-ID list header ("<a@x> <b@y>"), in order, without <>. */
function messageIds(value: string | string[] | undefined): string[] {
  const raw = Array.isArray(value) ? value.join(' ') : (value ?? '')
  const bracketed = raw.match(/<[^<>]+>/g)
  const ids = bracketed ? bracketed.map(stripAngles) : raw.split(/[\s,]+/).map(stripAngles)
  return ids.filter((id) => id !== '')
}

function addresses(value: AddressObject | AddressObject[] | undefined): string[] {
  const out: string[] = []
  const visit = (entries: AddressObject['value']) => {
    for (const entry of entries) {
      if (entry.group) {
        visit(entry.group)
      } else if (entry.address) {
        out.push(entry.address.toLowerCase())
      }
    }
  }
  for (const object of Array.isArray(value) ? value : value ? [value] : []) {
    visit(object.value)
  }
  return out
}

/** The unparsed value of a header, unfolded, or undefined. */
function rawHeader(mail: ParsedMail, name: string): string | undefined {
  const line = mail.headerLines.find((h) => h.key === name)?.line
  return line === undefined
    ? undefined
    : line
        .slice(line.indexOf(':') + 1)
        .replace(/\r?\n[ \t]+/g, ' ')
        .trim()
}

/** Content-Type and Content-Disposition come parsed into a value and its parameters. */
function structuredHeader(mail: ParsedMail, name: string): StructuredHeader | undefined {
  const value = mail.headers.get(name)
  return value && typeof value === 'object' && 'value' in value && 'params' in value && typeof value.value === 'string'
    ? (value as StructuredHeader)
    : undefined
}

function headerText(mail: ParsedMail, name: string): string {
  const value = mail.headers.get(name)
  if (typeof value === 'string') {
    return value
  }
  if (Array.isArray(value)) {
    return value.filter((v): v is string => typeof v === 'string').join(', ')
  }
  return rawHeader(mail, name) ?? ''
}

const AUTO_REPLY_SUBJECT =
  /^\s*(?:Automatic reply|Automatisch antwoord|Out of Office|Afwezig|Autoreply|Auto-reply|Automatische Antwort|Réponse automatique|Abwesenheitsnotiz)\s*:/i

/** RFC 3834 and what real mail systems (Exchange, Postfix, Exim, list managers) put on mail nobody typed. */
function automaticKind(mail: ParsedMail): AutomaticMail {
  const header = (name: string) => headerText(mail, name).trim().toLowerCase()
  const contentType = structuredHeader(mail, 'content-type')
  const fromAddress = addresses(mail.from)[0] ?? ''
  const fromLocal = fromAddress.slice(0, fromAddress.lastIndexOf('@'))
  if (
    (contentType?.value.toLowerCase() === 'multipart/report' &&
      contentType.params['report-type']?.toLowerCase() === 'delivery-status') ||
    fromLocal === 'mailer-daemon' ||
    fromLocal === 'postmaster' ||
    mail.headers.has('x-failed-recipients')
  ) {
    return 'bounce'
  }
  const autoSubmitted = header('auto-submitted')
  const precedence = header('precedence')
  const suppress = header('x-auto-response-suppress')
    .split(/[\s,]+/)
    .filter((v) => v !== '')
  if (
    autoSubmitted.startsWith('auto-replied') ||
    mail.headers.has('x-autoreply') ||
    mail.headers.has('x-autorespond') ||
    suppress.some((v) => v === 'all' || v === 'oof' || v === 'autoreply') ||
    precedence === 'auto_reply' ||
    AUTO_REPLY_SUBJECT.test(mail.subject ?? '')
  ) {
    return 'auto-reply'
  }
  // A null reverse path (Return-Path: <>) is what bounces are sent with; auto-replies too, but they were caught above.
  if (rawHeader(mail, 'return-path')?.replace(/\s/g, '') === '<>') {
    return 'bounce'
  }
  if (
    (autoSubmitted !== '' && autoSubmitted !== 'no') ||
    ['bulk', 'junk', 'list'].includes(precedence) ||
    // mailparser folds the List-* headers into one `list` entry: the raw lines say which were there.
    mail.headerLines.some((h) => h.key === 'list-id' || h.key === 'list-unsubscribe')
  ) {
    return 'bulk'
  }
  return null
}

const TICKET_TOKEN = /\[#(\d{4}-\d{6,})\]/g

/** '2026-000123' from the last '[#2026-000123]' in a subject, or null. */
export function ticketTokenOf(subject: string): string | null {
  return [...subject.matchAll(TICKET_TOKEN)].pop()?.[1] ?? null
}

const EXTENSIONS: Record<string, string> = {
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'text/plain': 'txt',
  'text/html': 'html',
  'message/rfc822': 'eml',
  'message/delivery-status': 'txt',
  'text/rfc822-headers': 'txt',
}

/** The file name without directories or control characters; a generated one when the part named none. */
function safeFilename(name: string | undefined, contentType: string, index: number): string {
  const last = (name ?? '').split(/[/\\]/).pop() ?? ''
  const base = [...last]
    .filter((c) => c >= ' ' && c !== '\x7f')
    .join('')
    .trim()
  if (base !== '' && base !== '.' && base !== '..') {
    return base
  }
  return `attachment-${index + 1}.${EXTENSIONS[contentType.toLowerCase()] ?? 'bin'}`
}

/**
 * A multipart mail whose declared boundary never occurs in its body (a gateway rewrote it, or the header lost its
 * boundary parameter) parses as an empty mail. When the body does have delimiter lines of another boundary, the mail
 * is parsed again with that boundary; returns undefined when there is nothing to repair.
 */
function withRepairedBoundary(raw: Buffer, mail: ParsedMail): Buffer | undefined {
  const contentType = structuredHeader(mail, 'content-type')
  if (!contentType?.value.toLowerCase().startsWith('multipart/')) {
    return undefined
  }
  const text = raw.toString('latin1')
  const bodyAt = text.search(/\r?\n\r?\n/)
  if (bodyAt < 0) {
    return undefined
  }
  const body = text.slice(bodyAt)
  const declared = contentType.params.boundary
  if (declared && body.includes(`\n--${declared}`)) {
    return undefined
  }
  const found = /\n--([0-9A-Za-z'()+_,\-./:=?]{1,70})[ \t]*\r?\n/.exec(body)?.[1]
  // A delimiter comes at least twice (between parts, or before one part and at the end); a single line of dashes
  // in a text is no boundary.
  if (!found || body.split(`\n--${found}`).length - 1 < 2) {
    return undefined
  }
  // mailparser keeps the first Content-Type of a header section, so a corrected one in front overrides the broken
  // one. Only this parse sees it: the stored raw mail stays as received.
  return Buffer.concat([Buffer.from(`Content-Type: ${contentType.value}; boundary="${found}"\r\n`, 'latin1'), raw])
}

/** The body of the message as text, for a mail whose MIME structure yielded nothing readable. */
function rawBody(raw: Buffer): string {
  const text = raw.toString('utf8')
  const at = text.search(/\r?\n\r?\n/)
  return at < 0 ? '' : text.slice(at).replace(/\r\n/g, '\n').trim()
}

// Loaded with the first mail in: mailparser and its encodings weigh about 9 MB in a server that may never get one.
const loadMailparser = lazy(() => import('mailparser'))

const parse = async (raw: Buffer) =>
  (await loadMailparser()).simpleParser(raw, {
    keepCidLinks: true,
    skipImageLinks: true,
    skipTextToHtml: true,
    // The text of an HTML-only mail is made by htmlToText, with the line breaks the rest of sladesk expects.
    skipHtmlToText: true,
    // The machine-readable delivery report of a bounce stays an attachment, not a part of the text.
    keepDeliveryStatus: true,
  })

/**
 * Parses a raw RFC 5322 message. Lenient like mailparser: a mail with broken MIME yields what can be read
 * (a multipart body with a wrong boundary is repaired, or its raw body becomes the text).
 * @throws MalformedMailError when the input is not a mail at all: empty, binary, or without any header field.
 */
export async function parseInbound(raw: Buffer): Promise<InboundMail> {
  assertLooksLikeMail(raw)
  let mail: ParsedMail
  try {
    mail = await parse(raw)
    const empty = !mail.text?.trim() && !mail.html && mail.attachments.length === 0
    const repaired = empty ? withRepairedBoundary(raw, mail) : undefined
    if (repaired) {
      mail = await parse(repaired)
    }
  } catch (err) {
    throw new MalformedMailError(`unreadable MIME structure: ${err instanceof Error ? err.message : String(err)}`, {
      cause: err,
    })
  }
  if (mail.headers.size === 0) {
    throw new MalformedMailError('no header fields could be read')
  }

  const rawHtml = typeof mail.html === 'string' && mail.html.trim() !== '' ? mail.html : null
  let text = mail.text?.trim() ? mail.text : rawHtml ? htmlToText(rawHtml) : ''
  const isMultipart = structuredHeader(mail, 'content-type')?.value.toLowerCase().startsWith('multipart/') ?? false
  if (text.trim() === '' && !rawHtml && mail.attachments.length === 0 && isMultipart) {
    // Nothing of the MIME structure could be read: the body as it is beats an empty mail.
    text = rawBody(raw)
  }
  text = text.trimEnd()
  const html = rawHtml ? sanitizeMailHtml(rawHtml) : null
  const messageId = messageIds(mail.messageId)[0] ?? `sladesk-${createHash('sha256').update(raw).digest('hex')}`
  // From the raw header: mailparser turns an unreadable Date into "now", which would look like a real date.
  const rawDate = rawHeader(mail, 'date')
  const date = rawDate === undefined ? NaN : new Date(rawDate).getTime()
  const from = mail.from?.value.find((v) => v.address)
  const subject = mail.subject ?? ''

  return {
    messageId,
    inReplyTo: messageIds(mail.inReplyTo)[0] ?? null,
    references: messageIds(mail.references),
    from: from?.address ? { address: from.address.toLowerCase(), name: from.name.trim() || null } : null,
    replyTo: addresses(mail.replyTo)[0] ?? null,
    to: addresses(mail.to),
    cc: addresses(mail.cc),
    subject,
    date: Number.isNaN(date) ? null : date,
    text,
    html,
    attachments: mail.attachments.map((a, i) => {
      const contentId = a.cid ? stripAngles(a.cid) : null
      return {
        filename: safeFilename(a.filename, a.contentType, i),
        contentType: a.contentType,
        size: a.size,
        content: a.content,
        contentId,
        // Embedded in the HTML: part of multipart/related, or referenced by cid: from the body.
        inline: contentId !== null && (a.related === true || (rawHtml?.includes(`cid:${contentId}`) ?? false)),
      }
    }),
    automatic: automaticKind(mail),
    ticketToken: ticketTokenOf(subject),
  }
}
