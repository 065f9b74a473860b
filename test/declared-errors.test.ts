// Codes declared once for an app or an encapsulation context (declareErrors), and the empty
// declaration: the run-time check, the route listing, the reference and OpenAPI responses.
import { readFileSync } from 'node:fs'
import swagger from '@fastify/swagger'
import Fastify from 'fastify'
import t from 'tap'
import errorsPlugin from '../lib/index.js'
import { build, logCapture } from './helpers.js'

t.test('an empty declaration allows only the plugin\'s own codes, as the types say', async t => {
  const logs = logCapture()
  const app = await build(t, { undeclared: 'fail' }, { logger: { stream: logs.stream } })
  app.post('/jobs', {
    config: { errors: [] },
    schema: { body: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } }
  }, (_request, reply) => reply.fail('conflict' as 'validation_error'))
  app.get('/spread', { schema: { response: app.errorCatalogue.responses([]) } }, (_request, reply) => reply.fail('conflict' as 'validation_error'))
  await app.ready()

  t.equal((await app.inject({ method: 'POST', url: '/jobs', payload: {} })).json().error.code, 'validation_error')
  t.equal((await app.inject({ method: 'POST', url: '/jobs', payload: { name: 'x' } })).statusCode, 500)
  t.equal((await app.inject('/spread')).statusCode, 500)
  t.same(app.errorCatalogue.routes().filter(route => route.method !== 'HEAD'), [
    { method: 'POST', url: '/jobs', codes: [] },
    { method: 'GET', url: '/spread', codes: [] }
  ])
  t.equal(logs.lines.filter(line => typeof line.msg === 'string' && line.msg.includes('answered conflict, which the route does not declare')).length, 2)
})

t.test('codes declared for a context count as declared on every route in it, and in the contexts it registers', async t => {
  const logs = logCapture()
  const app = await build(t, { undeclared: 'fail' }, { logger: { stream: logs.stream } })
  await app.register(async api => {
    const authed = api.declareErrors(['unauthenticated'])
    t.equal(authed, api, 'the same instance, typed with the codes')
    api.addHook('onRequest', async (request, reply) => {
      if (request.headers.authorization === undefined) return reply.fail('unauthenticated')
    })
    authed.get('/projects/:id', { config: { errors: ['resource_not_found'] } }, (request, reply) =>
      reply.fail('resource_not_found', { resource: 'Project', id: (request.params as { id: string }).id }))
    authed.get('/conflict', { config: { errors: ['resource_not_found'] } }, (_request, reply) => reply.fail('conflict' as 'unauthenticated'))
    authed.get('/open', (_request, reply) => reply.fail('forbidden'))
    await authed.register(async admin => {
      admin.declareErrors(['forbidden']).get('/admin', { config: { errors: [] } }, (request, reply) =>
        request.headers['x-admin'] === undefined ? reply.fail('forbidden') : reply.send({ ok: true }))
    })
  }, { prefix: '/v1' })
  // A sibling context sees none of them.
  await app.register(async other => {
    other.get('/other', { config: { errors: ['conflict'] } }, (_request, reply) => reply.fail('unauthenticated' as 'conflict'))
  })
  await app.ready()

  const authorized = { authorization: 'Bearer t' }
  t.equal((await app.inject('/v1/projects/7')).json().error.code, 'unauthenticated')
  t.equal((await app.inject({ url: '/v1/projects/7', headers: authorized })).json().error.code, 'resource_not_found')
  t.equal((await app.inject({ url: '/v1/conflict', headers: authorized })).statusCode, 500, 'neither the route nor its context declares it')
  t.equal((await app.inject({ url: '/v1/open', headers: authorized })).statusCode, 403, 'a route that declares nothing itself stays unchecked')
  t.equal((await app.inject('/v1/admin')).json().error.code, 'unauthenticated', 'inherited from the context above')
  t.equal((await app.inject({ url: '/v1/admin', headers: authorized })).json().error.code, 'forbidden')
  t.equal((await app.inject('/other')).statusCode, 500, 'another context does not inherit them')
  t.same(
    logs.lines.filter(line => line.level === 50 && typeof line.msg === 'string' && line.msg.includes('does not declare')).map(line => `${String(line.route)} ${String(line.code)}`),
    ['/v1/conflict conflict', '/other unauthenticated']
  )

  t.same(app.errorCatalogue.routes().filter(route => route.method !== 'HEAD'), [
    { method: 'GET', url: '/v1/projects/:id', codes: ['resource_not_found', 'unauthenticated'] },
    { method: 'GET', url: '/v1/conflict', codes: ['resource_not_found', 'unauthenticated'] },
    { method: 'GET', url: '/v1/open', codes: ['unauthenticated'] },
    { method: 'GET', url: '/v1/admin', codes: ['unauthenticated', 'forbidden'] },
    { method: 'GET', url: '/other', codes: ['conflict'] }
  ])
  t.same(app.errorCatalogue.returnedBy('unauthenticated'), ['GET /v1/projects/:id', 'GET /v1/conflict', 'GET /v1/open', 'GET /v1/admin'])
  t.match(app.errorCatalogue.reference(), '| Returned by | `GET /v1/projects/:id`, `GET /v1/conflict`, `GET /v1/open`, `GET /v1/admin` |')
})

