// The reference for bench/http.ts: a bare Fastify route answering a constant, nothing else.
// Started as a child process; prints `listening <port>` once it accepts connections.
import Fastify from 'fastify'

const app = Fastify({ logger: false })
app.get('/', async () => ({ hello: 'world' }))

await app.listen({ port: 0, host: '127.0.0.1' })
const address = app.server.address()
process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : 0}\n`)

process.once('SIGTERM', () => {
  void app.close().then(() => process.exit(0))
})
