import Fastify from 'fastify'
import t from 'tap'
import errorsPlugin, { errorCodes, errorHandler, fastifyErrorCatalogue } from '../lib/index.js'
import { build } from './helpers.js'

t.test('registers as a fastify-plugin with a name; decorators reach every child context', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(errorsPlugin)
  await app.register(async child => {
    child.get('/', (_req, reply) => reply.fail('conflict'))
  })
  t.ok(app.hasPlugin('fastify-error-catalogue'))
  t.equal(fastifyErrorCatalogue, errorsPlugin)
  t.equal((await app.inject('/')).statusCode, 409)
  t.type(app.errors.conflict, 'function')
  t.type(app.errorCatalogue.errorHandler, 'function')
})

t.test('invalid options fail registration with FST_CATALOGUE_OPTION_INVALID', async t => {
  const bad: [object, RegExp][] = [
    [{ formt: 'flat' }, /unknown option "formt"/],
    [{ format: 'xml' }, /format must be 'nested', 'flat', 'oauth', 'problem' or \{ format, schema \}/],
    [{ includeFix: 'no' }, /includeFix must be true or false/],
    [{ problemTypeBase: 5 }, /problemTypeBase must be a string/],
    [{ clientErrorLogLevel: 'loud' }, /clientErrorLogLevel must be one of/],
    [{ rateLimit: 'yes' }, /rateLimit must be true, false or an options object/],
    [{ onFail: 'x' }, /onFail must be a function/],
    [{ catalogue: [5] }, /catalogue must be a path, a URL, an object or an array of them/],
    [{ catalogue: null }, /catalogue must be a path/]
  ]
  for (const [options, message] of bad) {
    const app = Fastify()
    await t.rejects(async () => app.register(errorsPlugin, options as object), { code: 'FST_CATALOGUE_OPTION_INVALID', message }, JSON.stringify(options))
    await app.close()
  }
  t.ok(new errorCodes.FST_CATALOGUE_OPTION_INVALID('x') instanceof TypeError)
})

t.test('setErrorHandler: false lets an app compose errorHandler into its own', async t => {
  const app = await build(t, { setErrorHandler: false })
  const seen: unknown[] = []
  app.setErrorHandler((error, request, reply) => {
    seen.push(error)
    return errorHandler(error, request, reply)
  })
  app.get('/', async () => {
    throw app.errors.conflict()
  })
  const res = await app.inject('/')
  t.equal(res.statusCode, 409)
  t.equal(seen.length, 1)
})

t.test('setNotFoundHandler: false leaves the not-found slot to the app', async t => {
  const app = await build(t, { setNotFoundHandler: false })
  app.setNotFoundHandler((_req, reply) => reply.code(404).send('custom'))
  t.equal((await app.inject('/nope')).body, 'custom')
})

t.test('clientErrorLogLevel silent and a per-code log level', async t => {
  const lines: { level: number; code?: string }[] = []
  const stream = { write: (line: string) => lines.push(JSON.parse(line)) }
  const app = await build(t, {
    clientErrorLogLevel: 'silent',
    catalogue: { watched: { status: 403, message: 'Watched', log: 'warn' } }
  }, { logger: { level: 'trace', stream } })
  app.get('/quiet', (_req, reply) => reply.fail('forbidden'))
  app.get('/loud', (_req, reply) => reply.fail('watched'))
  await app.inject('/quiet')
  await app.inject('/loud')
  t.notOk(lines.some(l => l.code === 'forbidden'))
  t.equal(lines.find(l => l.code === 'watched')?.level, 40)
})

t.test('a late error (after the response was sent) is only logged', async t => {
  const lines: { level: number; msg: string }[] = []
  const stream = { write: (line: string) => lines.push(JSON.parse(line)) }
  const app = await build(t, {}, { logger: { level: 'info', stream } })
  app.get('/', (request, reply) => {
    reply.send('done')
    return app.errorCatalogue.errorHandler(new Error('late'), request, reply)
  })
  const res = await app.inject('/')
  t.equal(res.body, 'done')
  t.ok(lines.some(l => l.level === 50 && l.msg === 'fastify-error-catalogue: error after the response was sent'))
})
