// Markdown the editor writes for the author: links to a document's attachments.

/** Images the rendered document shows inline; SVG is refused by the sanitiser, so it becomes a link. */
const INLINE_IMAGE = /^image\/(png|jpe?g|gif|webp|avif|bmp)$/i

/** A file name as a link target: what would end the target (space, brackets) or start an escape is %-encoded. */
function target(name: string): string {
  return name.replace(/[\s()<>%\\]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)
}

/** A file name as link text: brackets and backslashes escaped so they do not close the text early. */
function label(name: string): string {
  return name.replace(/[[\]\\]/g, (c) => `\\${c}`)
}

/** What to paste into the body for an attachment: `![name](attachment:name)` for an image, else a link. */
export function attachmentMarkdown(name: string, contentType: string): string {
  const link = `[${label(name)}](attachment:${target(name)})`
  return INLINE_IMAGE.test(contentType) ? `!${link}` : link
}

/**
 * The body for the preview: `attachment:` targets of inline links and link definitions point at the files under
 * `base` (the preview endpoint knows no document, so it would show them as plain text).
 */
export function withAttachmentUrls(body: string, base: string): string {
  return body
    .replace(/(\]\(\s*<?)attachment:/g, `$1${base}`)
    .replace(/^( {0,3}\[[^\]\n]+\]:[ \t]*<?)attachment:/gm, `$1${base}`)
}

/**
 * The body with `markdown` put in place of the selection `start`–`end`, and where the caret goes after it. An image
 * gets a paragraph of its own (a blank line either side: beside text it would sit inside the sentence); a link goes
 * where the caret is, as a word of the sentence.
 */
export function insertMarkdown(
  body: string,
  start: number,
  end: number,
  markdown: string,
): { body: string; caret: number } {
  const before = body.slice(0, start)
  const after = body.slice(end)
  if (!markdown.startsWith('!')) {
    return { body: before + markdown + after, caret: start + markdown.length }
  }
  const lead = before === '' || before.endsWith('\n\n') ? '' : before.endsWith('\n') ? '\n' : '\n\n'
  const trail = after === '' || after.startsWith('\n\n') ? '' : after.startsWith('\n') ? '\n' : '\n\n'
  return { body: before + lead + markdown + trail + after, caret: start + lead.length + markdown.length }
}
