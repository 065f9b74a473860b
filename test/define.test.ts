import t from 'tap'
import { defineCatalogue } from '../lib/index.js'
import { placeholdersOf } from '../lib/load/template.js'
import { definedCatalogue as catalogue } from './fixtures/defined-catalogue.js'
import { build } from './helpers.js'

t.test('defineCatalogue returns the very object it is given', async t => {
  const input = { x_y: { status: 400, message: 'm' } } as const
  t.equal(defineCatalogue(input), input)
})

t.test('a defined catalogue registers as it is and answers with its entries', async t => {
  const app = await build(t, { catalogue })
  app.get('/batch', () => {
    throw app.errors.defined_batch_too_large({ count: 60, max: 50 })
  })
  app.get('/denied', (_req, reply) => reply.fail('defined_service_denied', { service: 'compute', scope: 'read' }))
  app.get('/quota', (_req, reply) => reply.fail('defined_quota', {}, { details: { required: '100.00', available: '50.50' } }))
  app.get('/typebox', (_req, reply) => reply.fail('defined_typebox', { field: 'limit' }, { details: { limit: 3 } }))
  app.get('/typebox1', (_req, reply) => reply.fail('defined_typebox1', {}, { details: { limit: 3, mode: 'soft' } }))

  const batch = await app.inject('/batch')
  t.equal(batch.statusCode, 400)
  t.same(batch.json(), {
    error: {
      code: 'defined_batch_too_large',
      message: 'Batch of 60 exceeds the limit of 50',
      params: { count: 60, max: 50 },
      fix: 'Send at most 50 services, not 60',
      request_id: 'req-1'
    }
  })

  const denied = await app.inject('/denied')
  t.equal(denied.statusCode, 403)
  t.equal(denied.headers['www-authenticate'], 'Bearer scope="read"')
  t.same(denied.json().error.params, { service: 'compute', scope: 'read' }, 'a header placeholder is a parameter')

  const quota = await app.inject('/quota')
  t.equal(quota.statusCode, 402)
  t.same(quota.json().error.details, { required: '100.00', available: '50.50' })

  const typebox = await app.inject('/typebox')
  t.equal(typebox.statusCode, 400)
  t.same(typebox.json().error.details, { limit: 3 }, 'a TypeBox details schema is accepted')
  const typebox1 = await app.inject('/typebox1')
  t.same(typebox1.json().error.details, { limit: 3, mode: 'soft' }, 'and a typebox 1.x one')
  t.same(app.errorCatalogue.has('defined_typebox1'), true)
})

t.test('a defined catalogue is validated at registration like a file', async t => {
  const bad = defineCatalogue({ Bad_Code: { status: 700, message: 'x' } })
  await t.rejects(build(t, { catalogue: bad }), { code: 'FST_CATALOGUE_INVALID', message: /Bad_Code/ })
})

t.test('the run-time placeholders are the ones the types infer (see test/types/define.types.ts)', async t => {
  t.same(placeholdersOf('Braces {like this} and {{inner}} and {0bad} are text, {ok_1} is not'), ['inner', 'ok_1'])
  t.same(placeholdersOf("{resource} '{id}' not found"), ['resource', 'id'])
})
