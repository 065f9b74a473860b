// Type tests for errorCatalogue.responses(): `npm run typecheck` compiles this file; every @ts-expect-error must be an error.
import Fastify from 'fastify'
import errorsPlugin, { type ErrorResponses } from 'fastify-error-catalogue'

const app = Fastify()
await app.register(errorsPlugin)

const responses: ErrorResponses = app.errorCatalogue.responses(['resource_not_found', 'rate_limit_exceeded', 'batch_too_large'])
app.get('/projects/:id', { schema: { response: { 200: { type: 'object' }, ...responses } } }, async () => ({}))

const codes = ['not_found', 'conflict'] as const
app.errorCatalogue.responses(codes)

// @ts-expect-error a misspelt code
app.errorCatalogue.responses(['resource_not_fund'])
// @ts-expect-error one bad code among good ones
app.errorCatalogue.responses(['not_found', 'rate_limit_exeeded'])
// @ts-expect-error codes are an array
app.errorCatalogue.responses('not_found')
