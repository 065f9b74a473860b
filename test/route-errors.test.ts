// Errors declared per route: the run-time check (`undeclared`), the route listing and the reference per endpoint.
import t, { type Test } from 'tap'
import type { FastifyErrorCatalogueOptions } from '../lib/index.js'
import { build, logCapture } from './helpers.js'

/** A service deep under a handler: where undeclared codes come from. */
function loadProject(errors: { forbidden(): Error }, id: string): never {
  void id
  throw errors.forbidden()
}

t.test("undeclared: 'warn' (the default) logs each route, method and code once and answers as asked", async t => {
  const logs = logCapture()
  const app = await build(t, {}, { logger: { stream: logs.stream } })
  app.get('/projects/:id', { config: { errors: ['resource_not_found'] } }, (request, reply) => {
    const { id } = request.params as { id: string }
    if (id === 'gone') return reply.fail('resource_not_found', { resource: 'Project', id })
    // A cast stands for plain JavaScript or a service that does not know the route.
    return reply.fail('conflict' as 'resource_not_found', { resource: 'Project', id })
  })
  app.get('/deep/:id', { config: { errors: ['resource_not_found'] } }, async request => loadProject(app.errors, (request.params as { id: string }).id))

  t.equal((await app.inject('/projects/gone')).statusCode, 404)
  for (let i = 0; i < 3; i++) t.equal((await app.inject('/projects/x')).statusCode, 409)
  t.equal((await app.inject('/deep/1')).statusCode, 403)
  t.equal((await app.inject('/deep/2')).statusCode, 403)

  const warnings = logs.lines.filter(line => line.level === 40)
  t.same(
    warnings.map(({ route, method, code }) => ({ route, method, code })),
    [
      { route: '/projects/:id', method: 'GET', code: 'conflict' },
      { route: '/deep/:id', method: 'GET', code: 'forbidden' }
    ]
  )
  t.equal(
    warnings[0]!.msg,
    "fastify-error-catalogue: GET /projects/:id answered conflict, which the route does not declare: add it to config.errors or to the route's responses()"
  )
})

t.test("undeclared: 'fail' answers internal_error and logs at error level, so a test catches it", async t => {
  const logs = logCapture()
  const app = await build(t, { undeclared: 'fail' }, { logger: { stream: logs.stream } })
  app.get('/deep/:id', { config: { errors: ['resource_not_found'] } }, async request => loadProject(app.errors, (request.params as { id: string }).id))
  app.get('/foreign', { config: { errors: ['resource_not_found'] } }, async () => {
    throw Object.assign(new Error('Already there'), { statusCode: 409 })
  })

  const res = await app.inject('/deep/1')
  t.equal(res.statusCode, 500)
  t.match(res.json(), { error: { code: 'internal_error', message: 'Internal server error', request_id: 'req-1' } })
  const line = logs.lines.find(l => l.level === 50 && l.code === 'forbidden')
  t.match(line, { route: '/deep/:id', method: 'GET', msg: /answered forbidden, which the route does not declare \(undeclared: 'fail'/ })

  // A foreign error's status maps to a code too (409 → conflict), and its message is not sent.
  const foreign = await app.inject('/foreign')
  t.equal(foreign.statusCode, 500)
  t.equal(foreign.json().error.message, 'Internal server error')
})

t.test('the codes the plugin answers by itself are always allowed', async t => {
  const logs = logCapture()
  const app = await build(t, { undeclared: 'fail' }, { logger: { stream: logs.stream } })
  app.post(
    '/jobs',
    { config: { errors: ['conflict'] }, schema: { body: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } } },
    async () => {
      throw new Error('kaput')
    }
  )
  t.equal((await app.inject({ method: 'POST', url: '/jobs', payload: {} })).json().error.code, 'validation_error')
  t.equal((await app.inject({ method: 'POST', url: '/jobs', payload: '{', headers: { 'content-type': 'application/json' } })).json().error.code, 'invalid_json')
  t.equal((await app.inject({ method: 'POST', url: '/jobs', payload: { name: 'x' } })).json().error.code, 'internal_error')
  t.notOk(logs.lines.some(line => typeof line.msg === 'string' && line.msg.includes('does not declare')))
})

