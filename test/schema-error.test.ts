// `schemaErrorFormatter` (issue 12): Fastify's own validation error, message for message,
// without the stack. The comparison is with the installed Fastify's default formatter, so a
// change in Fastify's wording fails here first.
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import t from 'tap'
import { types } from 'node:util'
import errorsPlugin, { schemaErrorFormatter } from '../lib/index.js'

const schema = {
  params: { type: 'object', properties: { id: { type: 'integer' } } },
  querystring: { type: 'object', properties: { page: { type: 'integer', minimum: 1 } } },
  headers: { type: 'object', required: ['x-tenant'], properties: { 'x-tenant': { type: 'string', minLength: 3 } } },
  body: {
    type: 'object',
    required: ['name'],
    properties: {
      name: { type: 'string' },
      'a/b~c': { type: 'integer' },
      items: { type: 'array', items: { type: 'object', properties: { id: { type: 'integer' } } } }
    }
  }
}

/** Requests failing each part, one and several fields at a time. */
const FAILURES = [
  { url: '/things/x', headers: { 'x-tenant': 'acme' }, payload: { name: 'n' } },
  { url: '/things/1?page=0', headers: { 'x-tenant': 'acme' }, payload: { name: 'n' } },
  { url: '/things/1', headers: {}, payload: { name: 'n' } },
  { url: '/things/1', headers: { 'x-tenant': 'ab' }, payload: { name: 'n' } },
  { url: '/things/1', headers: { 'x-tenant': 'acme' }, payload: {} },
  { url: '/things/1', headers: { 'x-tenant': 'acme' }, payload: { name: 1, 'a/b~c': 'x', items: [{ id: 1 }, { id: 'y' }] } }
]

/** The errors an app's `onError` hook sees for each failure. */
async function seen(t: { teardown(fn: () => unknown): void }, options: FastifyServerOptions, plugin: boolean): Promise<Error[]> {
  const app: FastifyInstance = Fastify(options)
  t.teardown(() => app.close())
  if (plugin) await app.register(errorsPlugin)
  const errors: Error[] = []
  app.addHook('onError', async (_request, _reply, error) => {
    errors.push(error)
  })
  app.post('/things/:id', { schema }, async () => 'ok')
  for (const failure of FAILURES) await app.inject({ method: 'POST', ...failure })
  return errors
}

t.test("the message is Fastify's own, for every part and several fields at once", async t => {
  for (const allErrors of [false, true]) {
    const ajv = { customOptions: { allErrors } }
    const fastify = await seen(t, { ajv }, false)
    const ours = await seen(t, { ajv, schemaErrorFormatter }, true)
    t.equal(ours.length, FAILURES.length)
    t.same(
      ours.map(error => error.message),
      fastify.map(error => error.message),
      `allErrors: ${allErrors}`
    )
    if (allErrors) t.ok(fastify.some(error => error.message.includes(', ')), 'one failure reports several fields')
    for (const error of ours) {
      t.ok(types.isNativeError(error), 'a native Error')
      t.equal(error.stack, `Error: ${error.message}`, 'no frames')
      const fields = error as Error & { code?: unknown; statusCode?: unknown; validation?: unknown; validationContext?: unknown }
      t.equal(fields.code, 'FST_ERR_VALIDATION')
      t.equal(fields.statusCode, 400)
      t.ok(Array.isArray(fields.validation))
      t.type(fields.validationContext, 'string')
    }
  }
})

t.test('the answer is the same with and without it', async t => {
  const answers = async (options: FastifyServerOptions) => {
    const app = Fastify(options)
    t.teardown(() => app.close())
    await app.register(errorsPlugin)
    app.post('/things/:id', { schema }, async () => 'ok')
    const bodies = []
    for (const failure of FAILURES) {
      const res = await app.inject({ method: 'POST', ...failure })
      bodies.push([res.statusCode, res.json()])
    }
    return bodies
  }
  t.same(await answers({ schemaErrorFormatter }), await answers({}))
})

t.test('Error.stackTraceLimit is left as it was, and a frozen one still gives an error', async t => {
  const errors = [{ keyword: 'type', instancePath: '/n', schemaPath: '#/n/type', params: {}, message: 'must be integer' }]
  const before = Error.stackTraceLimit
  t.equal(schemaErrorFormatter(errors, 'body').message, 'body/n must be integer')
  t.equal(Error.stackTraceLimit, before)

  const descriptor = Object.getOwnPropertyDescriptor(Error, 'stackTraceLimit')!
  Object.defineProperty(Error, 'stackTraceLimit', { ...descriptor, writable: false })
  t.teardown(() => Object.defineProperty(Error, 'stackTraceLimit', descriptor))
  const error = schemaErrorFormatter(errors, 'querystring')
  t.equal(error.message, 'querystring/n must be integer')
  t.ok(types.isNativeError(error))
})
