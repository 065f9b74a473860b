// Type tests for errors declared per route: `npm run typecheck` compiles this file; every @ts-expect-error must be an error.
import Fastify from 'fastify'
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import errorsPlugin, { type PluginCode } from 'fastify-error-catalogue'
import './errors.generated.js'

const app = Fastify()
await app.register(errorsPlugin, { catalogue: './test/types/catalogue.yaml' })

// config.errors: the declared codes, plus the codes the plugin answers by itself.
app.get('/batches', { config: { errors: ['batch_too_large', 'quota_exceeded'] } }, async (_request, reply) => {
  reply.fail('batch_too_large', { count: 60, max: 50 })
  reply.fail('validation_error', {}, { details: [{ field: 'name', in: 'body', message: 'is required' }] })
  reply.fail('internal_error')
  reply.errors.quota_exceeded({}, { details: { limit: 1 } })
  // @ts-expect-error a code the route does not declare
  reply.fail('forbidden')
  // @ts-expect-error a constructor the route does not declare
  reply.errors.forbidden()
  // @ts-expect-error declared codes keep their parameters
  return reply.fail('batch_too_large', { count: 60 })
})

// A hook of the route sees the same codes.
app.get('/hooked', {
  config: { errors: ['service_not_permitted'] },
  preHandler: async (_request, reply) => {
    reply.fail('service_not_permitted', { service: 'compute' })
    // @ts-expect-error not declared by this route
    reply.fail('quota_exceeded', {}, {})
  }
}, async () => ({}))

// schema.response spread from responses(): the codes travel with the schema.
app.get('/projects/:id', {
  schema: { response: { 200: { type: 'object' }, ...app.errorCatalogue.responses(['resource_not_found', 'rate_limit_exceeded']) } }
}, async (_request, reply) => {
  reply.fail('resource_not_found', { resource: 'Project', id: 7 })
  reply.code(200)
  // @ts-expect-error not in the route's responses
  return reply.fail('conflict')
})

// Both: the union.
app.post('/discover', {
  config: { errors: ['quota_exceeded'] },
  schema: { response: app.errorCatalogue.responses(['service_not_permitted']) }
}, async (_request, reply) => {
  reply.fail('quota_exceeded')
  reply.fail('service_not_permitted', { service: 'x' })
  // @ts-expect-error declared neither in config nor in the schema
  return reply.fail('batch_too_large', { count: 1, max: 2 })
})

// A route that declares nothing accepts every code, as before.
app.get('/anything', async (_request, reply) => {
  reply.errors.forbidden()
  return reply.fail('forbidden')
})

// route({...}) shorthand.
app.route({
  method: 'GET',
  url: '/route',
  config: { errors: ['conflict'] },
  handler: async (_request, reply) => {
    reply.fail('conflict')
    // @ts-expect-error not declared
    return reply.fail('forbidden')
  }
})

// The TypeBox type provider: the request stays typed by its schemas, the errors by the declaration.
const typed = app.withTypeProvider<TypeBoxTypeProvider>()
typed.get('/typed/:id', {
  schema: {
    params: Type.Object({ id: Type.Integer() }),
    response: { 200: Type.Object({ id: Type.Integer() }), ...typed.errorCatalogue.responses(['resource_not_found']) }
  }
}, async (request, reply) => {
  const id: number = request.params.id
  if (id === 0) return reply.fail('resource_not_found', { resource: 'Project', id })
  // @ts-expect-error not in the route's responses
  if (id === 1) return reply.fail('forbidden')
  return { id }
})
typed.route({
  method: 'POST',
  url: '/typed',
  schema: { body: Type.Object({ name: Type.String() }) },
  config: { errors: ['conflict'] },
  handler: async (request, reply) => {
    const name: string = request.body.name
    // @ts-expect-error the body is typed by its schema
    const wrong: number = request.body.name
    void [name, wrong]
    // @ts-expect-error not declared
    reply.fail('forbidden')
    return reply.fail('conflict')
  }
})

// A typo in the declaration itself is an error too.
// @ts-expect-error not a code of the catalogue
app.get('/typo', { config: { errors: ['resource_not_fund'] } }, async () => ({}))

// The plugin's own codes are the README's list ("Errors per route"), which test/bindings.test.ts
// checks against the run time: the same 12 codes, both ways (issue 17).
type ReadmePluginCodes =
  | 'validation_error' | 'invalid_json' | 'bad_request' | 'route_not_found' | 'not_found' | 'payload_too_large'
  | 'unsupported_media_type' | 'uri_too_long' | 'rate_limit_exceeded' | 'rate_limit_banned' | 'service_unavailable' | 'internal_error'
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const pluginCodesAgree: Same<PluginCode, ReadmePluginCodes> = true
void pluginCodesAgree
