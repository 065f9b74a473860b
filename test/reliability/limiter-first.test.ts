// The limiter answers before anything else runs, for every request: unknown routes and
// router errors cost no more than a known route once the bucket is empty.
import { test } from 'tap'
import { frameworkErrors } from '../../lib/index.js'
import { build } from '../helpers.js'

const LIMIT = { rateLimit: { max: 1, timeWindow: 10_000 } }

test('an unknown route is limited before its body is parsed', async t => {
  const app = await build(t, LIMIT)
  let parsed = 0
  app.addContentTypeParser('application/x-counted', { parseAs: 'string' }, (_request, body, done) => {
    parsed++
    done(null, body)
  })

  t.equal((await app.inject({ method: 'POST', url: '/nope', headers: { 'content-type': 'application/x-counted' }, payload: 'x' })).statusCode, 404)
  t.equal(parsed, 1, 'the allowed request is parsed')

  const broken = await app.inject({ method: 'POST', url: '/nope', headers: { 'content-type': 'application/json' }, payload: '{"a":' })
  t.equal(broken.statusCode, 429, 'invalid JSON to an unknown route: the limit answers, not the parser')
  t.equal(broken.json().error.code, 'rate_limit_exceeded')
  t.equal(broken.headers['retry-after'], String(broken.json().error.retry_after))

  const large = await app.inject({
    method: 'POST',
    url: '/nope',
    headers: { 'content-type': 'application/x-counted' },
    payload: 'x'.repeat(500_000)
  })
  t.equal(large.statusCode, 429)
  t.equal(parsed, 1, 'a limited request is never parsed')
})

test('router errors answered through frameworkErrors are limited too', async t => {
  const app = await build(t, LIMIT, { frameworkErrors, maxParamLength: 10 })
  app.get('/r/:id', async () => 'ok')

  const first = await app.inject('/r/%zz')
  t.equal(first.statusCode, 400)
  t.equal(first.headers['x-ratelimit-remaining'], '0', 'the router error counts against the bucket')

  const badUrl = await app.inject('/r/%zz')
  t.equal(badUrl.statusCode, 429)
  t.equal(badUrl.json().error.code, 'rate_limit_exceeded')
  t.equal(badUrl.headers['retry-after'], String(badUrl.json().error.retry_after))

  const tooLong = await app.inject(`/r/${'x'.repeat(20)}`)
  t.equal(tooLong.statusCode, 429, 'a parameter over maxParamLength is limited as well')
  t.equal((await app.inject('/r/1')).statusCode, 429, 'and the same bucket limits known routes')
})

test('frameworkErrors without the limiter still answers the router error', async t => {
  const app = await build(t, {}, { frameworkErrors })
  app.get('/r/:id', async () => 'ok')
  for (let i = 0; i < 3; i++) t.equal((await app.inject('/r/%zz')).json().error.code, 'bad_request')
})

test('with the limiter on another hook, unknown routes are limited at that hook too', async t => {
  const app = await build(t, { rateLimit: { max: 1, timeWindow: 10_000, hook: 'preHandler' } })
  app.post('/known', async () => 'ok')
  const broken = { method: 'POST' as const, headers: { 'content-type': 'application/json' }, payload: '{"a":' }
  t.equal((await app.inject('/nope')).statusCode, 404)
  // preHandler runs after parsing: a known and an unknown route answer the parse error alike.
  t.equal((await app.inject({ ...broken, url: '/known' })).statusCode, 400)
  t.equal((await app.inject({ ...broken, url: '/nope' })).statusCode, 400)
  t.equal((await app.inject('/nope')).statusCode, 429)
})
test('a ban carries the same Retry-After in header and body', async t => {
  const app = await build(t, { rateLimit: { max: 1, ban: 1, timeWindow: 10_000 } })
  app.get('/', async () => 'ok')
  const statuses: number[] = []
  for (let i = 0; i < 3; i++) statuses.push((await app.inject('/')).statusCode)
  t.same(statuses, [200, 429, 403])
  const banned = await app.inject('/')
  t.equal(banned.statusCode, 403)
  t.match(banned.headers['retry-after'], /^\d+$/)
  t.equal(banned.json().error.retry_after, Number(banned.headers['retry-after']))
})
