/**
 * Issue 18, item 1: a user callback the plugin calls (onFail, a custom format, the
 * rate limiter's hooks) may throw or return a rejected promise: either is logged once per
 * occurrence and reaches neither the process (no unhandledRejection) nor the client.
 */
import { test } from 'tap'
import { build, logCapture } from '../helpers.js'

/** Records every unhandled rejection while a test runs (tap would otherwise fail the file, not the test). */
function unhandled(t: { teardown(fn: () => unknown): void }): unknown[] {
  const seen: unknown[] = []
  const listener = (reason: unknown) => seen.push(reason)
  process.on('unhandledRejection', listener)
  t.teardown(() => process.off('unhandledRejection', listener))
  return seen
}

/** Lets pending microtasks and timers run, so that a rejection nobody handles is reported. */
const settle = () => new Promise(resolve => setTimeout(resolve, 20))

test('an async onFail that rejects: the answer is unharmed, one log line per occurrence, nothing unhandled', async t => {
  const rejections = unhandled(t)
  const { stream, lines } = logCapture()
  const app = await build(t, { onFail: async () => { throw new Error('metrics down') } }, { logger: { stream } })
  app.get('/', (_req, reply) => reply.fail('forbidden'))
  for (const url of ['/nope', '/', '/nope']) {
    const res = await app.inject(url)
    t.equal(res.statusCode, url === '/' ? 403 : 404, url)
    t.notMatch(res.body, 'metrics down')
  }
  await settle()
  t.same(rejections, [], 'no unhandled rejection')
  const logged = lines.filter(line => line.msg === 'fastify-error-catalogue: onFail threw')
  t.equal(logged.length, 3, 'one log line per occurrence')
  t.match(logged[0], { level: 50, err: { message: 'metrics down' } })
})

test('an onFail that throws synchronously is logged the same way', async t => {
  const { stream, lines } = logCapture()
  const app = await build(t, { onFail: () => { throw new Error('sync metrics down') } }, { logger: { stream } })
  const res = await app.inject('/nope')
  t.equal(res.statusCode, 404)
  t.same(lines.filter(line => line.msg === 'fastify-error-catalogue: onFail threw').map(line => (line.err as Error).message), ['sync metrics down'])

  // A thenable whose `then` itself throws is one failure too.
  const odd = logCapture()
  const thenable = { then() { throw new Error('odd then') } }
  const oddApp = await build(t, { onFail: () => thenable as unknown as Promise<void> }, { logger: { stream: odd.stream } })
  t.equal((await oddApp.inject('/nope')).statusCode, 404)
  t.same(odd.lines.filter(line => line.msg === 'fastify-error-catalogue: onFail threw').map(line => (line.err as Error).message), ['odd then'])
})

test('an onFail whose promise resolves logs nothing', async t => {
  const { stream, lines } = logCapture()
  let calls = 0
  const app = await build(t, { onFail: async () => { calls++ } }, { logger: { stream } })
  await app.inject('/nope')
  await settle()
  t.equal(calls, 1)
  t.same(lines.filter(line => String(line.msg).includes('onFail')), [])
})

test('a custom format that returns a promise answers the safe internal_error; its rejection is not unhandled', async t => {
  const rejections = unhandled(t)
  const { stream, lines } = logCapture()
  const app = await build(
    t,
    { format: { format: async () => { throw new Error('format bug') }, schema: {} } },
    { logger: { stream } }
  )
  app.get('/', (_req, reply) => reply.fail('forbidden'))
  const res = await app.inject('/')
  t.equal(res.statusCode, 500)
  t.same(res.json(), { error: { code: 'internal_error', message: 'Internal server error' } })
  await settle()
  t.same(rejections, [], 'no unhandled rejection')
  const logged = lines.filter(line => line.msg === 'fastify-error-catalogue: could not build the error response')
  t.equal(logged.length, 1, 'one log line')
  t.match((logged[0]!.err as Error).message, /returned a promise/)

  // A promise that resolves is refused the same way: a body must be built synchronously.
  const resolving = await build(t, { format: { format: async () => ({ ok: 1 }), schema: {} } })
  resolving.get('/', (_req, reply) => reply.fail('forbidden'))
  t.equal((await resolving.inject('/')).statusCode, 500)
})

test("the rate limiter's callbacks (onExceeded, onExceeding, onBanReach) that throw or reject: logged, the 429 unharmed", async t => {
  const rejections = unhandled(t)
  const { stream, lines } = logCapture()
  const app = await build(
    t,
    {
      rateLimit: {
        max: 1,
        ban: 1,
        timeWindow: 60_000,
        onExceeding: () => { throw new Error('exceeding hook down') },
        onExceeded: async () => { throw new Error('exceeded hook down') },
        onBanReach: async () => { throw new Error('ban hook down') }
      }
    },
    { logger: { stream } }
  )
  app.get('/', async () => ({ ok: true }))
  const statuses = []
  for (let i = 0; i < 4; i++) statuses.push((await app.inject('/')).statusCode)
  t.same(statuses, [200, 429, 403, 403], 'allowed, limited, then banned')
  await settle()
  t.same(rejections, [], 'no unhandled rejection')
  const failed = lines.filter(line => /^fastify-error-catalogue: rateLimit\.\w+ failed$/.test(String(line.msg)))
  t.same(
    failed.map(line => [line.msg, (line.err as Error).message]),
    [
      ['fastify-error-catalogue: rateLimit.onExceeding failed', 'exceeding hook down'],
      ['fastify-error-catalogue: rateLimit.onExceeded failed', 'exceeded hook down'],
      ['fastify-error-catalogue: rateLimit.onExceeded failed', 'exceeded hook down'],
      ['fastify-error-catalogue: rateLimit.onBanReach failed', 'ban hook down'],
      ['fastify-error-catalogue: rateLimit.onExceeded failed', 'exceeded hook down'],
      ['fastify-error-catalogue: rateLimit.onBanReach failed', 'ban hook down']
    ]
  )
})

test('a keyGenerator that rejects: the safe internal_error, logged once, nothing unhandled', async t => {
  const rejections = unhandled(t)
  const { stream, lines } = logCapture()
  const app = await build(t, { rateLimit: { max: 5, keyGenerator: async () => { throw new Error('key store down') } } }, { logger: { stream } })
  app.get('/', async () => ({ ok: true }))
  const res = await app.inject('/')
  t.equal(res.statusCode, 500)
  t.equal(res.json().error.code, 'internal_error')
  t.notMatch(res.body, 'key store down')
  await settle()
  t.same(rejections, [])
  t.equal(lines.filter(line => (line.err as Error | undefined)?.message === 'key store down').length, 1, 'logged once')
})
