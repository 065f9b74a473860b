// The `redis` option without a Redis server: an in-process stand-in for the part of ioredis that
// @fastify/rate-limit's RedisStore uses (`defineCommand`, then the commands it defines), so the
// Redis path runs on every machine. test/reliability/redis.test.ts runs it against a real redis-server.
import t from 'tap'
import { build } from './helpers.js'

type Reply = (error: Error | null, result?: [number, number]) => void

/** `rateLimit` / `rateLimitRead` as RedisStore's Lua scripts define them, over a Map (no backoff, no continueExceeding). */
function fakeRedis() {
  const windows = new Map<string, { current: number; endsAt: number }>()
  const seen = { defined: [] as string[], keys: new Set<string>(), down: false }
  const later = (reply: Reply, error: Error | null, result?: [number, number]) => setImmediate(() => reply(error, result))
  const commands: Record<string, (...args: never[]) => void> = {
    rateLimit(key: string, timeWindow: number, _max: number, _continueExceeding: boolean, _exponentialBackoff: boolean, reply: Reply) {
      seen.keys.add(key)
      if (seen.down) return later(reply, new Error('connect ECONNREFUSED 127.0.0.1:6379'))
      const now = Date.now()
      const window = windows.get(key)
      if (window === undefined || window.endsAt <= now) {
        windows.set(key, { current: 1, endsAt: now + timeWindow })
        return later(reply, null, [1, timeWindow])
      }
      window.current++
      later(reply, null, [window.current, window.endsAt - now])
    },
    rateLimitRead(key: string, reply: Reply) {
      const window = windows.get(key)
      later(reply, null, window === undefined ? [0, 0] : [window.current, window.endsAt - Date.now()])
    }
  }
  const client: Record<string, unknown> = {
    defineCommand(name: string) {
      seen.defined.push(name)
      client[name] = commands[name]
    }
  }
  return { client, seen }
}

t.test('two instances given one Redis client share the limit, in the client\'s namespace', async t => {
  const { client, seen } = fakeRedis()
  const rateLimit = { redis: client, nameSpace: 'api-', max: 2, timeWindow: 30_000 }
  const a = await build(t, { rateLimit })
  const b = await build(t, { rateLimit })
  for (const app of [a, b]) app.get('/', async () => 'ok')

  const statuses = [(await a.inject('/')).statusCode, (await b.inject('/')).statusCode]
  const limited = await a.inject('/')
  t.same(statuses, [200, 200])
  t.equal(limited.statusCode, 429)
  t.equal(limited.json().error.code, 'rate_limit_exceeded')
  t.equal(limited.headers['retry-after'], '30', 'the window the store reports')
  t.equal(limited.json().error.retry_after, 30)
  t.same(seen.defined, ['rateLimit', 'rateLimitRead'], 'the store defined its commands once, on the shared client')
  t.same([...seen.keys], ['api-127.0.0.1'], 'one key, in the given namespace')
})

t.test('a route limit uses a child store with its own key', async t => {
  const { client, seen } = fakeRedis()
  const app = await build(t, { rateLimit: { redis: client, global: false } })
  app.get('/strict', { config: { rateLimit: { max: 1, timeWindow: 5_000 } } }, async () => 'ok')
  t.equal((await app.inject('/strict')).statusCode, 200)
  const limited = await app.inject('/strict')
  t.equal(limited.statusCode, 429)
  t.equal(limited.headers['retry-after'], '5')
  t.same([...seen.keys], ['fastify-rate-limit-GET/strict-127.0.0.1'])
})

t.test('a Redis failure answers service_unavailable, or lets the request through with fail-open', async t => {
  const { client, seen } = fakeRedis()
  const strict = await build(t, { rateLimit: { redis: client, max: 5 } })
  const open = await build(t, { rateLimit: { redis: client, max: 5, onStoreError: 'fail-open' } })
  for (const app of [strict, open]) app.get('/', async () => 'ok')
  seen.down = true

  const unavailable = await strict.inject('/')
  t.equal(unavailable.statusCode, 503)
  t.equal(unavailable.json().error.code, 'service_unavailable')
  t.equal(unavailable.headers['retry-after'], '30')
  t.notMatch(unavailable.body, /ECONNREFUSED/, 'the store error is not sent')
  t.equal((await open.inject('/')).statusCode, 200)
})