t.test('a route that declares nothing answers every code unchecked', async t => {
  const logs = logCapture()
  const app = await build(t, { undeclared: 'fail' }, { logger: { stream: logs.stream } })
  app.get('/', (_request, reply) => reply.fail('forbidden'))
  t.equal((await app.inject('/')).statusCode, 403)
  t.notOk(logs.lines.some(line => (line.level as number) >= 40))
})

t.test("undeclared: 'ignore' checks nothing", async t => {
  const app = await build(t, { undeclared: 'ignore' })
  app.get('/', { config: { errors: ['conflict'] } }, (_request, reply) => reply.fail('forbidden' as 'conflict'))
  t.equal((await app.inject('/')).statusCode, 403)
  t.same(app.errorCatalogue.routes(), [{ method: 'GET', url: '/', codes: ['conflict'] }])
})

t.test('schema.response spread from responses() declares the codes at run time too', async t => {
  const app = await build(t, { undeclared: 'fail' })
  app.get(
    '/projects/:id',
    { schema: { response: { 200: { type: 'object', properties: { id: { type: 'string' } } }, ...app.errorCatalogue.responses(['resource_not_found']) } } },
    (request, reply) => {
      const { id } = request.params as { id: string }
      if (id === 'ok') return reply.send({ id })
      if (id === 'gone') return reply.fail('resource_not_found', { resource: 'Project', id })
      return reply.fail('forbidden' as 'resource_not_found', { resource: 'Project', id })
    }
  )
  t.same((await app.inject('/projects/ok')).json(), { id: 'ok' })
  t.equal((await app.inject('/projects/gone')).statusCode, 404)
  t.equal((await app.inject('/projects/x')).statusCode, 500)
})

t.test('without the not-found handler, route_not_found is not the plugin\'s own', async t => {
  const app = await build(t, { setNotFoundHandler: false, undeclared: 'fail' })
  app.get('/', { config: { errors: ['conflict'] } }, (_request, reply) => reply.fail('route_not_found' as 'conflict', { method: 'GET', url: '/' } as never))
  t.equal((await app.inject('/')).statusCode, 500)
})

t.test('reply.errors holds the same constructors as app.errors', async t => {
  const app = await build(t)
  app.get('/', { config: { errors: ['conflict'] } }, async (_request, reply) => {
    t.equal(reply.errors, app.errors)
    throw reply.errors.conflict()
  })
  t.equal((await app.inject('/')).json().error.code, 'conflict')
})

t.test('a declaration is checked when the route is added', async t => {
  const app = await build(t)
  t.throws(() => app.get('/a', { config: { errors: ['resource_not_fund'] } } as never, async () => ({})), {
    code: 'FST_CATALOGUE_UNKNOWN_CODE',
    message: 'Unknown error catalogue code: "resource_not_fund" declared by GET /a'
  })
  t.throws(() => app.get('/b', { config: { errors: 'conflict' } } as never, async () => ({})), {
    code: 'FST_CATALOGUE_OPTION_INVALID',
    message: 'Invalid fastify-error-catalogue option: config.errors of GET /b must be an array of codes'
  })
})

t.test('the options are checked', async t => {
  await t.rejects(build(t, { undeclared: 'loud' as never }), { code: 'FST_CATALOGUE_OPTION_INVALID', message: /undeclared must be 'warn', 'fail', 'ignore'/ })
  await t.rejects(build(t, { docs: { codes: 'some' as never } }), { code: 'FST_CATALOGUE_OPTION_INVALID', message: /docs.codes must be 'all' or 'sent'/ })
})

async function projectsApp(t: Test, options: FastifyErrorCatalogueOptions = {}) {
  const app = await build(t, { catalogue: { job_locked: { status: 409, message: 'Job {id} is locked' } }, ...options })
  await app.register(async v1 => {
    v1.get('/projects/:id', { config: { errors: ['resource_not_found'] } }, async () => ({}))
    // job_locked is not in the generated types of this test: a cast, as plain JavaScript would not need.
    v1.delete('/projects/:id', { config: { errors: ['resource_not_found', 'job_locked' as 'conflict'] } }, async () => ({}))
  }, { prefix: '/v1' })
  app.route({ method: ['POST', 'PUT'], url: '/discover', schema: { response: app.errorCatalogue.responses(['job_locked' as 'conflict']) }, handler: async () => ({}) })
  app.get('/health', async () => ({}))
  await app.ready()
  return app
}

