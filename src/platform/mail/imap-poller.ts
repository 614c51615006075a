import { ImapFlow } from 'imapflow'
import type { MailLogger } from './smtp-receiver.js'

/** How far a mailbox has been read: UIDs are only comparable within one UIDVALIDITY. */
export interface ImapCursor {
  /** UIDVALIDITY of the mailbox, as a string (imapflow gives a bigint). */
  uidValidity: string
  /** The highest UID handed to onMessage and handled. */
  lastUid: number
}

export interface ImapPoller {
  /** Fetches the new messages and hands them over one by one; `fetched` is how many were handled. */
  pollOnce(): Promise<{ fetched: number }>
  /** Logs out; waits for a poll in progress to finish first. */
  close(): Promise<void>
}

export interface ImapMessageMeta {
  uid: number
  uidValidity: string
  mailbox: string
}

export interface ImapPollerOptions {
  /** imap://user:password@host:port/MAILBOX or imaps://…; MAILBOX defaults to INBOX; user and password URL-encoded. */
  url: string
  onMessage: (raw: Buffer, meta: ImapMessageMeta) => Promise<void>
  cursor: { load(): Promise<ImapCursor | undefined>; save(cursor: ImapCursor): Promise<void> }
  logger?: MailLogger
  /** For imaps:// and STARTTLS: false accepts a self-signed certificate (a mail server on the LAN). Default true. */
  tlsRejectUnauthorized?: boolean
}

/** The handler failed for one message: it stays unread and is handed over again on the next poll. */
export class ImapMessageError extends Error {
  constructor(
    readonly uid: number,
    readonly mailbox: string,
    options: { cause: unknown },
  ) {
    const reason = options.cause instanceof Error ? options.cause.message : String(options.cause)
    super(`message uid ${uid} in ${mailbox} was not taken in: ${reason}`, options)
    this.name = 'ImapMessageError'
  }
}

export interface ImapTarget {
  host: string
  port: number
  secure: boolean
  user: string
  password: string
  mailbox: string
}

/** Reads an imap:// or imaps:// URL. @throws Error for another scheme or a URL without user or host. */
export function parseImapUrl(url: string): ImapTarget {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new Error('invalid IMAP URL: expected imap://user:password@host:port/MAILBOX')
  }
  const secure = parsed.protocol === 'imaps:'
  if (!secure && parsed.protocol !== 'imap:') {
    throw new Error(`invalid IMAP URL: scheme ${parsed.protocol} is not imap: or imaps:`)
  }
  if (!parsed.hostname || !parsed.username) {
    throw new Error('invalid IMAP URL: a host and a user are required')
  }
  const mailbox = decodeURIComponent(parsed.pathname.replace(/^\/+/, ''))
  return {
    host: parsed.hostname.replace(/^\[|\]$/g, ''),
    port: parsed.port ? Number(parsed.port) : secure ? 993 : 143,
    secure,
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    mailbox: mailbox || 'INBOX',
  }
}

/** The server's own words when there are any: imapflow's messages are generic ("Command failed"). */
function imapReason(err: unknown): string {
  const { responseText, executedCommand, message } = (err ?? {}) as {
    responseText?: string
    executedCommand?: string
    message?: string
  }
  const command = executedCommand?.replace(/^\S+\s+/, '').split(' ')[0]
  return responseText ? `${command ? `${command}: ` : ''}${responseText}` : (message ?? String(err))
}

const silent: MailLogger = { info: () => undefined, warn: () => undefined, error: () => undefined }

/**
 * Polls one IMAP mailbox for new mail. Each new message (by UID, oldest first) is handed to `onMessage`; once that
 * resolves, the message is flagged \Seen and the cursor is saved with its UID, one message at a time. Mail is never
 * deleted or moved. A crash between the handler and the cursor save hands that one message over again on the next
 * poll, so `onMessage` must be idempotent: the consumer stores the raw mail keyed by its Message-ID and ignores a
 * Message-ID it already has. When the mailbox's UIDVALIDITY changes (it was recreated, or the server rebuilt its
 * index), UIDs start over and so does the poller, from UID 1: every message is handed over again and deduplicated
 * the same way. A handler error stops the poll (the message is retried on the next one) and is logged and thrown; a
 * lost connection is dropped and opened again on the next poll.
 */
