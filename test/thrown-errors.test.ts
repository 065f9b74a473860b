import t from 'tap'
import { CatalogueError, isCatalogueError } from '../lib/index.js'
import { build, logCapture } from './helpers.js'

t.test('throw app.errors.<code>() answers like reply.fail', async t => {
  const app = await build(t)
  app.get('/p/:id', async req => {
    throw app.errors.resource_not_found({ resource: 'Project', id: (req.params as { id: string }).id })
  })

  const res = await app.inject('/p/9')

  t.equal(res.statusCode, 404)
  t.same(res.json().error, {
    code: 'resource_not_found',
    message: "Project '9' not found",
    params: { resource: 'Project', id: '9' },
    fix: 'Verify the identifier, or list the resources to find the right one',
    request_id: 'req-1'
  })
})

t.test('a returned app.errors.<code>() takes the same error path as a thrown one: onError hooks, then the handler', async t => {
  const app = await build(t)
  const seen: string[] = []
  app.addHook('onError', async (_request, _reply, error) => {
    seen.push((error as { code?: string }).code ?? '')
  })
  const params = (req: { params: unknown }) => ({ resource: 'Project', id: (req.params as { id: string }).id })
  app.get('/thrown/:id', async req => {
    throw app.errors.resource_not_found(params(req))
  })
  app.get('/returned/:id', async req => app.errors.resource_not_found(params(req)))

  const thrown = await app.inject('/thrown/9')
  const returned = await app.inject('/returned/9')
  t.equal(returned.statusCode, 404)
  t.equal(returned.body, thrown.body.replace('req-1', 'req-2'))
  t.same(seen, ['resource_not_found', 'resource_not_found'])
})

t.test('CatalogueError carries code, statusCode, params, details, retryAfter, cause', async t => {
  const app = await build(t)
  const cause = new Error('upstream reset')
  const error = app.errors.validation_error(undefined, {
    details: [{ field: 'name', in: 'body', message: 'is required' }],
    retryAfter: 4,
    cause
  })

  t.ok(error instanceof CatalogueError)
  t.ok(error instanceof Error)
  t.ok(isCatalogueError(error))
  t.equal(error.name, 'CatalogueError')
  t.equal(error.code, 'validation_error')
  t.equal(error.statusCode, 400)
  t.equal(error.message, 'The request failed validation')
  t.same(error.details, [{ field: 'name', in: 'body', message: 'is required' }])
  t.equal(error.retryAfter, 4)
  t.equal(error.cause, cause)
  t.equal(error.params, undefined)
})

t.test('4xx errors capture no stack; 5xx errors do', async t => {
  const app = await build(t)
  const client = app.errors.forbidden()
  const server = app.errors.internal_error()
  t.equal(client.stack, 'CatalogueError: You do not have permission to perform this action')
  t.match(server.stack, /\n\s+at /)
  t.ok(Error.stackTraceLimit > 0, 'the global stack limit is restored')
})

t.test('retryAfter defaults to the catalogue value', async t => {
  const app = await build(t)
  t.equal(app.errors.rate_limit_exceeded().retryAfter, 60)
  t.equal(app.errors.forbidden().retryAfter, undefined)
})

t.test('isCatalogueError rejects look-alikes', async t => {
  t.notOk(isCatalogueError(new Error('x')))
  t.notOk(isCatalogueError({ code: 'forbidden', statusCode: 403 }))
  t.notOk(isCatalogueError(null))
  t.notOk(isCatalogueError('forbidden'))
})

t.test('app.errors has no prototype: inherited names are not codes', async t => {
  const app = await build(t)
  t.equal(app.errors.toString, undefined)
  t.ok(Object.isFrozen(app.errors))
  t.type(app.errors.not_found, 'function')
})

t.test('a thrown 5xx CatalogueError keeps its own message and logs at error with the cause', async t => {
  const logs = logCapture()
  const app = await build(t, { catalogue: { lookup_timeout: { status: 504, message: 'Lookup timeout after {seconds}s' } } }, {
    logger: { level: 'info', stream: logs.stream }
  })
  app.get('/', async () => {
    throw app.errors.lookup_timeout({ seconds: 30 }, { cause: new Error('ETIMEDOUT 10.0.0.7:443') })
  })

  const res = await app.inject('/')

  t.equal(res.statusCode, 504)
  t.equal(res.json().error.message, 'Lookup timeout after 30s')
  t.notMatch(res.body, /ETIMEDOUT|10\.0\.0\.7/)
  const line = logs.lines.find(l => l.code === 'lookup_timeout')
  t.equal(line?.level, 50)
  t.equal(line?.reqId, 'req-1')
  t.match((line?.err as { message: string }).message, /ETIMEDOUT/)
})

t.test('a CatalogueError from another app answers with its own entry', async t => {
  const other = await build(t, { catalogue: { only_there: { status: 402, message: 'Pay first' } } })
  const app = await build(t)
  app.get('/', async () => {
    throw other.errors.only_there()
  })
  const res = await app.inject('/')
  t.equal(res.statusCode, 402)
  t.equal(res.json().error.code, 'only_there')
})

t.test('a look-alike from a duplicate install is matched by code, then by status', async t => {
  const app = await build(t)
  const brand = Symbol.for('fastify-error-catalogue.CatalogueError')
  app.get('/known', async () => {
    throw Object.assign(new Error('x'), { [brand]: true, code: 'conflict', statusCode: 409 })
  })
  app.get('/unknown', async () => {
    throw Object.assign(new Error('x'), { [brand]: true, code: 'not_in_this_catalogue', statusCode: 404 })
  })
  t.equal((await app.inject('/known')).json().error.code, 'conflict')
  const unknown = await app.inject('/unknown')
  t.equal(unknown.statusCode, 404)
  t.equal(unknown.json().error.code, 'not_found')
})
