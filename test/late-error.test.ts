// lib/request/late-error.ts reaches into Fastify: it finds the reply's next-error-handler
// slot by its symbol's description. This test fails, instead of the guard silently doing
// nothing, the day the installed Fastify renames or drops that slot.
import Fastify from 'fastify'
import { createRequire } from 'node:module'
import t from 'tap'
import errorsPlugin, { errorHandler } from '../lib/index.js'
import { nextErrorHandlerSlot } from '../lib/request/late-error.js'

const fastifyVersion = (createRequire(import.meta.url)('fastify/package.json') as { version: string }).version

t.test(`Fastify ${fastifyVersion} keeps the next error handler in the slot late-error.ts looks for`, async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(errorsPlugin, { setErrorHandler: false })
  const seen: (string | undefined)[] = []
  app.setErrorHandler((error, request, reply) => {
    const slot = nextErrorHandlerSlot(reply)
    seen.push(slot?.description)
    return errorHandler(error, request, reply)
  })
  app.get('/', async () => {
    throw new Error('boom')
  })
  app.get('/ok', async (_request, reply) => {
    seen.push(nextErrorHandlerSlot(reply)?.description ?? 'none before an error')
    return 'ok'
  })

  t.equal((await app.inject('/ok')).statusCode, 200)
  t.equal((await app.inject('/')).statusCode, 500)
  t.same(seen, ['none before an error', 'fastify.reply.nextErrorHandler'], `the slot on a reply routed to the error handler (fastify ${fastifyVersion})`)
})

t.test('with the slot found, an onSend hook throwing on the error answer gets the fixed 500, not its message', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(errorsPlugin)
  app.addHook('onSend', async (_request, reply) => {
    if (reply.statusCode >= 400) throw new Error('onSend secret /srv/app.js')
  })
  app.get('/', async () => {
    throw new Error('boom')
  })
  const res = await app.inject('/')
  t.equal(res.statusCode, 500)
  t.equal(res.body, '{"error":{"code":"internal_error","message":"Internal server error"}}')
})
