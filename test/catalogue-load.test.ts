import Fastify from 'fastify'
import { pathToFileURL } from 'node:url'
import t from 'tap'
import errorsPlugin from '../lib/index.js'
import { build, fixture, minimalCatalogue } from './helpers.js'

t.test('a YAML file is merged over the built-ins: same code replaces, new codes add', async t => {
  const app = await build(t, { catalogue: fixture('valid.yaml') })
  app.post('/', { schema: { body: { type: 'object', required: ['a'] } } }, async () => 'ok')
  app.get('/batch', (_req, reply) => reply.fail('batch_too_large', { count: 60, max: 50 }))

  const validation = await app.inject({ method: 'POST', url: '/', payload: {} })
  t.equal(validation.statusCode, 422, 'the user entry replaced the built-in validation_error')
  t.equal(validation.json().error.message, 'One or more fields failed validation')
  t.equal((await app.inject('/batch')).json().error.message, 'Batch size 60 exceeds the limit of 50')
  t.ok(app.errorCatalogue.has('forbidden'), 'built-ins are still there')
  t.ok(app.errorCatalogue.codes().includes('service_not_permitted'))
})

t.test('a JSON file (with $schema) and a file: URL', async t => {
  const app = await build(t, { catalogue: pathToFileURL(fixture('valid.json')) })
  app.get('/', (_req, reply) => reply.fail('invalid_region', { region: 'mars-1' }))
  const res = await app.inject('/')
  t.equal(res.statusCode, 400)
  t.equal(res.json().error.message, 'Invalid region mars-1')
  t.notOk(app.errorCatalogue.has('$schema'))
})

t.test('an array merges in order: the last entry for a code wins', async t => {
  const app = await build(t, {
    catalogue: [fixture('valid.yaml'), { batch_too_large: { status: 413, message: 'Too many' } }]
  })
  // The types know valid.yaml's entry; the one that wins here has no placeholders, so the parameters go unused.
  app.get('/', (_req, reply) => reply.fail('batch_too_large', { count: 60, max: 50 }))
  const res = await app.inject('/')
  t.equal(res.statusCode, 413)
  t.equal(res.json().error.message, 'Too many')
})

t.test('builtins: false loads only the user catalogue, which must answer every condition', async t => {
  await t.rejects(build(t, { builtins: false, catalogue: { teapot: { status: 418, message: 'No coffee' } } }), {
    code: 'FST_CATALOGUE_INVALID',
    message: /no entry answers "route-not-found" .*: add an entry with status 404 \(the only one of its status answers them all\)/
  })
  const app = await build(t, { builtins: false, catalogue: [minimalCatalogue, { teapot: { status: 418, message: 'No coffee' } }] })
  app.get('/boom', async () => {
    throw new Error('x')
  })
  app.get('/tea', async () => {
    throw Object.assign(new Error('x'), { status: 418 })
  })
  app.get('/gone', async () => {
    throw Object.assign(new Error('x'), { status: 410 })
  })
  t.same(app.errorCatalogue.codes().sort(), [...Object.keys(minimalCatalogue), 'teapot'].sort())

  const missing = await app.inject('/nope')
  t.equal(missing.statusCode, 404)
  t.same(missing.json().error, { code: 'not_found', message: 'Not found', request_id: 'req-1' })
  t.same((await app.inject('/boom')).json().error, { code: 'internal_error', message: 'Internal error', request_id: 'req-2' })
  t.same((await app.inject('/tea')).json().error, { code: 'teapot', message: 'x', request_id: 'req-3' }, 'a foreign 4xx keeps its own message')
  const gone = await app.inject('/gone')
  t.equal(gone.statusCode, 400, 'a status no entry has: the client-error entry, the only 400')
  t.equal(gone.json().error.code, 'bad_request')
})

t.test('a status with neither entry nor reason phrase becomes client_error', async t => {
  const app = await build(t)
  app.get('/', async () => {
    throw Object.assign(new Error('odd'), { statusCode: 499 })
  })
  const res = await app.inject('/')
  t.equal(res.statusCode, 499)
  t.equal(res.json().error.code, 'client_error')
})

t.test('a missing file fails registration with FST_CATALOGUE_NOT_FOUND', async t => {
  const app = Fastify()
  await t.rejects(async () => app.register(errorsPlugin, { catalogue: './nope/errors.yaml' }), {
    code: 'FST_CATALOGUE_NOT_FOUND',
    message: /Cannot read error catalogue \.\/nope\/errors\.yaml: ENOENT/
  })
})

t.test('two apps with different catalogues do not share entries', async t => {
  const a = await build(t, { catalogue: { only_a: { status: 400, message: 'A' } } })
  const b = await build(t)
  t.ok(a.errorCatalogue.has('only_a'))
  t.notOk(b.errorCatalogue.has('only_a'))
})

t.test('builtins: false and Fastify errors: the only entry with the status answers', async t => {
  const app = await build(t, { builtins: false, catalogue: minimalCatalogue })
  app.post('/', async () => 'ok')
  app.get('/legacy', async () => {
    throw Object.assign(new SyntaxError('Unexpected token in JSON at position 3'), { statusCode: 400 })
  })
  const invalid = await app.inject({ method: 'POST', url: '/', headers: { 'content-type': 'application/json' }, payload: '{x' })
  t.equal(invalid.statusCode, 400)
  t.same(invalid.json().error, { code: 'bad_request', message: 'Bad request', request_id: 'req-1' })
  t.equal((await app.inject('/legacy')).json().error.code, 'bad_request')
})

t.test('an entry whose status has no reason phrase gets a generic title', async t => {
  const app = await build(t, {
    format: 'problem',
    catalogue: { odd_client: { status: 499, message: 'Closed early' }, odd_server: { status: 599, message: 'Network timeout' } }
  })
  app.get('/c', (_req, reply) => reply.fail('odd_client'))
  app.get('/s', (_req, reply) => reply.fail('odd_server'))
  t.same([(await app.inject('/c')).json().title, (await app.inject('/s')).json().title], ['Client Error', 'Server Error'])
})
