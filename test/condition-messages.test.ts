// A message per condition (issue 17): an entry that answers several conditions gives each its
// own message and fix in `when`; a placeholder a condition cannot fill fails registration.
import Ajv from 'ajv'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { InjectOptions } from 'fastify'
import t from 'tap'
import { parse } from 'yaml'
import { build, cli } from './helpers.js'

const JSON_HEADERS = { 'content-type': 'application/json' }

/** The generic page's INVALID_REQUEST, as a team would write it. */
const GENERIC = `
INVALID_REQUEST:
  status: 400
  message: The request is invalid.
  fix: Review your request payload.
  when:
    invalid-json: Request body is not valid JSON.
    empty-json-body:
      message: The request body is empty.
      fix: Send a JSON body.
    missing-required: Missing required '{field}' parameter.
    validation: "Invalid value for '{field}' in the {in}."
    malformed-request:
    status-400:
    client-error: ~
    unsupported-media-type: "Unsupported Content-Type: send application/json."
`

function tempFile(t: { teardown(fn: () => void): void }, name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'condition-messages-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const file = join(dir, name)
  writeFileSync(file, text)
  return file
}

t.test('each condition sends its own message and fix; the others the entry\'s', async t => {
  const app = await build(t, { catalogue: tempFile(t, 'errors.yaml', GENERIC), includeRequestId: false })
  app.post('/users', { schema: { body: { type: 'object', required: ['user_id'], properties: { user_id: { type: 'string' } } } } }, async () => ({}))
  app.get('/users', { schema: { querystring: { type: 'object', properties: { limit: { type: 'integer' } } } } }, async () => ({}))
  app.get('/fail', (_request, reply) => reply.fail('INVALID_REQUEST' as 'bad_request'))
  const error = async (request: string | InjectOptions) => (await app.inject(request)).json().error
  t.same(await error({ method: 'POST', url: '/users', payload: '{"user_id":', headers: JSON_HEADERS }), {
    code: 'INVALID_REQUEST',
    message: 'Request body is not valid JSON.',
    fix: 'Review your request payload.'
  })
  t.same(await error({ method: 'POST', url: '/users', payload: '', headers: JSON_HEADERS }), {
    code: 'INVALID_REQUEST',
    message: 'The request body is empty.',
    fix: 'Send a JSON body.'
  })
  const missing = await error({ method: 'POST', url: '/users', payload: '{}', headers: JSON_HEADERS })
  t.equal(missing.message, "Missing required 'user_id' parameter.")
  t.same(missing.params, { field: 'user_id' }, 'params: the placeholders of the message sent')
  t.equal((await error('/users?limit=abc')).message, "Invalid value for 'limit' in the query.", 'a type error is not a missing field')
  t.equal((await error({ method: 'POST', url: '/users', payload: '<a/>', headers: { 'content-type': 'application/xml' } })).message, 'Unsupported Content-Type: send application/json.')
  // null (or nothing): the entry's own message.
  t.equal((await error({ method: 'POST', url: '/users', payload: '{}', headers: { ...JSON_HEADERS, 'content-length': '1' } })).message, 'The request is invalid.')
  t.equal(app.errorCatalogue.codeFor('client-error'), 'INVALID_REQUEST')
  // reply.fail sends the entry's message: it is not a condition.
  t.equal((await error('/fail')).message, 'The request is invalid.')
})

t.test('a placeholder a claimed condition cannot fill fails registration, naming entry, condition and placeholder', async t => {
  const file = tempFile(t, 'errors.yaml', [
    'INVALID_REQUEST:',
    '  status: 400',
    "  message: Missing required '{field}' parameter.",
    '  when: [missing-required, invalid-json, malformed-request]',
    'NOT_FOUND:',
    '  status: 404',
    '  message: "{resource} not found"',
    '  when: { route-not-found: "Route {method} {url} not found", status-404: "{resource} not found" }'
  ].join('\n'))
  const error = await build(t, { catalogue: file }).then(() => undefined, (error: Error & { problems: { code: string; line: number; message: string }[] }) => error)
  t.same(error?.problems.map(({ code, line, message }) => [code, line, message]), [
    ['INVALID_REQUEST', 1, '{field} cannot be filled when the plugin answers "malformed-request" with INVALID_REQUEST (it fills no placeholder there): give "malformed-request" a message of its own in when, e.g. when: { malformed-request: "…" }'],
    ['NOT_FOUND', 5, '{resource} cannot be filled when the plugin answers "status-404" with NOT_FOUND (it fills no placeholder there): give "status-404" a message of its own in when, e.g. when: { status-404: "…" }']
  ])
  const wrongFill = await build(t, { catalogue: { LIMITED: { status: 429, message: 'Slow down', when: { 'rate-limited': 'Retry in {seconds} s for {field}' } } }, rateLimit: true })
    .then(() => undefined, (error: Error) => error)
  t.match(wrongFill?.message, /\{field\} cannot be filled when the plugin answers "rate-limited" with LIMITED \(it fills only \{seconds\} there\)/)
})

