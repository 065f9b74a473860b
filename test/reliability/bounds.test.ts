// What one request can make the plugin produce is bounded, and the headers it sends say
// the same as the body: validation items capped, quoted-strings escaped, Retry-After whole
// seconds under a cap, functions and symbols never shown, a thrown error's own challenge
// and Allow headers kept (and nothing else of its headers).
import Ajv from 'ajv'
import createError from 'http-errors'
import { test } from 'tap'
import { build } from '../helpers.js'

const YEAR = 31_536_000

test('a placeholder inside a quoted-string cannot end it or add parameters', async t => {
  const catalogue = {
    token_rejected: {
      status: 401,
      message: 'Sign in again',
      headers: {
        'WWW-Authenticate': 'Bearer realm="{realm}", error="invalid_token"',
        'X-Realm': '{realm}',
        // A quoted-pair in the template's own text does not end its quoted-string.
        'X-Quoted': '"say \\"{realm}\\"" {realm}'
      }
    }
  }
  const app = await build(t, { catalogue })
  let realm = ''
  app.get('/', (_request, reply) => reply.fail('token_rejected' as never, { realm } as never))

  realm = 'x", error_uri="https://evil.example'
  let res = await app.inject('/')
  t.equal(res.headers['www-authenticate'], 'Bearer realm="x\\", error_uri=\\"https://evil.example", error="invalid_token"')
  t.same(challengeParams(res.headers['www-authenticate'] as string), { realm: 'x", error_uri="https://evil.example', error: 'invalid_token' })
  t.equal(res.headers['x-realm'], realm, 'outside a quoted-string the value is left as it is')
  t.equal(res.headers['x-quoted'], `"say \\"x\\", error_uri=\\"https://evil.example\\"" ${realm}`)

  realm = 'a\\'
  res = await app.inject('/')
  t.equal(res.headers['www-authenticate'], 'Bearer realm="a\\\\", error="invalid_token"')
  t.same(challengeParams(res.headers['www-authenticate'] as string), { realm: 'a\\', error: 'invalid_token' })
})

