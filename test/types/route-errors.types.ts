// Type tests for errors declared per route: `npm run typecheck` compiles this file; every @ts-expect-error must be an error.
import Fastify, { type FastifyTypeProvider } from 'fastify'
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

// A spread of responses() keeps the route's success type as strict as without it, with TypeBox…
typed.get('/strict', {
  schema: { response: { 200: Type.Object({ id: Type.String() }), ...typed.errorCatalogue.responses(['resource_not_found']) } }
// @ts-expect-error the 200 schema says id is a string
}, async () => ({ id: 1 }))
typed.get('/strict-ok', {
  schema: { response: { 200: Type.Object({ id: Type.String() }), ...typed.errorCatalogue.responses(['resource_not_found']) } }
}, async (_request, reply) => {
  // The declared codes still narrow reply.fail.
  // @ts-expect-error not in the route's responses
  reply.fail('conflict')
  return { id: 'p1' }
})

// …and with any other type provider: one that reads `{ t: T }` schemas as T.
interface TaggedProvider extends FastifyTypeProvider {
  validator: this['schema'] extends { t: infer T } ? T : unknown
  serializer: this['schema'] extends { t: infer T } ? T : unknown
}
const tagged = app.withTypeProvider<TaggedProvider>()
tagged.get('/tagged', {
  schema: { response: { 200: { t: 'ok' as const }, ...tagged.errorCatalogue.responses(['resource_not_found']) } }
// @ts-expect-error the 200 schema says 'ok'
}, async () => 'no' as const)
tagged.get('/tagged-ok', {
  schema: { response: { 200: { t: 'ok' as const }, ...tagged.errorCatalogue.responses(['resource_not_found']) } }
}, async () => 'ok' as const)

// Type arguments on a route fix its config type to Fastify's default (TypeScript infers all
// type arguments or none): the codes go in the second type argument, Fastify's ContextConfig,
// and the value must match them.
app.get<{ Params: { id: string } }, { errors: ['resource_not_found'] }>('/generic/:id', { config: { errors: ['resource_not_found'] } }, async (request, reply) => {
  const id: string = request.params.id
  if (id === '0') return reply.fail('resource_not_found', { resource: 'Project', id })
  // @ts-expect-error not declared
  reply.errors.conflict()
  // @ts-expect-error not declared
  return reply.fail('conflict')
})
// @ts-expect-error the value says something else than the type argument
app.get<{ Params: { id: string } }, { errors: ['resource_not_found'] }>('/generic-mismatch/:id', { config: { errors: ['conflict'] } }, async () => ({}))
app.route<{ Params: { id: string } }, { errors: ['conflict'] }>({
  method: 'PUT',
  url: '/generic/:id',
  config: { errors: ['conflict'] },
  preHandler: async (_request, reply) => {
    // @ts-expect-error hooks see the same codes
    reply.fail('forbidden')
  },
  handler: async (request, reply) => {
    void request.params.id
    // @ts-expect-error not declared
    return reply.fail('forbidden')
  }
})

// An empty declaration: the route answers only the plugin's own codes, as at run time.
app.get('/empty', { config: { errors: [] } }, async (_request, reply) => {
  reply.fail('validation_error', {}, { details: [] })
  // @ts-expect-error declared nothing beyond the plugin's own codes
  return reply.fail('conflict')
})
app.get('/empty-responses', { schema: { response: app.errorCatalogue.responses([]) } }, async (_request, reply) => {
  // @ts-expect-error declared nothing beyond the plugin's own codes
  return reply.fail('conflict')
})

// Unknown codes among known ones are errors too (test/type-messages.test.ts reads the message).
// @ts-expect-error not a code of the catalogue
app.get('/typo2', { config: { errors: ['conflict', 'resource_not_fund'] } }, async () => ({}))

// Codes declared once for a context: every route added through what declareErrors returns
// accepts them beside its own, in its handler and hooks, and so do the plugins registered in it.
const authed = app.declareErrors(['unauthenticated'])
authed.get('/me', { config: { errors: ['resource_not_found'] } }, async (_request, reply) => {
  reply.fail('unauthenticated')
  reply.errors.unauthenticated()
  // @ts-expect-error declared neither by the route nor by its context
  return reply.fail('conflict')
})
authed.get<{ Params: { id: string } }, { errors: ['conflict'] }>('/me/:id', { config: { errors: ['conflict'] } }, async (_request, reply) => {
  reply.fail('unauthenticated')
  // @ts-expect-error declared neither by the route nor by its context
  return reply.fail('forbidden')
})
// A route that declares nothing itself still accepts every code.
authed.get('/open', async (_request, reply) => reply.fail('forbidden'))
authed.addHook('onRequest', async (_request, reply) => {
  reply.fail('unauthenticated')
})
// Fastify hands a registered plugin an instance of the default type provider (TypeBox's is lost
// there too): the codes of the contexts above count at run time, not in the plugin's types.
await authed.register(async scope => {
  scope.get('/inherited', { config: { errors: [] } }, async (_request, reply) => {
    // @ts-expect-error counted at run time, not seen by the types in a registered plugin
    return reply.fail('unauthenticated')
  })
  const inner = scope.declareErrors(['forbidden'])
  inner.get('/admin', { config: { errors: [] } }, async (_request, reply) => {
    reply.fail('forbidden')
    // @ts-expect-error declared neither by the route nor by its contexts
    return reply.fail('conflict')
  })
})
// With a type provider: declare after choosing it (withTypeProvider returns a new type).
const typedAuthed = app.withTypeProvider<TypeBoxTypeProvider>().declareErrors(['unauthenticated'])
typedAuthed.get('/typed-me/:id', { schema: { params: Type.Object({ id: Type.Integer() }) }, config: { errors: ['resource_not_found'] } }, async (request, reply) => {
  const id: number = request.params.id
  if (id === 0) return reply.fail('unauthenticated')
  // @ts-expect-error declared neither by the route nor by its context
  return reply.fail('conflict')
})
// @ts-expect-error not a code of the catalogue
app.declareErrors(['unauthenticatd'])

// The plugin's own codes are the README's list ("Errors per route"), which test/bindings.test.ts
// checks against the run time: the same 12 codes, both ways (issue 17).
type ReadmePluginCodes =
  | 'validation_error' | 'invalid_json' | 'bad_request' | 'route_not_found' | 'not_found' | 'payload_too_large'
  | 'unsupported_media_type' | 'uri_too_long' | 'rate_limit_exceeded' | 'rate_limit_banned' | 'service_unavailable' | 'internal_error'
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const pluginCodesAgree: Same<PluginCode, ReadmePluginCodes> = true
void pluginCodesAgree
