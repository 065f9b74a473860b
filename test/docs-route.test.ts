// The `docs` option: the served error reference, `/errors/<code>`, and problem `type` URLs that resolve to it.
import Fastify from 'fastify'
import t from 'tap'
import { problem } from '../lib/formats/problem/index.js'
import { resolveAnswerShape } from '../lib/options.js'
import errorsPlugin from '../lib/index.js'
import type { ErrorView } from '../lib/types.js'
import { build } from './helpers.js'

t.test('GET /errors serves the HTML reference with a strict CSP', async t => {
  const app = await build(t, { docs: true })
  const res = await app.inject('/errors')
  t.equal(res.statusCode, 200)
  t.equal(res.headers['content-type'], 'text/html; charset=utf-8')
  t.match(res.headers['content-security-policy'], "default-src 'none'; style-src 'unsafe-inline'")
  t.equal(res.headers['x-content-type-options'], 'nosniff')
  for (const code of app.errorCatalogue.codes()) t.match(res.body, `<section class="code" id="${code}">`)
  t.match(res.body, '<title>Error reference</title>')
})

t.test('/errors/<code> redirects to the entry; an unknown code is route_not_found', async t => {
  const app = await build(t, { docs: { route: '/v1/errors', title: 'Acme API errors' } })
  const res = await app.inject('/v1/errors/rate_limit_exceeded')
  t.equal(res.statusCode, 302)
  t.equal(res.headers.location, '/v1/errors#rate_limit_exceeded')
  const unknown = await app.inject('/v1/errors/nope')
  t.equal(unknown.statusCode, 404)
  t.equal(unknown.json().error.code, 'route_not_found')
  t.match((await app.inject('/v1/errors')).body, '<title>Acme API errors</title>')
  t.equal((await app.inject('/errors')).statusCode, 404, 'only the configured route')
})

t.test('with format problem, type is the relative reference of the code on the page, whatever the host', async t => {
  const app = await build(t, { format: 'problem', docs: true })
  app.get('/p/:id', (request, reply) => reply.fail('resource_not_found', { resource: 'Project', id: '7' }))
  const res = await app.inject({ url: '/p/7', headers: { host: 'api.example.com' } })
  t.equal(res.headers['content-type'], 'application/problem+json')
  t.equal(res.json().type, '/errors#resource_not_found')
  const other = await app.inject({ url: '/nowhere', headers: { host: 'eu.example.com:8443' } })
  t.equal(other.json().type, '/errors#route_not_found')

  // The page shows the same type in its examples, one page for every host.
  const page = await app.inject({ url: '/errors', headers: { host: 'api.example.com' } })
  t.match(page.body, '&quot;type&quot;: &quot;/errors#rate_limit_exceeded&quot;')
  const again = await app.inject({ url: '/errors', headers: { host: 'eu.example.com' } })
  t.equal(again.body, page.body)
})

t.test('an explicit problemTypeBase wins over the docs page', async t => {
  const app = await build(t, { format: 'problem', docs: true, problemTypeBase: 'https://docs.example.com/problems/' })
  app.get('/x', (request, reply) => reply.fail('conflict'))
  t.equal((await app.inject('/x')).json().type, 'https://docs.example.com/problems/conflict')
})

t.test('registered under a prefix, the route and the type URLs carry it', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(
    async scope => {
      await scope.register(errorsPlugin, { format: 'problem', docs: true })
      scope.get('/x', (request, reply) => reply.fail('conflict'))
    },
    { prefix: '/api' }
  )
  t.equal((await app.inject('/api/x')).json().type, '/api/errors#conflict')
  t.equal((await app.inject('/api/errors')).statusCode, 200)
  t.equal((await app.inject('/api/errors/conflict')).headers.location, '/api/errors#conflict')
})

t.test('no docs option: no route, problem type stays about:blank', async t => {
  const app = await build(t, { format: 'problem', docs: false })
  app.get('/x', (request, reply) => reply.fail('conflict'))
  t.equal((await app.inject('/x')).json().type, 'about:blank')
  t.equal((await app.inject('/errors')).statusCode, 404)
})

t.test('bad docs options are refused at registration', async t => {
  const cases: [unknown, RegExp][] = [
    ['yes', /docs must be true, false or \{ route, title \}/],
    [{ route: 'errors' }, /docs.route must be a static path/],
    [{ route: '/errors/' }, /docs.route must be a static path/],
    [{ route: '/errors/:code' }, /docs.route must be a static path/],
    [{ route: 42 }, /docs.route must be a static path/],
    [{ title: 7 }, /docs.title must be a string/]
  ]
  for (const [docs, message] of cases) {
    const app = Fastify()
    t.teardown(() => app.close())
    await t.rejects(async () => app.register(errorsPlugin, { docs: docs as never }).ready(), { code: 'FST_CATALOGUE_OPTION_INVALID', message })
  }
})

t.test('problem format: the base is used as written, nothing is put in front', async t => {
  const view: ErrorView = {
    code: 'conflict',
    status: 409,
    title: 'Conflict',
    message: 'Conflict',
    params: undefined,
    fix: undefined,
    details: undefined,
    validation: undefined,
    retryAfter: undefined,
    requestId: 'req-1',
    instance: '/x'
  }
  const typeOf = (typeBase: string | undefined) =>
    JSON.parse(problem.compile({ code: 'conflict', status: 409, title: 'Conflict', placeholders: [] }, resolveAnswerShape({ format: 'problem', problemTypeBase: typeBase }))(view)).type
  t.equal(typeOf('/errors#'), '/errors#conflict')
  t.equal(typeOf('//cdn.example.com/p/'), '//cdn.example.com/p/conflict', 'a network-path reference')
  t.equal(typeOf('urn:problem:'), 'urn:problem:conflict')
  t.equal(typeOf(undefined), 'about:blank')
})