t.test('conditions written wrong in the mapping form are named with their place', async t => {
  const problems = async (when: unknown) => {
    const error = await build(t, { catalogue: { BAD: { status: 400, message: 'Bad', when: when as never } } }).then(() => undefined, (error: Error & { problems: { message: string }[] }) => error)
    return error?.problems.map(problem => problem.message)
  }
  t.same(await problems({ 'invalid-jsn': 'x' }), ['unknown condition "invalid-jsn" (did you mean "invalid-json"?) (see "Your own codes" in the README)'])
  t.same(await problems({ 'invalid-json': 7 }), ["when.invalid-json must be its own message, { message, fix, validationItems } or null (the entry's own), got 7"])
  t.same(await problems({}), ['when must name at least one condition'])
  t.same(await problems({ 'invalid-json': { validationItems: false } }), [
    'validationItems applies to the validation conditions (validation, validation-body, validation-query, validation-params, validation-headers, missing-required), not to "invalid-json"'
  ])
  t.same(await problems({ 'invalid-json': 'Bad {constructor}' }), ['placeholder {constructor} is a reserved name'])
  t.same(await problems({ 'invalid-json': { message: { de: 'Kaputt' } } }), ['when.invalid-json.message has no "en" text (the default locale)'])
  t.same(await problems({ 'invalid-json': { fix: { en: 'Fix {a}', de: 'Reparieren', 'x-y-z-w-v-u-t': 'no' } } }), [
    'when.invalid-json.fix in "de" has placeholders {} but "en" has {a}',
    '"x-y-z-w-v-u-t" is not a language tag (en, de, pt-BR…)'
  ])
})

t.test('a condition\'s texts are translated like the entry\'s', async t => {
  const app = await build(t, {
    catalogue: {
      bad_json: {
        status: 400,
        message: { en: 'Bad request', de: 'Ungültige Anfrage' },
        fix: { en: 'Check the request', de: 'Prüfen Sie die Anfrage' },
        title: { en: 'Bad JSON', de: 'Kaputtes JSON' },
        when: {
          'invalid-json': { message: { en: 'Request body is not valid JSON', de: 'Der Rumpf ist kein gültiges JSON' } },
          'empty-json-body': { fix: 'Send a body' }
        }
      }
    },
    format: 'problem',
    problemTypeBase: 'https://example.com/errors#'
  })
  app.post('/', async () => ({}))
  const send = (payload: string, language: string) => app.inject({ method: 'POST', url: '/', payload, headers: { ...JSON_HEADERS, 'accept-language': language } })
  const de = (await send('{', 'de')).json()
  t.same([de.title, de.detail, de.fix], ['Kaputtes JSON', 'Der Rumpf ist kein gültiges JSON', 'Prüfen Sie die Anfrage'])
  const en = (await send('{', 'en')).json()
  t.same([en.title, en.detail, en.fix], ['Bad JSON', 'Request body is not valid JSON', 'Check the request'])
  // A condition with a fix of its own and no German one: the entry's German message, its own fix.
  const empty = (await send('', 'de')).json()
  t.same([empty.detail, empty.fix], ['Ungültige Anfrage', 'Send a body'])
})

t.test('the editor schema, the generated types and the reference show the messages', async t => {
  const file = tempFile(t, 'errors.yaml', GENERIC)
  const schema = JSON.parse(readFileSync(new URL('../catalogue/catalogue.schema.json', import.meta.url), 'utf8'))
  const validate = new Ajv.default({ strict: false }).compile(schema)
  t.ok(validate(parse(GENERIC)), JSON.stringify(validate.errors))
  t.notOk(validate({ X: { status: 400, message: 'x', when: { 'invalid-jsn': 'x' } } }), 'an unknown condition is refused by editors too')

  const out = join(file, '..', 'errors.generated.ts')
  const generated = await cli('generate', file, '--out', out)
  t.equal(generated.code, 0, generated.stderr)
  t.match(readFileSync(out, 'utf8'), [
    '    /**',
    '     * 400: The request is invalid.',
    '     * invalid-json: Request body is not valid JSON.',
    '     * empty-json-body: The request body is empty.',
    "     * missing-required: Missing required '{field}' parameter.",
    "     * validation: Invalid value for '{field}' in the {in}.",
    '     * unsupported-media-type: Unsupported Content-Type: send application/json.',
    '     */',
    '    INVALID_REQUEST: {}'
  ].join('\n'))

  const app = await build(t, { catalogue: file })
  const reference = app.errorCatalogue.reference()
  t.match(reference, 'the request body is not valid JSON, with the message "Request body is not valid JSON."')
  t.match(reference, 'a required field is missing, with the message "Missing required \'{field}\' parameter."')
  t.match(reference, 'the request cannot be read (a malformed URL or Content-Length, a missing Content-Type)')
})