t.test("a context's codes are in each route's OpenAPI responses, beside the route's own", async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(swagger, { openapi: { info: { title: 'Projects', version: '1.0.0' } } })
  await app.register(errorsPlugin)
  await app.register(async api => {
    api.declareErrors(['unauthenticated', 'not_found'])
    api.get('/projects/:id', {
      schema: { response: { 200: { type: 'object', properties: { id: { type: 'string' } } }, ...app.errorCatalogue.responses(['resource_not_found']) } }
    }, async request => ({ id: (request.params as { id: string }).id }))
    api.get('/bare', async () => ({ ok: true }))
  })
  await app.ready()

  const paths = (app.swagger() as { paths: Record<string, { get: { responses: Record<string, { description: string }> } }> }).paths
  const project = paths['/projects/{id}']!.get.responses
  t.same(Object.keys(project).sort(), ['200', '401', '404'])
  t.match(project['404']!.description, '(resource_not_found, not_found)', 'codes sharing a status share it')
  t.match(project['401']!.description, '(unauthenticated)')
  // As with a responses() spread of its own: a route without a success schema documents its errors only.
  t.same(Object.keys(paths['/bare']!.get.responses).sort(), ['401', '404'])
  // The success answers are still what the route sends.
  t.same((await app.inject('/projects/7')).json(), { id: '7' })
  t.same((await app.inject('/bare')).json(), { ok: true })
  // The route's own declaration is what it wrote: the context's codes are not added to it.
  t.same(app.errorCatalogue.routes().filter(route => route.method === 'GET').map(route => route.codes), [
    ['resource_not_found', 'unauthenticated', 'not_found'],
    ['unauthenticated', 'not_found']
  ])
})

t.test('declareErrors refuses unknown codes, other values, and a declaration after the routes it would miss', async t => {
  const app = await build(t)
  t.throws(() => app.declareErrors(['unauthenticatd' as 'unauthenticated']), {
    code: 'FST_CATALOGUE_UNKNOWN_CODE',
    message: 'Unknown error catalogue code: "unauthenticatd" declared by declareErrors()'
  })
  t.throws(() => app.declareErrors('unauthenticated' as never), {
    code: 'FST_CATALOGUE_OPTION_INVALID',
    message: 'Invalid fastify-error-catalogue option: declareErrors() takes an array of catalogue codes'
  })
  await app.register(async api => {
    api.get('/early', async () => ({}))
    t.throws(() => api.declareErrors(['unauthenticated']), {
      code: 'FST_CATALOGUE_OPTION_INVALID',
      message: 'Invalid fastify-error-catalogue option: declareErrors() after routes were added in this context: call it before adding them'
    })
  })
  // The context above has a route in it now too; a context registered beside it has none.
  t.throws(() => app.declareErrors(['unauthenticated']), { code: 'FST_CATALOGUE_OPTION_INVALID' })
  await app.register(async fresh => {
    t.doesNotThrow(() => fresh.declareErrors(['unauthenticated']))
  })
})

t.test("the plugin's own codes are one set in the README, the types and at run time", async t => {
  const generated = readFileSync(new URL('../lib/builtins.generated.ts', import.meta.url), 'utf8')
  const types = [...generated.slice(generated.indexOf('export type BuiltinPluginCode')).matchAll(/\| "([a-z_]+)"/g)].map(match => match[1]!)
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
  const sentence = /plus the ones the plugin answers by itself \(([^:]+):/.exec(readme)![1]!
  t.same([...sentence.matchAll(/`([a-z_]+)`/g)].map(match => match[1]), types)

  // With every feature on, an empty declaration lets each of them through, and nothing else.
  const app = await build(t, { undeclared: 'fail', rateLimit: { max: 100 } })
  app.get('/:code', { config: { errors: [] } }, (request, reply) =>
    reply.fail((request.params as { code: string }).code as 'bad_request', { seconds: 1, method: 'GET', url: '/' } as never))
  for (const code of types) t.equal((await app.inject(`/${code}`)).json().error.code, code)
  // not_found is among them (Fastify's own 404, issue 17); a code that is not, is refused.
  t.ok(types.includes('not_found'))
  t.equal((await app.inject('/conflict')).json().error.code, 'internal_error')
})
