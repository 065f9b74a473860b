// Each format's JSON Schema (what OpenAPI documents) accepts the bodies the server really sends.
import Ajv from 'ajv'
import addFormats from 'ajv-formats'
import t from 'tap'
import { build } from './helpers.js'

const catalogue = {
  quota_exceeded: {
    status: 429,
    message: 'Quota of {limit} used',
    params: { limit: 'integer' },
    retryAfter: 60,
    details: { type: 'object', required: ['window'], properties: { window: { type: 'string' } } }
  }
} as const

for (const format of ['nested', 'flat', 'oauth', 'problem'] as const) {
  t.test(`${format}: real bodies match the documented schema`, async t => {
    const app = await build(t, { format, catalogue })
    app.get('/quota', (_req, reply) => reply.fail('quota_exceeded', { limit: 5 }, { details: { window: 'hour' } }))
    app.get('/missing', (_req, reply) => reply.fail('resource_not_found', { resource: 'Project', id: 7 }))
    app.post('/validate', { schema: { body: { type: 'object', required: ['name'] } } }, async () => 'ok')
    const responses = app.errorCatalogue.responses(['resource_not_found', 'validation_error', 'quota_exceeded' as never])
    const ajv = new Ajv.default({ strict: false })
    addFormats.default(ajv) // `type` and `instance` are checked as uri-reference
    const schemaFor = (status: number) => Object.values(responses[status]!.content)[0]!.schema

    for (const [status, res] of [
      [429, await app.inject('/quota')],
      [404, await app.inject('/missing')],
      [400, await app.inject({ method: 'POST', url: '/validate', payload: {} })]
    ] as const) {
      t.equal(res.statusCode, status)
      const validate = ajv.compile(schemaFor(status))
      t.ok(validate(res.json()), `${status}: ${JSON.stringify(validate.errors)}`)
    }
    // And a body of another code does not pass for this status.
    t.notOk(ajv.compile(schemaFor(404))((await app.inject('/quota')).json()))
  })
}
