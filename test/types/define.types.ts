// Type tests for defineCatalogue: `npm run typecheck` compiles this file; every @ts-expect-error must be an error.
import Fastify from 'fastify'
import errorsPlugin, { defineCatalogue, type CatalogueTypes, type ParamsOf, type DetailsOf, type PlaceholdersOf } from 'fastify-error-catalogue'
// Defines the `defined_*` codes and registers them: `interface ErrorCatalogue extends CatalogueTypes<typeof definedCatalogue> {}`.
import { definedCatalogue as catalogue } from '../fixtures/defined-catalogue.js'

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false
function expectTrue<T extends true>(): T | void {}

// The registry shape, code by code.
type Types = CatalogueTypes<typeof catalogue>
expectTrue<Equal<Types['defined_batch_too_large'], { params: { count: number; max: number } }>>()
expectTrue<Equal<Types['defined_service_denied'], { params: { service: string; scope: string | number } }>>()
expectTrue<Equal<Types['defined_flagged'], { params: { on: boolean } }>>()
expectTrue<Equal<Types['defined_plain'], { params: { inner: string | number; ok_1: string | number } }>>()
expectTrue<
  Equal<
    DetailsOf<'defined_quota'>,
    { required: string; available: string; window?: 'hour' | 'day'; ids?: (number | null)[] }
  >
>()
expectTrue<Equal<DetailsOf<'defined_typebox'>, { limit: number }>>()
expectTrue<Equal<DetailsOf<'defined_typebox1'>, { limit: number; mode: 'hard' | 'soft'; unit?: string }>>()
expectTrue<Equal<ParamsOf<'defined_typebox'>, { field: string | number }>>()
expectTrue<Equal<PlaceholdersOf<"{resource} '{id}' not found">, 'resource' | 'id'>>()
expectTrue<Equal<PlaceholdersOf<'no placeholders'>, never>>()

// The object is passed to the plugin unchanged, and the registration types reply.fail and app.errors.
const app = Fastify()
await app.register(errorsPlugin, { catalogue })
app.get('/', async (_request, reply) => {
  reply.fail('defined_batch_too_large', { count: 60, max: 50 })
  reply.fail('defined_quota', {}, { details: { required: '100.00', available: '50.50' } })
  // @ts-expect-error a parameter of the wrong declared type
  reply.fail('defined_batch_too_large', { count: 'sixty', max: 50 })
  // @ts-expect-error a placeholder of the fix is a parameter too
  reply.fail('defined_batch_too_large', { count: 60 })
  // @ts-expect-error a placeholder of a header is a parameter too
  reply.fail('defined_service_denied', { service: 'compute' })
  // @ts-expect-error a boolean parameter
  reply.fail('defined_flagged', { on: 'yes' })
  // @ts-expect-error a misspelt parameter
  reply.fail('defined_flagged', { onn: true })
  // @ts-expect-error details of the wrong shape
  reply.fail('defined_quota', {}, { details: { required: 100, available: '1' } })
  // @ts-expect-error details missing a required member
  reply.fail('defined_quota', {}, { details: { required: '1' } })
  // @ts-expect-error details from a TypeBox schema
  reply.fail('defined_typebox', { field: 'x' }, { details: { limit: 'many' } })
  reply.fail('defined_typebox1', {}, { details: { limit: 5, mode: 'hard' } })
  // @ts-expect-error details from a typebox 1.x schema
  reply.fail('defined_typebox1', {}, { details: { limit: 5, mode: 'medium' } })
  // @ts-expect-error an unknown code
  return reply.fail('defined_batch_too_big', { count: 1, max: 2 })
})
app.errors.defined_service_denied({ service: 'compute', scope: 'read' })
// @ts-expect-error a code without placeholders takes no parameters
app.errors.defined_quota({ x: 1 })

// The catalogue itself is checked as it is written.
defineCatalogue({
  // @ts-expect-error a misspelt key
  defined_typo: { status: 400, message: 'x', fixx: 'y' }
})
defineCatalogue({
  // @ts-expect-error a parameter type that does not exist
  defined_float: { status: 400, message: '{x}', params: { x: 'float' } }
})
defineCatalogue({
  // @ts-expect-error a missing message
  defined_silent: { status: 400 }
})
defineCatalogue({
  // @ts-expect-error a status that is not a number
  defined_status: { status: '400', message: 'x' }
})

// `when` as a list or as a mapping of condition to its own message (issue 17).
defineCatalogue({
  defined_claims: { status: 400, message: 'Bad request', when: ['invalid-json', 'status-400'] },
  defined_messages: {
    status: 400,
    message: 'Bad request',
    when: { 'invalid-json': 'Request body is not valid JSON', 'missing-required': { message: "Missing '{field}'", validationItems: false }, 'status-400': null },
    fieldMessages: { name: 'Name is required' }
  }
})