t.test('after ready(), each route with its codes and each code with its routes', async t => {
  const app = await projectsApp(t)
  t.same(app.errorCatalogue.routes(), [
    { method: 'GET', url: '/v1/projects/:id', codes: ['resource_not_found'] },
    { method: 'DELETE', url: '/v1/projects/:id', codes: ['resource_not_found', 'job_locked'] },
    { method: 'POST, PUT', url: '/discover', codes: ['job_locked'] },
    { method: 'GET', url: '/health', codes: undefined }
  ])
  t.same(app.errorCatalogue.returnedBy('job_locked'), ['DELETE /v1/projects/:id', 'POST, PUT /discover'])
  t.same(app.errorCatalogue.returnedBy('forbidden'), [])
})

t.test('the reference says which routes return each code, marks built-ins, and can keep only the codes the app sends', async t => {
  const app = await projectsApp(t)
  const all = app.errorCatalogue.reference()
  t.match(all, '| Returned by | `DELETE /v1/projects/:id`, `POST, PUT /discover` |')
  t.match(all, '| Returned by | `GET /v1/projects/:id`, `DELETE /v1/projects/:id` |')
  t.match(all, '| Returned by | any route (the plugin answers it by itself) |')
  t.match(all, '| Returned by | No route declares it. |')
  t.match(all, '**404 Not Found** · built-in')
  t.match(all, '**409 Conflict**\n')
  t.match(all, '### `token_revoked`')

  const sent = app.errorCatalogue.reference({ codes: 'sent', title: 'Projects API errors' })
  t.match(sent, '# Projects API errors')
  t.notMatch(sent, 'token_revoked')
  t.notMatch(sent, 'rate_limit_exceeded')
  for (const code of ['job_locked', 'resource_not_found', 'validation_error', 'route_not_found', 'internal_error']) t.match(sent, `### \`${code}\``)

  const html = app.errorCatalogue.reference({ format: 'html', codes: 'sent' })
  t.match(html, '<dt>Returned by</dt><dd><code>DELETE /v1/projects/:id</code>, <code>POST, PUT /discover</code></dd>')
  t.match(html, '<span class="builtin">built-in</span>')
})

t.test('the served reference lists the routes too, and with codes: sent only what the app sends', async t => {
  const app = await projectsApp(t, { docs: { codes: 'sent' }, rateLimit: true, format: 'problem' })
  const res = await app.inject('/errors')
  t.match(res.body, '<dt>Returned by</dt><dd><code>GET /v1/projects/:id</code>, <code>DELETE /v1/projects/:id</code></dd>')
  t.match(res.body, '<section class="code" id="rate_limit_exceeded">')
  t.notMatch(res.body, '<section class="code" id="token_revoked">')
  t.match(res.body, '<tr id="token_revoked">', 'named among the other codes')
  // The plugin's own reference routes are not the API's.
  t.same(app.errorCatalogue.routes().map(route => route.url), ['/v1/projects/:id', '/v1/projects/:id', '/discover', '/health'])
})

t.test('a plugin code a route also declares is returned by that route and by any other', async t => {
  const app = await build(t)
  app.post('/things', { config: { errors: ['validation_error'] } }, async () => ({}))
  await app.ready()
  t.match(app.errorCatalogue.reference(), '| Returned by | `POST /things`, any other route (the plugin answers it by itself) |')
})

t.test("undeclared: 'fail' through reply.fail: the 500 is logged with the call's cause", async t => {
  const logs = logCapture()
  const app = await build(t, { undeclared: 'fail' }, { logger: { stream: logs.stream } })
  const cause = new Error('the real reason')
  // @ts-expect-error conflict is not declared by this route: what the run-time check is for
  app.get('/with-cause', { config: { errors: ['resource_not_found'] } }, (_request, reply) => reply.fail('conflict', {}, { cause }))
  // @ts-expect-error the same, without options
  app.get('/bare', { config: { errors: ['resource_not_found'] } }, (_request, reply) => reply.fail('conflict'))

  t.equal((await app.inject('/with-cause')).statusCode, 500)
  t.equal((await app.inject('/bare')).statusCode, 500)
  const logged = logs.lines.filter(line => line.level === 50 && line.code === 'internal_error')
  t.equal(logged.length, 2)
  t.match(logged[0], { err: { message: 'the real reason' } })
  t.equal(logged[1]!.err, undefined)
})
