import rateLimit from '@fastify/rate-limit'
import Fastify from 'fastify'
import t from 'tap'
import errorsPlugin from '../lib/index.js'
import { build } from './helpers.js'

t.test('429s from the limiter are rate_limit_exceeded with the window as Retry-After', async t => {
  const app = await build(t, { rateLimit: { max: 2, timeWindow: 10_000 } })
  app.get('/', async () => 'ok')

  t.equal((await app.inject('/')).statusCode, 200)
  t.equal((await app.inject('/')).statusCode, 200)
  const res = await app.inject('/')

  t.equal(res.statusCode, 429)
  t.equal(res.headers['retry-after'], '10')
  t.equal(res.headers['x-ratelimit-limit'], '2')
  t.equal(res.headers['x-ratelimit-remaining'], '0')
  t.same(res.json().error, {
    code: 'rate_limit_exceeded',
    message: 'Rate limit exceeded',
    fix: 'Wait for the number of seconds in Retry-After, then retry with backoff',
    retry_after: 10,
    request_id: 'req-3'
  })
})

t.test('rateLimit: true uses the limiter defaults (1000 per minute)', async t => {
  const app = await build(t, { rateLimit: true })
  app.get('/', async () => 'ok')
  const res = await app.inject('/')
  t.equal(res.headers['x-ratelimit-limit'], '1000')
})

t.test('a ban is its own code, with Retry-After in the header and the body alike', async t => {
  const app = await build(t, { rateLimit: { max: 1, ban: 1, timeWindow: 10_000 } })
  app.get('/', async () => 'ok')
  const statuses = []
  for (let i = 0; i < 4; i++) statuses.push((await app.inject('/')).statusCode)
  t.same(statuses, [200, 429, 403, 403])
  const banned = await app.inject('/')
  const body = banned.json().error
  t.equal(body.code, 'rate_limit_banned')
  t.equal(banned.headers['retry-after'], '10')
  t.equal(body.retry_after, 10)
  t.equal(body.message, 'Too many requests over the rate limit; this client is blocked for 10 seconds')
  t.same(body.params, { seconds: 10 })
})

t.test('unknown routes are limited too', async t => {
  const app = await build(t, { rateLimit: { max: 1, timeWindow: 10_000 } })
  t.equal((await app.inject('/nope')).statusCode, 404)
  const limited = await app.inject('/nope')
  t.equal(limited.statusCode, 429)
  t.equal(limited.json().error.code, 'rate_limit_exceeded')
})

t.test('a limiter the app registered itself is mapped too, keeping its Retry-After', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(errorsPlugin)
  await app.register(rateLimit, { max: 1, timeWindow: 5000 })
  app.get('/', async () => 'ok')
  await app.inject('/')
  const res = await app.inject('/')
  t.equal(res.statusCode, 429)
  t.equal(res.headers['retry-after'], '5')
  t.equal(res.json().error.code, 'rate_limit_exceeded')
  t.equal(res.json().error.retry_after, 5)
  t.equal(res.json().error.message, 'Rate limit exceeded, retry in 5 seconds', 'its own message: it was written for the client')
})

t.test('a 429 from another library, with no Retry-After set, gets the catalogue default', async t => {
  const app = await build(t)
  app.get('/', async () => {
    throw Object.assign(new Error('Slow down'), { statusCode: 429 })
  })
  const res = await app.inject('/')
  t.equal(res.statusCode, 429)
  t.equal(res.headers['retry-after'], '60')
  t.same([res.json().error.code, res.json().error.message, res.json().error.retry_after], ['rate_limit_exceeded', 'Slow down', 60])
})

/**
 * A Redis client as @fastify/rate-limit's Redis store uses one: it defines its Lua scripts
 * as commands and calls them. Counts in memory; `down` makes every command fail.
 */
function fakeRedis() {
  const counts = new Map<string, number>()
  const client = {
    down: false,
    defined: [] as string[],
    defineCommand(name: string, definition: { numberOfKeys: number; lua: string }) {
      client.defined.push(`${name}:${definition.numberOfKeys}:${definition.lua.includes("redis.call('INCR', key)")}`)
      const command = (key: string, ...rest: unknown[]) => {
        const callback = rest.pop() as (error: Error | null, result?: [number, number]) => void
        if (client.down) return setImmediate(() => callback(new Error('connect ECONNREFUSED 127.0.0.1:6379')))
        if (name === 'rateLimit') counts.set(key, (counts.get(key) ?? 0) + 1)
        setImmediate(() => callback(null, [counts.get(key) ?? 0, 10_000]))
      }
      Object.assign(client, { [name]: command })
    }
  }
  return { client, counts }
}

t.test("redis: the limiter's own Redis store, reached in @fastify/rate-limit's files (fails here the day store/RedisStore.js moves)", async t => {
  const { client, counts } = fakeRedis()
  const app = await build(t, { rateLimit: { redis: client as never, max: 1, timeWindow: 10_000, nameSpace: 'test-' } })
  app.get('/', async () => 'ok')

  t.same(client.defined, ['rateLimit:1:true', 'rateLimitRead:1:false'], "the package's Redis store defined its scripts on the client")
  t.equal((await app.inject('/')).statusCode, 200)
  const limited = await app.inject('/')
  t.equal(limited.statusCode, 429)
  t.equal(limited.json().error.code, 'rate_limit_exceeded')
  t.same([...counts.keys()], ['test-127.0.0.1'], 'counted under the nameSpace, by the store')

  client.down = true
  const down = await app.inject('/')
  t.equal(down.statusCode, 503, 'a failing Redis is service_unavailable')
  t.equal(down.json().error.code, 'service_unavailable')
})
