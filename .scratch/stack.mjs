import Fastify from 'fastify'
import helmet from 'helmet'
import fastifyCookie from '@fastify/cookie'
import fastifySwagger from '@fastify/swagger'
import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import { jsonSchemaTransform, validatorCompiler } from 'fastify-type-provider-zod'
import { serializerCompiler } from '/work/main/dist/src/platform/http/serializer.js'
import { installTextGuard } from '/work/main/dist/src/platform/http/text-guard.js'
import { installHttpMetrics, createMetrics } from '/work/main/dist/src/platform/metrics.js'
const on = new Set((process.env.ON ?? '').split(','))
const app = Fastify({
  logger: on.has('log') ? { level: 'warn' } : false,
  ...(on.has('reqid') ? { genReqId: () => randomUUID(), requestIdHeader: false } : {}),
}).withTypeProvider()
app.setValidatorCompiler(validatorCompiler)
app.setSerializerCompiler(serializerCompiler)
if (on.has('guard')) installTextGuard(app)
if (on.has('helmet')) { const h = helmet(); app.addHook('onRequest', (req, reply, done) => h(req.raw, reply.raw, (e) => done(e))) }
if (on.has('cookie')) await app.register(fastifyCookie)
if (on.has('swagger')) await app.register(fastifySwagger, { openapi: { openapi: '3.1.0', info: { title: 'x', version: '1' } }, transform: jsonSchemaTransform })
if (on.has('metrics')) installHttpMetrics(app, createMetrics())
if (on.has('asynchook')) app.addHook('onRequest', async (req) => { if (!req.url.startsWith('/api/')) return })
const schema = on.has('zod') ? { schema: { params: z.object({ id: z.string().uuid() }), response: { 200: z.object({ hello: z.string() }) } } } : {}
app.get('/x/:id', schema, async () => ({ hello: 'world' }))
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' })
