import type { AddressInfo } from 'node:net'
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server'

export interface ReceivedEnvelope {
  /** The reverse path of MAIL FROM; null for the null path `<>` (bounces and auto-replies are sent with it). */
  mailFrom: string | null
  rcptTo: string[]
  remoteAddress: string
}

export interface SmtpReceiver {
  /** The port listened on (the free one chosen when the port was 0). */
  port: number
  /** Stops accepting connections and waits for the messages in flight to be handled and answered. */
  close(): Promise<void>
}

export interface MailLogger {
  info(obj: object, msg: string): void
  warn(obj: object, msg: string): void
  error(obj: object, msg: string): void
}

const silent: MailLogger = { info: () => undefined, warn: () => undefined, error: () => undefined }

/** '2525' (all interfaces), '127.0.0.1:2525', '[::1]:2525'. */
export function parseListen(listen: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]:|([^:]+):)?(\d{1,5})$/.exec(listen.trim())
  const port = Number(match?.[3])
  if (!match || port > 65_535) {
    throw new Error(`invalid SMTP listen address "${listen}": expected a port or host:port`)
  }
  return { host: match[1] ?? match[2] ?? '0.0.0.0', port }
}

class HandlerError extends Error {
  constructor(
    readonly responseCode: number,
    message: string,
  ) {
    super(message)
  }
}

/**
 * A built-in SMTP server that receives mail for sladesk (the MX of the helpdesk address, or a relay target).
 * Plain SMTP: no STARTTLS (no certificate is configured) and no AUTH. Every message is buffered whole and handed to
 * `onMessage` exactly as received; only when that resolves is it acknowledged with 250. When it rejects, the client
 * gets 451 (a temporary failure) and retries later, so no message is ever lost on sladesk's side. A message over
 * `maxBytes` is refused with 552, both when announced with SIZE= and when its data grows past the limit, and is not
 * handed over at all.
 */
export async function startSmtpReceiver(options: {
  listen: string
  maxBytes: number
  onMessage: (raw: Buffer, envelope: ReceivedEnvelope) => Promise<void>
  logger?: MailLogger
  hostname?: string
}): Promise<SmtpReceiver> {
  const { host, port } = parseListen(options.listen)
  const log = options.logger ?? silent
  const inFlight = new Set<Promise<void>>()

  const receive = async (stream: SMTPServerDataStream, session: SMTPServerSession): Promise<void> => {
    const chunks: Buffer[] = []
    // Once over the limit the rest is read and dropped: the client must be able to finish DATA to get the 552.
    stream.on('data', (chunk: Buffer) => {
      if (!stream.sizeExceeded) {
        chunks.push(chunk)
      }
    })
    await new Promise<void>((resolve, reject) => {
      stream.once('end', resolve)
      stream.once('error', reject)
    })
    const envelope: ReceivedEnvelope = {
      mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address || null : null,
      rcptTo: session.envelope.rcptTo.map((r) => r.address),
      remoteAddress: session.remoteAddress,
    }
    if (stream.sizeExceeded) {
      // smtp-server answers 552 itself (rejectOversized); this is only for the log.
      log.warn({ ...envelope, bytes: stream.byteLength, maxBytes: options.maxBytes }, 'refused an oversized mail')
      return
    }
    const raw = Buffer.concat(chunks)
    try {
      await options.onMessage(raw, envelope)
    } catch (err) {
      log.error({ err, ...envelope, bytes: raw.length }, 'could not take in a received mail; answered 451 for a retry')
      throw new HandlerError(451, 'Temporary failure while storing the message, please try again later')
    }
    log.info({ ...envelope, bytes: raw.length }, 'received a mail')
  }

  const server = new SMTPServer({
    name: options.hostname,
    banner: 'sladesk mail receiver',
    size: options.maxBytes,
    rejectOversized: true,
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    disableReverseLookup: true,
    logger: false,
    onData(stream, session, callback) {
      const run = receive(stream, session)
      inFlight.add(run)
      run.then(
        () => callback(),
        (err: unknown) => callback(err instanceof HandlerError ? err : new HandlerError(451, 'Temporary failure')),
      )
      // The answer is sent by the callback above, in the same tick: after that the message is no longer in flight.
      run.catch(() => undefined).finally(() => inFlight.delete(run))
    },
  })
  server.on('error', (err) => log.warn({ err }, 'SMTP connection error'))

  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject)
    server.listen(port, host, () => {
      server.server.off('error', reject)
      resolve()
    })
  })
  const bound = (server.server.address() as AddressInfo).port
  log.info({ host, port: bound, maxBytes: options.maxBytes }, 'SMTP receiver listening')

  return {
    port: bound,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      // A session that is still connected can start another message while the first ones finish.
      while (inFlight.size > 0) {
        await Promise.allSettled([...inFlight])
      }
      // Sessions that are idle or between commands are told to come back later (421) instead of being waited for:
      // a client keeps a connection open for minutes, and anything it had not sent in full is not acknowledged.
      for (const connection of server.connections) {
        connection.send(421, 'sladesk mail receiver shutting down, try again later')
        connection.close()
      }
      await closed
    },
  }
}
