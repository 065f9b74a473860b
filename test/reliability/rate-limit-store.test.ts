import { test } from 'tap'
import { build, logCapture } from '../helpers.js'

type Callback = (error: Error | null, result?: { current: number; ttl: number } | null) => void

/** An in-memory store whose failures the test switches on: async error, sync throw, or none. */
function makeStore(withRead: boolean) {
  const state = { fail: 'none' as 'none' | 'async' | 'sync', counts: new Map<string, number>() }
  class TestStore {
    incr(key: string, callback: Callback) {
      if (state.fail === 'sync') throw new Error('store exploded')
      if (state.fail === 'async') return setImmediate(() => callback(new Error('store unreachable')))
      const current = (state.counts.get(key) ?? 0) + 1
      state.counts.set(key, current)
      setImmediate(() => callback(null, { current, ttl: 10_000 }))
    }

    child() {
      return this
    }
  }
  if (withRead) {
    Object.assign(TestStore.prototype, {
      read(key: string, callback: Callback) {
        if (state.fail !== 'none') return callback(new Error('store unreachable'))
        callback(null, { current: state.counts.get(key) ?? 0, ttl: 10_000 })
      }
    })
  }
  return { state, TestStore }
}

test('a failing custom store answers service_unavailable with Retry-After, by default', async t => {
  const { state, TestStore } = makeStore(true)
  const app = await build(t, { rateLimit: { store: TestStore as never, max: 2, timeWindow: 10_000 } })
  app.get('/', async () => ({ ok: true }))
  app.get('/peek', async request => {
    const state = await app.createRateLimit()(request, { increment: false })
    return { allowed: state.isAllowed, remaining: 'remaining' in state ? state.remaining : undefined }
  })

  t.equal((await app.inject('/')).statusCode, 200)
  t.same((await app.inject('/peek')).json(), { allowed: false, remaining: 0 }, 'read goes through the guarded store')
  const limited = await app.inject('/')
  t.equal(limited.statusCode, 429)
  t.equal(limited.json().error.code, 'rate_limit_exceeded')
  t.equal(limited.headers['retry-after'], '10')

  for (const fail of ['async', 'sync'] as const) {
    state.fail = fail
    const res = await app.inject('/')
    t.equal(res.statusCode, 503, fail)
    t.equal(res.json().error.code, 'service_unavailable', fail)
    t.equal(res.headers['retry-after'], '30', fail)
    t.notMatch(res.body, /store (exploded|unreachable)/, fail)
  }
  const peek = await app.inject('/peek')
  t.equal(peek.statusCode, 503, 'a failing read is a store failure too')
})

test('fail-open (or skipOnError) lets requests through when the store fails, and logs it', async t => {
  for (const rateLimit of [{ onStoreError: 'fail-open' as const }, { skipOnError: true }]) {
    const { state, TestStore } = makeStore(false)
    const { stream, lines } = logCapture()
    const app = await build(t, { rateLimit: { store: TestStore as never, max: 1, ...rateLimit } }, { logger: { level: 'warn', stream } })
    app.get('/', async () => ({ ok: true }))
    state.fail = 'async'
    t.equal((await app.inject('/')).statusCode, 200)
    t.equal((await app.inject('/')).statusCode, 200, 'over max, but the store is down: through')
    t.ok(lines.some(line => String(line.msg).includes('onStoreError: fail-open')), 'logged')
    state.fail = 'none'
    t.equal((await app.inject('/')).statusCode, 200)
    t.equal((await app.inject('/')).statusCode, 429, 'limited again once the store is back')
  }
})

test('rateLimit.onStoreError is checked at registration', async t => {
  await t.rejects(build(t, { rateLimit: { onStoreError: 'ignore' as never } }), { code: 'FST_CATALOGUE_OPTION_INVALID', message: /onStoreError must be 'unavailable' or 'fail-open'/ })
  await t.rejects(build(t, { rateLimit: { onStoreError: 'unavailable', skipOnError: true } }), { code: 'FST_CATALOGUE_OPTION_INVALID', message: /contradicts skipOnError/ })
})

test('route limits get a guarded child store; a store failure answers the entry claiming rate-limit-store-down', async t => {
  const { state, TestStore } = makeStore(false)
  const app = await build(t, {
    catalogue: { internal_error: { status: 500, message: 'Internal error', when: ['rate-limit-store-down'] } },
    rateLimit: { store: TestStore as never, max: 5 }
  })
  app.get('/tight', { config: { rateLimit: { max: 1 } } }, async () => ({ ok: true }))
  t.equal((await app.inject('/tight')).statusCode, 200)
  t.equal((await app.inject('/tight')).statusCode, 429)
  state.fail = 'async'
  const res = await app.inject('/tight')
  t.equal(res.statusCode, 500)
  t.equal(res.json().error.code, 'internal_error')
})

test('the in-memory store is left alone', async t => {
  const app = await build(t, { rateLimit: { max: 1 } })
  app.get('/', async () => ({ ok: true }))
  t.equal((await app.inject('/')).statusCode, 200)
  t.equal((await app.inject('/')).statusCode, 429)
})