/** auth-param = token "=" ( token / quoted-string ), RFC 9110 §11.2. */
function challengeParams(header: string): Record<string, string> {
  const params: Record<string, string> = {}
  const rest = header.replace(/^\S+\s+/, '')
  for (const match of rest.matchAll(/([!#$%&'*+.^_`|~0-9A-Za-z-]+)=(?:"((?:[^"\\]|\\.)*)"|([!#$%&'*+.^_`|~0-9A-Za-z-]+))\s*(?:,\s*|$)/g)) {
    params[match[1]!] = match[2] === undefined ? match[3]! : match[2].replace(/\\(.)/g, '$1')
  }
  return params
}

test('functions and symbols passed as parameters show as a fixed token', async t => {
  const catalogue = { job_stuck: { status: 409, message: 'Job {job} is stuck on {step}', headers: { 'X-Job': '{job}' } } }
  const app = await build(t, { catalogue })
  app.get('/', (_request, reply) =>
    reply.fail('job_stuck' as never, { job: function secret() { return 'API_KEY=hunter2' }, step: Symbol('internal step') } as never)
  )
  const res = await app.inject('/')
  t.equal(res.json().error.message, 'Job [function] is stuck on [symbol]')
  t.same(res.json().error.params, { job: '[function]', step: '[symbol]' })
  t.equal(res.headers['x-job'], '[function]')
  t.notMatch(res.body, /hunter2|internal step/)
})

test('Retry-After is whole delta-seconds under a one-year cap, the same in header and body', async t => {
  const catalogue = { far_future: { status: 503, message: 'Come back later', retryAfter: 1e21 } }
  const app = await build(t, { catalogue })
  let options: Record<string, unknown> = {}
  app.get('/fail', (_request, reply) => reply.fail('service_unavailable', {}, options as never))
  app.get('/catalogue', (_request, reply) => (reply as any).fail('far_future'))
  let appHeader = ''
  app.get('/app-header', async (_request, reply) => {
    reply.header('retry-after', appHeader)
    throw createError(429, 'Slow down')
  })

  const sent = async (url: string) => {
    const res = await app.inject(url)
    return [res.headers['retry-after'], res.json().error.retry_after]
  }
  const cases: [Record<string, unknown>, unknown[]][] = [
    [{ retryAfter: 1e300 }, [String(YEAR), YEAR]],
    [{ retryAfter: 1.2 }, ['2', 2]],
    [{ retryAfter: -5 }, ['30', 30]], // not delta-seconds: the entry's own
    [{ headers: { 'Retry-After': '-1' } }, ['30', 30]],
    [{ headers: { 'retry-after': '120' } }, ['120', 120]],
    [{ headers: { 'Retry-After': '99999999999' } }, [String(YEAR), YEAR]],
    [{ retryAfter: 5, headers: { 'Retry-After': '120' } }, ['5', 5]]
  ]
  for (const [given, expected] of cases) {
    options = given
    t.same(await sent('/fail'), expected, JSON.stringify(given))
  }
  t.same(await sent('/catalogue'), [String(YEAR), YEAR], 'a catalogue retryAfter of 1e21')

  appHeader = '1e300'
  t.same(await sent('/app-header'), [String(YEAR), YEAR], 'an app-set 1e300')
  appHeader = 'soon'
  t.same(await sent('/app-header'), ['60', 60], 'an app-set value that is no delta-seconds: the entry default')
  appHeader = new Date(Date.now() + 3_600_000).toUTCString()
  const [header, body] = await sent('/app-header')
  t.equal(header, String(body), 'an HTTP-date becomes delta-seconds')
  t.ok(Math.abs((body as number) - 3600) <= 2, `about an hour: ${body}`)
})

test('an app-set Retry-After on any answer shows in the body too', async t => {
  const app = await build(t)
  app.get('/', async (_request, reply) => {
    reply.header('retry-after', '15')
    throw createError(404, 'Not here yet')
  })
  const res = await app.inject('/')
  t.same([res.statusCode, res.headers['retry-after'], res.json().error.retry_after], [404, '15', 15])
})

test('a thrown error keeps its own challenge, Allow and Retry-After headers, and no other', async t => {
  const app = await build(t)
  let error: unknown
  app.get('/', async () => {
    throw error
  })
  const cases: [unknown, Record<string, string | undefined>][] = [
    [
      createError(401, 'Sign in', { headers: { 'WWW-Authenticate': 'Basic realm="app"', 'X-Internal': 'db-7' } }),
      { 'www-authenticate': 'Basic realm="app"', 'x-internal': undefined }
    ],
    [createError(405, 'No', { headers: { Allow: 'GET, HEAD' } }), { allow: 'GET, HEAD' }],
    [createError(407, 'Proxy', { headers: { 'Proxy-Authenticate': 'Basic realm="proxy"' } }), { 'proxy-authenticate': 'Basic realm="proxy"' }],
    [
      { isBoom: true, message: 'Sign in', output: { statusCode: 401, headers: { 'WWW-Authenticate': ['Basic realm="a"', 'Bearer'] } } },
      { 'www-authenticate': 'Basic realm="a", Bearer' }
    ],
    [createError(404, 'Gone', { headers: { 'WWW-Authenticate': 'Basic', Allow: 'GET', 'Set-Cookie': 'a=b' } }), { 'www-authenticate': undefined, allow: undefined, 'set-cookie': undefined }],
    [createError(401, 'Sign in'), { 'www-authenticate': 'Bearer' }],
    [createError(401, 'Sign in', { headers: { 'WWW-Authenticate': { not: 'a string' } } }), { 'www-authenticate': 'Bearer' }],
    [createError(401, 'Sign in', { headers: { 'WWW-Authenticate': ['Basic', 7] } }), { 'www-authenticate': 'Bearer' }],
    [createError(405, 'No', { headers: { Allow: 7 } }), { allow: '7' }],
    [createError(503, 'Down', { headers: { 'Retry-After': '120' } }), { 'retry-after': '120' }]
  ]
  for (const [thrown, headers] of cases) {
    error = thrown
    const res = await app.inject('/')
    for (const [name, value] of Object.entries(headers)) t.equal(res.headers[name], value, `${res.statusCode} ${name}`)
    if (res.statusCode === 503) t.equal(res.json().error.retry_after, 120)
  }
})

for (const format of ['nested', 'flat', 'oauth', 'problem'] as const) {
  test(`${format}: validation items are capped, with a marker item the format's schema accepts`, async t => {
    const ajvOptions = { ajv: { customOptions: { allErrors: true } } }
    const schema = { body: { type: 'array', items: { type: 'integer' } } }
    const many = JSON.stringify(Array.from({ length: 300 }, () => 'x'))
    const items = (body: Record<string, any>) => body.error?.details ?? body.details ?? body.validation_errors ?? body.errors

    const capped = await build(t, { format }, ajvOptions)
    capped.post('/', { schema }, async () => 'ok')
    const res = await capped.inject({ method: 'POST', url: '/', headers: { 'content-type': 'application/json' }, payload: many })
    const sent = items(res.json())
    t.equal(sent.length, 101, '100 items and the marker')
    t.same(sent[100], { field: '', in: 'body', message: '200 more items not shown' })
    const ajv = new Ajv.default({ strict: false })
    const documented = Object.values(capped.errorCatalogue.responses(['validation_error'])[400]!.content)[0]!.schema
    t.ok(ajv.validate(documented, res.json()), JSON.stringify(ajv.errors))

    const small = await build(t, { format, maxValidationItems: 5 }, ajvOptions)
    small.post('/', { schema }, async () => 'ok')
    small.get('/loose', (_request, reply) => reply.fail('validation_error', {}, { details: ['a', 'b', 'c', 'd', 'e', 'f', 'g'] } as never))
    small.get('/hand', (_request, reply) =>
      reply.fail('validation_error', {}, { details: Array.from({ length: 9 }, (_, i) => ({ field: `f${i}`, in: 'query', message: 'bad' })) } as never)
    )
    const few = items((await small.inject({ method: 'POST', url: '/', headers: { 'content-type': 'application/json' }, payload: many })).json())
    t.equal(few.length, 6)
    t.equal(few[5].message, '295 more items not shown')
    // Items passed by hand are capped the same way.
    const hand = items((await small.inject('/hand')).json())
    t.same(hand.at(-1), { field: '', in: 'query', message: '4 more items not shown' })
    t.equal(hand.length, 6)
    const loose = items((await small.inject('/loose')).json())
    t.same(loose.at(-1), { field: '', in: 'body', message: '2 more items not shown' }, 'items without a part: body')
  })
}

test('maxValidationItems must be a positive integer', async t => {
  for (const value of [0, -1, 1.5, '10', Infinity]) {
    await t.rejects(build(t, { maxValidationItems: value as never }), { code: 'FST_CATALOGUE_OPTION_INVALID', message: /maxValidationItems/ })
  }
})