export function createImapPoller(options: ImapPollerOptions): ImapPoller {
  const target = parseImapUrl(options.url)
  const log = options.logger ?? silent
  let client: ImapFlow | undefined
  let running: Promise<unknown> = Promise.resolve()
  let closed = false

  const connection = async (): Promise<ImapFlow> => {
    if (client?.usable) {
      return client
    }
    client?.close()
    const fresh = new ImapFlow({
      host: target.host,
      port: target.port,
      secure: target.secure,
      auth: { user: target.user, pass: target.password },
      tls: { rejectUnauthorized: options.tlsRejectUnauthorized ?? true },
      logger: false,
      // Polled, not pushed: no IDLE between polls.
      disableAutoIdle: true,
      connectionTimeout: 30_000,
      greetingTimeout: 16_000,
      socketTimeout: 120_000,
    })
    // imapflow emits 'error' when the connection fails; without a listener that would end the process.
    fresh.on('error', (err: Error) =>
      log.warn({ err, host: target.host, mailbox: target.mailbox }, 'IMAP connection error'),
    )
    try {
      await fresh.connect()
    } catch (err) {
      fresh.close()
      const what = (err as { authenticationFailed?: boolean }).authenticationFailed ? 'login' : 'connection'
      throw new Error(`IMAP ${what} to ${target.host}:${target.port} as ${target.user} failed: ${imapReason(err)}`, {
        cause: err,
      })
    }
    client = fresh
    return fresh
  }

  const poll = async (): Promise<{ fetched: number }> => {
    const imap = await connection()
    // SELECT on every poll, also when the mailbox is still selected: it answers with the current UIDVALIDITY.
    // The connection is this poller's own and polls never overlap, so no mailbox lock is needed.
    const mailbox = await imap.mailboxOpen(target.mailbox)
    const uidValidity = mailbox.uidValidity.toString()
    const saved = await options.cursor.load()
    const lastUid = saved?.uidValidity === uidValidity ? saved.lastUid : 0
    if (saved && saved.uidValidity !== uidValidity) {
      log.warn(
        { mailbox: target.mailbox, was: saved.uidValidity, now: uidValidity },
        'IMAP UIDVALIDITY changed: reading the mailbox again from the start',
      )
      await options.cursor.save({ uidValidity, lastUid: 0 })
    }
    // "N:*" also matches the highest UID when that is below N, so the list is filtered, not trusted.
    const found = await imap.search({ uid: `${lastUid + 1}:*` }, { uid: true })
    const uids = (found || []).filter((uid) => uid > lastUid).sort((a, b) => a - b)
    let fetched = 0
    for (const uid of uids) {
      // One message at a time: imapflow must not run other commands while a FETCH is being streamed, and only one
      // message is ever in memory.
      const message = await imap.fetchOne(String(uid), { uid: true, source: true }, { uid: true })
      if (message) {
        if (!message.source) {
          throw new Error(`the server sent no content for message uid ${uid} in ${target.mailbox}`)
        }
        try {
          await options.onMessage(message.source, { uid, uidValidity, mailbox: target.mailbox })
        } catch (err) {
          const failure = new ImapMessageError(uid, target.mailbox, { cause: err })
          log.error({ err, uid, uidValidity, mailbox: target.mailbox }, failure.message)
          throw failure
        }
        await imap.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true })
        fetched += 1
      }
      // A message expunged since the search is gone; the cursor moves past it.
      await options.cursor.save({ uidValidity, lastUid: uid })
    }
    if (uids.length > 0) {
      log.info({ mailbox: target.mailbox, fetched }, 'fetched mail over IMAP')
    }
    return { fetched }
  }

  return {
    pollOnce() {
      if (closed) {
        return Promise.reject(new Error('the IMAP poller is closed'))
      }
      // Polls run one after the other, never side by side on the one connection.
      const run = running.then(async () => {
        try {
          return await poll()
        } catch (err) {
          if (err instanceof ImapMessageError) {
            throw err
          }
          log.warn({ err, host: target.host, mailbox: target.mailbox }, 'IMAP poll failed')
          // The connection may be half-dead; the next poll starts a fresh one.
          client?.close()
          client = undefined
          throw err instanceof Error && err.message.startsWith('IMAP ')
            ? err
            : new Error(`IMAP poll of ${target.mailbox} on ${target.host}:${target.port} failed: ${imapReason(err)}`, {
                cause: err,
              })
        }
      })
      running = run.catch(() => undefined)
      return run
    },
    async close() {
      closed = true
      await running
      const last = client
      client = undefined
      if (last?.usable) {
        await last.logout().catch(() => last.close())
      } else {
        last?.close()
      }
    },
  }
}
