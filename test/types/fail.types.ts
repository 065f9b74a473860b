// Type tests: `npm run typecheck` compiles this file; every @ts-expect-error must be an error.
import Fastify from 'fastify'
import errorsPlugin, { CatalogueError, type CatalogueCode, type ParamsOf } from 'fastify-error-catalogue'
import './errors.generated.js'

const app = Fastify()
await app.register(errorsPlugin, { catalogue: './test/types/catalogue.yaml' })

app.get('/', async (_request, reply) => {
  // Built-in codes are typed out of the box; user codes through the generated module.
  reply.fail('forbidden')
  reply.fail('forbidden', {})
  reply.fail('resource_not_found', { resource: 'Project', id: 7 })
  reply.fail('resource_not_found', { resource: 'Project', id: '7' }, { retryAfter: 5, cause: new Error('x') })
  reply.fail('batch_too_large', { count: 60, max: 50 })
  reply.fail('quota_exceeded', {}, { details: { limit: 100, window: 'hour' } })
  reply.fail('validation_error', {}, { details: [{ field: 'name', in: 'body', message: 'is required' }] })

  // A user code equal to a built-in apart from case replaces it.
  reply.fail('UPSTREAM_TIMEOUT')
  // @ts-expect-error the built-in `upstream_timeout` is replaced by `UPSTREAM_TIMEOUT`
  throw app.errors.upstream_timeout()
  app.errorCatalogue.responses(['UPSTREAM_TIMEOUT', 'rate-limited', 'status-503'])
  // @ts-expect-error replaced built-ins are not codes any more
  app.errorCatalogue.responses(['upstream_timeout'])
  // @ts-expect-error neither a code nor a condition
  app.errorCatalogue.responses(['rate-limit'])
  // @ts-expect-error an unknown code
  reply.fail('resource_not_fund', { resource: 'Project', id: 7 })
  // @ts-expect-error a missing parameter object
  reply.fail('resource_not_found')
  // @ts-expect-error a missing parameter
  reply.fail('resource_not_found', { resource: 'Project' })
  // @ts-expect-error a misspelt parameter
  reply.fail('resource_not_found', { resource: 'Project', idd: 7 })
  // @ts-expect-error a parameter for a code without placeholders
  reply.fail('forbidden', { user: 'ann' })
  // @ts-expect-error a declared integer given a string
  reply.fail('batch_too_large', { count: 'sixty', max: 50 })
  // @ts-expect-error details of the wrong shape
  reply.fail('quota_exceeded', {}, { details: { limit: 'lots' } })
  // @ts-expect-error details out of the enum
  reply.fail('quota_exceeded', {}, { details: { limit: 1, window: 'week' } })
  // @ts-expect-error details for a code that declares none
  reply.fail('forbidden', {}, { details: { why: 'x' } })
  // @ts-expect-error an unknown option
  reply.fail('forbidden', {}, { retry: 5 })
  // @ts-expect-error no per-call message: messages come from the catalogue
  reply.fail('resource_not_found', { resource: 'Project', id: 7 }, { message: 'Gone fishing' })
  // @ts-expect-error details for a code that declares none, even an empty object
  reply.fail('forbidden', {}, { details: {} })
  return reply.fail('service_not_permitted', { service: 'compute' })
})

const error = app.errors.batch_too_large({ count: 60, max: 50 })
const code: 'batch_too_large' = error.code
const asError: Error = error
const isCatalogue: CatalogueError<'batch_too_large'> = error
void [code, asError, isCatalogue]
// @ts-expect-error the constructor is private: errors come from app.errors
void new CatalogueError('batch_too_large')

// @ts-expect-error an unknown constructor
app.errors.batch_too_big({ count: 1, max: 2 })
// @ts-expect-error a missing parameter
app.errors.batch_too_large({ count: 1 })
// @ts-expect-error a parameter for a code without placeholders
app.errors.forbidden({ user: 'ann' })
// @ts-expect-error details for a code that declares none
app.errors.forbidden({}, { details: { why: 'x' } })
app.errors.forbidden()
app.errors.forbidden({}, { retryAfter: 5, headers: { 'x-reason': 'policy' } })

const known: CatalogueCode = 'rate_limit_exceeded'
// @ts-expect-error not a code
const unknown: CatalogueCode = 'rate_limit_exceded'
const params: ParamsOf<'route_not_found'> = { method: 'GET', url: '/' }
void [known, unknown, params]
