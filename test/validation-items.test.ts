// Validation items are the team's choice (issue 17): left out, renamed, worded by the team.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { build, cli } from './helpers.js'
import type { FastifyInstance } from 'fastify'

const JSON_HEADERS = { 'content-type': 'application/json' }
const SCHEMA = { body: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, size: { type: 'integer' } } } }

function routes(app: FastifyInstance): FastifyInstance {
  app.post('/things', { schema: SCHEMA }, async () => ({}))
  app.get('/by-hand', (_request, reply) => reply.fail('validation_error', undefined, { details: [{ field: 'x', in: 'body', message: 'mine' }] as never }))
  return app
}
const missing = (app: FastifyInstance) => app.inject({ method: 'POST', url: '/things', payload: '{}', headers: JSON_HEADERS })
const invalid = (app: FastifyInstance) => app.inject({ method: 'POST', url: '/things', payload: '{"name":"a","size":"big"}', headers: JSON_HEADERS })

t.test('includeValidationItems: false leaves the items out in every format, and the schemas follow', async t => {
  const expected = {
    nested: { error: { code: 'validation_error', message: 'The request failed validation' } },
    flat: { code: 'validation_error', message: 'The request failed validation' },
    oauth: { error: 'validation_error', error_description: 'The request failed validation' }
  }
  for (const [format, body] of Object.entries(expected)) {
    const app = routes(await build(t, { format: format as 'nested', includeValidationItems: false, includeFix: false, includeRequestId: false }))
    t.same((await missing(app)).json(), body, format)
    const schema = JSON.stringify(app.errorCatalogue.responses(['validation_error']))
    t.notMatch(schema, /"(details|validation_errors)"/, `${format}: no items in the schema`)
    // Items passed by hand are left out too: the code's bodies carry no details, as its schema says.
    t.notMatch((await app.inject('/by-hand')).body, 'mine')
  }
  const problem = routes(await build(t, { format: 'problem', includeValidationItems: false }))
  t.notOk('errors' in (await invalid(problem)).json(), 'problem: no errors member')
  t.notMatch(JSON.stringify(problem.errorCatalogue.responses(['validation_error'])), '"errors"')
  t.notMatch(problem.errorCatalogue.reference(), 'one item per invalid field')
  const flat = await build(t, { format: 'flat', includeValidationItems: false })
  t.match(flat.errorCatalogue.reference(), '| `details` | Structured details, for codes that declare them. |')
})

t.test("a custom validator's errorMessage item without the errors it words", async t => {
  const app = await build(t, { includeRequestId: false, includeFix: false })
  app.get('/custom', async () => {
    throw Object.assign(new Error('body/a Custom'), {
      code: 'FST_ERR_VALIDATION',
      statusCode: 400,
      validationContext: 'body',
      validation: [
        { keyword: 'errorMessage', message: 'A is wrong', instancePath: '/a', params: {} },
        { keyword: 'errorMessage', message: 'B is wrong', instancePath: '/b' },
        // As ajv-errors words them: the field is the worded error's, the message the team's.
        { keyword: 'errorMessage', message: 'C is required', instancePath: '', params: { errors: [{ keyword: 'required', instancePath: '', params: { missingProperty: 'c' } }] } },
        { keyword: 'errorMessage', message: 'D is wrong', instancePath: '/d', params: { errors: ['not an error object'] } }
      ]
    })
  })
  t.same((await app.inject('/custom')).json().error.details, [
    { field: 'a', in: 'body', message: 'A is wrong' },
    { field: 'b', in: 'body', message: 'B is wrong' },
    { field: 'c', in: 'body', message: 'C is required' },
    { field: 'd', in: 'body', message: 'D is wrong' }
  ])
})

t.test("an entry's validationItems and a condition's decide for themselves", async t => {
  const app = routes(await build(t, {
    includeValidationItems: false,
    includeRequestId: false,
    includeFix: false,
    catalogue: {
      INVALID: {
        status: 400,
        message: 'Invalid',
        validationItems: true,
        when: { validation: null, 'missing-required': { message: "Missing '{field}'", validationItems: false } }
      }
    },
    includeParams: false
  }))
  t.same((await invalid(app)).json(), { error: { code: 'INVALID', message: 'Invalid', details: [{ field: 'size', in: 'body', message: 'must be integer' }] } })
  t.same((await missing(app)).json(), { error: { code: 'INVALID', message: "Missing 'name'" } })
  t.match(JSON.stringify(app.errorCatalogue.responses(['INVALID' as 'validation_error'])), '"details"')
})

