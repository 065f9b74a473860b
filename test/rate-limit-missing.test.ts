// @fastify/rate-limit is an optional peer dependency: without it the plugin works, and only
// the `rateLimit` option fails, at registration, saying what to install. This process
// cannot find the package (test/fixtures/hide-rate-limit.mjs).
import { register } from 'node:module'
import Fastify from 'fastify'
import t from 'tap'

register('./fixtures/hide-rate-limit.mjs', import.meta.url)
// Imported after the hooks, so that a static import of the package would fail here.
const { default: errorsPlugin } = await import('../lib/index.js')

t.test('without @fastify/rate-limit the plugin registers and answers', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(errorsPlugin)
  app.get('/', (_req, reply) => reply.fail('forbidden'))
  t.equal((await app.inject('/')).statusCode, 403)
  t.equal((await app.inject('/nope')).json().error.code, 'route_not_found')
})

t.test('the rateLimit option names the package to install', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await t.rejects(async () => app.register(errorsPlugin, { rateLimit: true }).ready(), {
    code: 'FST_CATALOGUE_OPTION_INVALID',
    message: /^Invalid fastify-error-catalogue option: rateLimit needs @fastify\/rate-limit 11, an optional peer dependency: npm install @fastify\/rate-limit \(Cannot find package '@fastify\/not-installed'/,
    cause: { message: /^Cannot find package '@fastify\/not-installed'/ }
  })
})
