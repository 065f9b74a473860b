// The built-in formats write bodies member by member (issue 12). Whatever the values, a body
// must be the very bytes JSON.stringify writes for the same object: re-serializing the parsed
// body gives it back unchanged, and every value survives the trip.
import t, { type Test } from 'tap'
import { build } from './helpers.js'

const FORMATS = ['nested', 'flat', 'oauth', 'problem'] as const

/** Strings that need escaping, or look as if they might, at both sides of the length cut-off. */
const STRINGS = [
  'plain',
  '',
  'with "quotes"',
  'back\\slash',
  'control \u0001 and \u001f',
  'line\nbreak\ttab',
  'lone \ud800 high',
  'lone \udfff low',
  'pair 😀',
  'latin é ü and \u2028 \u2029 \u007f',
  'x'.repeat(128),
  `${'y'.repeat(129)}"`,
  `${'z'.repeat(200)}`
]

const catalogue = {
  echo: { status: 409, message: 'Echo {text}', fix: 'Fix {text}' },
  counted: { status: 409, message: 'Counted {count} {flag}' }
} as const

function canonical(t: Test, body: string, what: string): Record<string, unknown> {
  const parsed = JSON.parse(body) as Record<string, unknown>
  t.equal(JSON.stringify(parsed), body, `${what}: the bytes JSON.stringify writes`)
  return parsed
}

/** The error object of a body, whatever the format. */
function errorOf(body: Record<string, unknown>): Record<string, unknown> {
  return (typeof body.error === 'object' ? body.error : body) as Record<string, unknown>
}

t.test('message, fix, params and request id with every kind of string', async t => {
  for (const format of FORMATS) {
    let id = ''
    const app = await build(t, { catalogue, format }, { genReqId: () => id })
    app.get('/echo', (request, reply) => reply.fail('echo', { text: (request.query as { i: string }).i === undefined ? '' : STRINGS[Number((request.query as { i: string }).i)]! }))
    for (const [i, text] of STRINGS.entries()) {
      id = text
      const res = await app.inject(`/echo?i=${i}`)
      const body = canonical(t, res.body, `${format} #${i}`)
      const error = errorOf(body)
      if (format === 'oauth') {
        t.equal(body.error_description, `Echo ${text}`)
        continue
      }
      t.equal(error.message ?? error.detail, `Echo ${text}`, `${format} #${i} message`)
      t.equal(error.fix, `Fix ${text}`, `${format} #${i} fix`)
      t.same(error.params, { text }, `${format} #${i} params`)
      t.equal(error.request_id, text, `${format} #${i} request id`)
    }
  }
})

t.test('numbers and booleans in params, and members left out when absent', async t => {
  for (const format of ['nested', 'flat', 'problem'] as const) {
    const app = await build(t, { catalogue, format })
    app.get('/:n', (request, reply) => {
      const n = (request.params as { n: string }).n
      const values: Record<string, { count?: number; flag?: boolean }> = { a: { count: 1.5, flag: true }, b: { count: -0, flag: false }, c: { count: 1e21 }, d: { flag: false }, e: {} }
      return reply.fail('counted', values[n]!)
    })
    const params = async (n: string) => errorOf(canonical(t, (await app.inject(`/${n}`)).body, `${format} ${n}`)).params
    t.same(await params('a'), { count: 1.5, flag: true })
    t.same(await params('b'), { count: 0, flag: false })
    t.same(await params('c'), { count: 1e21 })
    t.same(await params('d'), { flag: false }, 'an absent value is left out, not written as null')
    t.equal(await params('e'), undefined, 'no values: no params member')
  }
})

t.test('validation items: a schema failure and items passed by hand of any shape', async t => {
  for (const format of FORMATS) {
    const app = await build(t, { format, maxValidationItems: 2 }, { ajv: { customOptions: { allErrors: true } } })
    const schema = {
      body: {
        type: 'object',
        required: ['a', 'b', 'c'],
        properties: { 'q"uote': { type: 'integer' }, list: { type: 'array', items: { type: 'integer' } } }
      }
    }
    app.post('/schema', { schema }, () => 'ok')
    app.post('/hand', (_request, reply) =>
      // Plain JavaScript can pass anything as items: what the types refuse must still be sent as JSON.stringify writes it.
      // eslint-disable-next-line no-sparse-arrays
      reply.fail('validation_error', {}, { details: [{ field: 'x', in: 'body', message: 'm', extra: 1 }, , 'text', { toJSON: () => ({ field: 'j' }) }] as never })
    )
    app.post('/one', { schema: { body: { type: 'object', properties: { 'q"uote': { type: 'integer' } } } } }, () => 'ok')

    const key = { nested: 'details', flat: 'details', oauth: 'validation_errors', problem: 'errors' }[format]
    const items = async (url: string, payload: object) => errorOf(canonical(t, (await app.inject({ method: 'POST', url, payload })).body, `${format} ${url}`))[key]

    t.same(await items('/schema', {}), [
      { field: 'a', in: 'body', message: 'is required' },
      { field: 'b', in: 'body', message: 'is required' },
      { field: '', in: 'body', message: '1 more items not shown' }
    ], `${format}: capped schema items and the marker`)
    t.same(await items('/one', { 'q"uote': 'x' }), [{ field: 'q"uote', in: 'body', message: 'must be integer' }], `${format}: a field name that needs escaping`)
    t.same(
      await items('/hand', {}),
      [{ field: 'x', in: 'body', message: 'm', extra: 1 }, null, { field: '', in: 'body', message: '2 more items not shown' }],
      `${format}: items by hand (a hole is null), as JSON.stringify writes them`
    )
  }
})
