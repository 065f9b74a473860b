// @opentelemetry/api is an optional peer dependency: without it the plugin registers and
// answers as ever, with tracing on (the default). This process cannot find the package
// (test/fixtures/hide-opentelemetry.mjs).
import { register } from 'node:module'
import Fastify from 'fastify'
import t from 'tap'

register('./fixtures/hide-opentelemetry.mjs', import.meta.url)
// Imported after the hooks, so that a static import of the package would fail here.
const { default: errorsPlugin } = await import('../lib/index.js')

t.test('without @opentelemetry/api the plugin registers and every answer is sent', async t => {
  await t.rejects(import('@opentelemetry/api'), { message: /^Cannot find package '@opentelemetry\/not-installed'/ }, 'the package is hidden')
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(errorsPlugin, { tracing: true })
  app.get('/', (_req, reply) => reply.fail('service_unavailable'))
  app.get('/boom', async () => {
    throw new Error('kaput')
  })
  t.equal((await app.inject('/')).json().error.code, 'service_unavailable')
  t.equal((await app.inject('/boom')).json().error.code, 'internal_error')
  t.equal((await app.inject('/nope')).json().error.code, 'route_not_found')
})