t.test('validationItemMembers renames the members or leaves in out, in bodies, schemas and the reference', async t => {
  const app = routes(await build(t, { validationItemMembers: { field: 'param', in: false, message: 'reason' }, includeFix: false, includeRequestId: false }))
  t.same((await missing(app)).json().error.details, [{ param: 'name', reason: 'is required' }])
  const schema = app.errorCatalogue.responses(['validation_error'])[400] as unknown as { content: Record<string, { schema: { properties: { error: { properties: { details: unknown } } } } }> }
  t.same(Object.values(schema.content)[0]!.schema.properties.error.properties.details, {
    type: 'array',
    items: { type: 'object', required: ['param', 'reason'], properties: { param: { type: 'string' }, reason: { type: 'string' } } }
  })
  t.match(app.errorCatalogue.reference(), 'one item per invalid field: param, reason.')
  const renamed = routes(await build(t, { format: 'problem', validationItemMembers: { in: 'location' } }))
  t.same((await missing(renamed)).json().errors, [{ field: 'name', location: 'body', message: 'is required' }])

  for (const wrong of [{ in: true }, { field: '' }, { where: 'x' }, 'nonsense', { field: 'in' }, 7]) {
    await t.rejects(build(t, { validationItemMembers: wrong as never }), { code: 'FST_CATALOGUE_OPTION_INVALID' }, JSON.stringify(wrong))
  }
  const docs = await cli('docs', '--validation-item-members', 'field=param,in=false')
  t.equal(docs.code, 0, docs.stderr)
  t.match(docs.stdout, 'one item per invalid field: param, message.')
})

t.test("fieldMessages words a field's item in the team's words", async t => {
  const app = routes(await build(t, {
    catalogue: { validation_error: { status: 400, message: 'Validation failed', fieldMessages: { name: 'Name is required', size: 'Size is a whole number' } } },
    includeRequestId: false
  }))
  t.same((await missing(app)).json().error.details, [{ field: 'name', in: 'body', message: 'Name is required' }])
  t.same((await invalid(app)).json().error.details, [{ field: 'size', in: 'body', message: 'Size is a whole number' }])
  const bad = await build(t, { catalogue: { x: { status: 400, message: 'x', fieldMessages: { name: '' } } } }).then(() => undefined, (error: Error) => error)
  t.match(bad?.message, 'the message of field "name" must be a non-empty string, got ""')
  const notMap = await build(t, { catalogue: { x: { status: 400, message: 'x', fieldMessages: 'x' as never, validationItems: 'yes' as never } } }).then(() => undefined, (error: Error) => error)
  t.match(notMap?.message, 'fieldMessages must be a mapping of field to message, got "x"')
  t.match(notMap?.message, 'validationItems must be true or false, got "yes"')
})

/** A README block run as a module of its own, with `app` exported; the sample lines after it, as `request → answer`. */
async function readmeExample(section: string): Promise<{ app: FastifyInstance; samples: string[] }> {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
  const from = readme.indexOf(`### ${section}`)
  const code = readme.slice(readme.indexOf('```ts\n', from) + 6, readme.indexOf('```\n', readme.indexOf('```ts\n', from) + 6))
  const plainAt = readme.indexOf('```\n', readme.indexOf('```ts\n', from) + 6) + 4
  const samples = readme.slice(readme.indexOf('```\n', plainAt) + 4, readme.indexOf('```\n', readme.indexOf('```\n', plainAt) + 4)).trim().split('\n')
  const dir = join(new URL('.', import.meta.url).pathname, '.tmp', 'validation-items')
  mkdirSync(dir, { recursive: true })
  const file = join(dir, `${section.replace(/\W+/g, '-')}.ts`)
  writeFileSync(file, `${code}\nexport { app }\n`)
  const { app } = (await import(file)) as { app: FastifyInstance }
  return { app, samples }
}

t.test("the README's validation example is the management page's, exactly (ajv-errors' errorMessage)", async t => {
  const { app, samples } = await readmeExample('Validation items')
  t.teardown(() => app.close())
  const res = await app.inject({ method: 'POST', url: '/proxies', payload: '{"email":"not-an-email"}', headers: JSON_HEADERS })
  t.equal(samples[1], `${res.statusCode} ${res.body}`)
  t.same(res.json().validation_errors, [{ field: 'name', message: 'Name is required' }, { field: 'email', message: 'Invalid email format' }])
})

t.test("the README's custom format drops details, as its sample shows", async t => {
  const { app, samples } = await readmeExample('A format of your own')
  t.teardown(() => app.close())
  const res = await app.inject({ method: 'POST', url: '/jobs', payload: '{}', headers: JSON_HEADERS })
  t.equal(samples[1], `${res.statusCode} ${res.body}`)
})
