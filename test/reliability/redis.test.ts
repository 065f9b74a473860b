import Fastify, { type FastifyInstance } from 'fastify'
import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import { test } from 'tap'
import type { Redis } from 'ioredis'
import errorsPlugin, { type FastifyErrorCatalogueOptions } from '../../lib/index.js'
import { logCapture } from '../helpers.js'
import { startRedis } from './fixtures/redis-server.js'

const MAX = 10
const WINDOW = 60_000

interface Answer {
  status: number
  code: string | undefined
  retryAfter: string | null
  bodyRetryAfter: number | undefined
}

async function instance(t: { teardown(fn: () => unknown): void }, redis: Redis, extra: FastifyErrorCatalogueOptions['rateLimit'] = {}) {
  const { stream, lines } = logCapture()
  const app: FastifyInstance = Fastify({ logger: { level: 'warn', stream } })
  t.teardown(() => app.close())
  await app.register(errorsPlugin, { rateLimit: { redis, max: MAX, timeWindow: WINDOW, ...(extra as object) } })
  app.get('/limited', async () => ({ ok: true }))
  app.get('/other', async () => ({ ok: true }))
  await app.listen({ port: 0, host: '127.0.0.1' })
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
  const get = async (path: string): Promise<Answer> => {
    // No request may hang: a stuck one fails the test here instead of timing the suite out.
    const res = await fetch(base + path, { signal: AbortSignal.timeout(5000) })
    const body = (await res.json()) as { error?: { code: string; retry_after?: number } }
    return {
      status: res.status,
      code: body.error?.code,
      retryAfter: res.headers.get('retry-after'),
      bodyRetryAfter: body.error?.retry_after
    }
  }
  return { app, get, lines }
}

test('a rate limit shared through Redis holds across two instances, and a Redis outage follows onStoreError', async t => {
  const server = await startRedis()
  t.teardown(() => server.kill())

  // Without an offline queue, a command sent before the connection is up fails at once:
  // start measuring only once every client is connected (a busy CI machine is slow to connect).
  const connected = async (client: Redis) => {
    if (client.status !== 'ready') await once(client, 'ready')
    return client
  }
  const a = await instance(t, await connected(server.client()))
  const b = await instance(t, await connected(server.client()))
  const open = await instance(t, await connected(server.client()), { onStoreError: 'fail-open' })

  // Three times the limit, at once, split across both instances.
  const answers = await Promise.all(Array.from({ length: 3 * MAX }, (_, i) => (i % 2 === 0 ? a : b).get('/limited')))
  const allowed = answers.filter(x => x.status === 200)
  const limited = answers.filter(x => x.status === 429)
  t.equal(allowed.length, MAX, `exactly ${MAX} allowed in total`)
  t.equal(limited.length, 2 * MAX, `every other request limited (statuses: ${answers.map(x => x.status).join(' ')})`)
  const admin = server.client({ enableOfflineQueue: true })
  const ttl = await admin.pttl('fastify-rate-limit-127.0.0.1')
  t.ok(ttl > 0 && ttl <= WINDOW, `the window lives in Redis (${ttl} ms left)`)
  for (const answer of limited) {
    t.equal(answer.code, 'rate_limit_exceeded')
    const seconds = Number(answer.retryAfter)
    t.ok(Number.isInteger(seconds) && seconds >= Math.floor(ttl / 1000) && seconds <= WINDOW / 1000, `Retry-After ${answer.retryAfter}`)
    t.equal(answer.bodyRetryAfter, seconds, 'body and header agree')
  }
  // The global limit is per client, across routes: unknown routes draw on the spent budget too.
  const missing = await Promise.all(Array.from({ length: 4 }, (_, i) => (i % 2 === 0 ? a : b).get('/nope')))
  t.same(missing.map(x => x.code), Array(4).fill('rate_limit_exceeded'), 'unknown routes are limited across instances')

  // Kill Redis while requests are in flight.
  const inFlight = Promise.all(Array.from({ length: 20 }, (_, i) => [a, b, open][i % 3]!.get('/other')))
  process.kill(server.pid, 'SIGKILL')
  const during = await inFlight
  for (const answer of during) {
    t.ok([200, 429, 503].includes(answer.status), `in flight at the kill: ${answer.status} ${answer.code}`)
  }

  // Redis is gone: 'unavailable' answers 503 with Retry-After; 'fail-open' lets requests through.
  await new Promise(resolve => setTimeout(resolve, 100))
  const after = await Promise.all([...Array.from({ length: 6 }, (_, i) => (i % 2 === 0 ? a : b).get('/other'))])
  for (const answer of after) {
    t.equal(answer.status, 503)
    t.equal(answer.code, 'service_unavailable')
    t.equal(answer.retryAfter, '30')
    t.equal(answer.bodyRetryAfter, 30)
  }
  const failOpen = await Promise.all(Array.from({ length: 4 }, () => open.get('/other')))
  t.same(failOpen.map(x => x.status), [200, 200, 200, 200], 'fail-open lets requests through')
  t.ok(open.lines.some(line => String(line.msg).includes('onStoreError: fail-open')), 'fail-open logs the store failure')
  t.ok(a.lines.some(line => line.code === 'service_unavailable' && line.err !== undefined), 'the store error is logged as the cause')
})
