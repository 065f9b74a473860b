// What the client makes of hostile bodies (issue 18, item 4): a 200,000-deep body, a
// `__proto__` member, and JSON under a media type that is not JSON.
import { test } from 'tap'
import { parseError, parseErrorBody } from '../../lib/client.js'

const json = (status: number, body: string, contentType = 'application/json') => new Response(body, { status, headers: { 'content-type': contentType } })

test('a 200,000-deep body: JSON.stringify of the error does not throw, and the body is not read', async t => {
  const deep = `{"error":{"code":"x","message":"m","details":${'['.repeat(200_000)}${']'.repeat(200_000)}}}`
  const error = await parseError(json(400, deep))
  t.doesNotThrow(() => JSON.stringify(error))
  t.doesNotThrow(() => structuredClone(error.toJSON()))
  t.equal(error.code, 'bad_request', 'from the status')
  t.equal(error.bodyUnread, 'too-deep')
  t.equal(error.body, deep, 'kept as the text it was')

  // The same value handed over already parsed (axios): not read, not kept.
  const parsed: unknown = JSON.parse(deep)
  const given = parseErrorBody(parsed, { status: 400 })
  t.doesNotThrow(() => JSON.stringify(given))
  t.equal(given.body, undefined)
  t.equal(given.bodyUnread, 'too-deep')
  t.equal(given.code, 'bad_request')

  // A cycle (never made by JSON.parse, only by a caller) ends the depth walk rather than loop in it.
  const cyclic: Record<string, unknown> = { code: 'loop', message: 'Loop' }
  cyclic.self = cyclic
  t.equal(parseErrorBody(cyclic, { status: 400 }).code, 'loop')
})

test('a body of ordinary depth is read, details nested 100 deep included', async t => {
  const details = `${'['.repeat(100)}1${']'.repeat(100)}`
  const error = await parseError(json(400, `{"error":{"code":"deep_ok","message":"Fine","details":${details}}}`))
  t.equal(error.code, 'deep_ok')
  t.equal(JSON.stringify(error.details), details)
  t.equal(error.bodyUnread, undefined)
})

test('extensions and params never carry a __proto__ member: copying them keeps Object.prototype', async t => {
  const body = '{"error":{"code":"x","message":"m","__proto__":{"polluted":true},"params":{"id":"7","__proto__":{"polluted":true},"nested":{"a":1}},"kept":1}}'
  for (const error of [await parseError(json(409, body)), parseErrorBody(JSON.parse(body), { status: 409 })]) {
    t.same(Object.keys(error.extensions), ['kept'], 'only the plain member')
    const copy = Object.assign({}, error.extensions)
    t.equal(Object.getPrototypeOf(copy), Object.prototype)
    t.equal((copy as { polluted?: unknown }).polluted, undefined)
    t.equal(Object.getPrototypeOf({ ...error.extensions }), Object.prototype)

    t.same(Object.keys(error.params ?? {}), ['id'], 'params: scalars only, no __proto__')
    t.equal(Object.getPrototypeOf(Object.assign({}, error.params)), Object.prototype)
  }
  // Every shape: problem extension members, oauth's, the foreign ones.
  const shapes: [string, string][] = [
    ['application/problem+json', '{"type":"about:blank","title":"T","__proto__":{"polluted":true}}'],
    ['application/json', '{"error":"invalid_grant","error_description":"d","__proto__":{"polluted":true}}'],
    ['application/json', '{"errors":[{"code":"a"}],"__proto__":{"polluted":true}}'],
    ['application/json', '{"error":"A sentence","__proto__":{"polluted":true}}'],
    ['application/json', '{"__proto__":{"polluted":true}}']
  ]
  for (const [type, text] of shapes) {
    const error = await parseError(json(400, text, type))
    t.equal((Object.assign({}, error.extensions) as { polluted?: unknown }).polluted, undefined, text)
  }
})

test('a body is read as an error only when its media type is JSON', async t => {
  const body = JSON.stringify({ error: { code: 'job_locked', message: 'Job is locked' } })
  const read = ['application/json', 'application/json; charset=utf-8', 'Application/JSON', 'application/problem+json', 'application/vnd.api+json', 'text/json']
  for (const type of read) t.equal((await parseError(json(409, body, type))).code, 'job_locked', type)

  for (const type of ['text/html', 'text/html; charset=utf-8', 'text/plain', 'application/octet-stream', 'application/jsonp', 'application/json-seq']) {
    const error = await parseError(json(409, body, type))
    t.equal(error.code, 'conflict', `${type}: from the status`)
    t.equal(error.body, body, `${type}: kept as text`)
    t.equal(error.bodyUnread, undefined, 'not an error of the read: just not JSON')
  }

  // No Content-Type at all: RFC 9110 §8.3 lets a recipient examine the data, so JSON is tried.
  const untyped = { status: 409, headers: { get: () => null }, text: async () => body }
  t.equal((await parseError(untyped)).code, 'job_locked')

  // parseErrorBody takes the header too (axios parses JSON whatever the type).
  t.equal(parseErrorBody(JSON.parse(body), { status: 409, contentType: 'text/html' }).code, 'conflict')
  t.equal(parseErrorBody(JSON.parse(body), { status: 409, contentType: 'application/json' }).code, 'job_locked')
  t.equal(parseErrorBody(JSON.parse(body), { status: 409 }).code, 'job_locked', 'no type given: read')
})
