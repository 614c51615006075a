/** A plain RFC 5322 message. */
export function rawMail(m: {
  from: string
  to?: string
  subject: string
  body: string
  messageId?: string
  headers?: Record<string, string>
  html?: string
}): Buffer {
  const lines = [
    `From: ${m.from}`,
    `To: ${m.to ?? 'support@msp.example'}`,
    `Subject: ${m.subject}`,
    'Date: Sun, 29 Nov 2026 13:00:00 +0100',
    ...(m.messageId ? [`Message-ID: <${m.messageId}>`] : []),
    ...Object.entries(m.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
    'MIME-Version: 1.0',
  ]
  if (m.html) {
    const b = 'b-1'
    lines.push(`Content-Type: multipart/alternative; boundary="${b}"`, '', `--${b}`)
    lines.push('Content-Type: text/plain; charset=utf-8', '', m.body, `--${b}`)
    lines.push('Content-Type: text/html; charset=utf-8', '', m.html, `--${b}--`, '')
  } else {
    lines.push('Content-Type: text/plain; charset=utf-8', '', m.body, '')
  }
  return Buffer.from(lines.join('\r\n'))
}