t.test("the README's example registers and answers as it says", async t => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
  const section = readme.slice(readme.indexOf('### A message per condition'))
  const yaml = section.slice(section.indexOf('```yaml\n') + 8, section.indexOf('```\n', section.indexOf('```yaml\n') + 8))
  const app = await build(t, { catalogue: tempFile(t, 'errors.yaml', yaml), includeRequestId: false })
  app.post('/users', { schema: { body: { type: 'object', required: ['user_id'] } } }, async () => ({}))
  const send = (payload: string, type = 'application/json') => app.inject({ method: 'POST', url: '/users', payload, headers: { 'content-type': type } })
  t.equal((await send('{')).json().error.message, 'Request body is not valid JSON.')
  t.equal((await send('')).json().error.message, 'Request body is not valid JSON.', "an empty body falls back to invalid-json's text")
  t.equal((await send('{}')).json().error.message, "Missing required 'user_id' parameter.")
  t.same((await send('<a/>', 'application/xml')).json().error, { code: 'INVALID_REQUEST', message: 'Unsupported Content-Type: send application/json.', fix: 'Send the body as JSON' })
})

t.test('unclaimed, a condition never falls to an entry whose placeholders it cannot fill', async t => {
  const app = await build(t, {
    builtins: false,
    catalogue: {
      bad_request: { status: 400, message: 'Bad request', when: ['malformed-request', 'status-400', 'client-error'] },
      not_found: { status: 404, message: 'Not found' },
      too_large: { status: 413, message: 'Too large' },
      uri_too_long: { status: 414, message: 'URI too long' },
      unsupported: { status: 415, message: 'Unsupported media type' },
      quota_exceeded: { status: 429, message: 'Quota of {limit} requests exceeded' },
      internal_error: { status: 500, message: 'Internal error' },
      unavailable: { status: 503, message: 'Unavailable' }
    }
  })
  app.get('/limited', async () => {
    throw Object.assign(new Error('Too Many Requests'), { statusCode: 429 })
  })
  t.equal(app.errorCatalogue.codeFor('status-429'), 'bad_request')
  const res = await app.inject('/limited')
  t.same([res.statusCode, res.json().error.code, res.json().error.message], [400, 'bad_request', 'Bad request'])
})

t.test('the corners: a condition of its own in a translated entry, a mapping of nulls, a fill-in missing in every part', async t => {
  const app = await build(t, {
    catalogue: {
      bad: {
        status: 400,
        message: { en: 'Bad request', de: 'Ungültige Anfrage' },
        when: { 'malformed-request': 'Malformed request', 'invalid-json': null }
      },
      plain: { status: 409, message: 'Conflict', when: { 'status-409': null } }
    }
  })
  app.post('/', async () => ({}))
  const malformed = await app.inject({ method: 'POST', url: '/', payload: '{}', headers: { ...JSON_HEADERS, 'content-length': '1', 'accept-language': 'de' } })
  t.equal(malformed.json().error.message, 'Malformed request', 'no German text of its own: the condition\'s default, not the entry\'s German')
  const broken = await app.inject({ method: 'POST', url: '/', payload: '{', headers: { ...JSON_HEADERS, 'accept-language': 'de' } })
  t.equal(broken.json().error.message, 'Ungültige Anfrage')
  t.equal(app.errorCatalogue.codeFor('status-409'), 'plain')

  // Claimed for missing fields only: each part's answer would lack {x}; one problem says it.
  const error = await build(t, { catalogue: { MISSING: { status: 400, message: 'Missing', when: { 'missing-required': 'Missing {x}' } } } })
    .then(() => undefined, (error: Error & { problems: { message: string }[] }) => error)
  t.same(error?.problems.map(problem => problem.message), [
    '{x} cannot be filled when the plugin answers "missing-required" with MISSING (it fills only {field}, {in} there): give "missing-required" a message of its own in when, e.g. when: { missing-required: "…" }'
  ])
})

t.test('the reference example of a validation code fills {field} from its sample item', async t => {
  const app = await build(t, { catalogue: { validation_error: { status: 400, message: "Invalid '{field}' in the {in}" } } })
  const reference = app.errorCatalogue.reference()
  t.match(reference, "\"message\": \"Invalid 'items[2].id' in the body\"")
})

t.test("a condition with no message of its own, answered by an entry that words another, sends the entry's own", async t => {
  const entry = (status: number, message: string) => ({ status, message })
  const app = await build(t, {
    builtins: false,
    includeRequestId: false,
    includeFix: false,
    includeValidationItems: false,
    catalogue: {
      BAD: { status: 400, message: 'Bad request', when: { 'invalid-json': 'Not JSON' } },
      NOPE: entry(404, 'Not found'),
      BIG: entry(413, 'Too large'),
      LONG: entry(414, 'Too long'),
      TYPE: entry(415, 'Unsupported'),
      OOPS: entry(500, 'Oops'),
      DOWN: entry(503, 'Down')
    }
  })
  app.post('/things', { schema: { body: { type: 'object', required: ['name'] } } }, async () => ({}))
  const json = await app.inject({ method: 'POST', url: '/things', payload: '{"name":', headers: JSON_HEADERS })
  t.same(json.json(), { error: { code: 'BAD', message: 'Not JSON' } })
  const schema = await app.inject({ method: 'POST', url: '/things', payload: '{}', headers: JSON_HEADERS })
  t.same(schema.json(), { error: { code: 'BAD', message: 'Bad request' } }, 'validation falls to BAD, with its own message')
})
