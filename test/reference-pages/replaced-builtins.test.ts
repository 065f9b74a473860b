// Replacing a built-in (same code, any case) takes over what that built-in answered, and no
// more: the conditions other built-ins answered more specifically stay theirs. Found while
// writing the management page's catalogue (it redefines rate_limit_exceeded, not_found and
// bad_request, as the page documents them).
import t from 'tap'
import { build } from '../helpers.js'

t.test('a replaced rate_limit_exceeded does not take the ban over from rate_limit_banned', async t => {
  const app = await build(t, {
    catalogue: { rate_limit_exceeded: { status: 429, message: 'Rate limit exceeded. Please try again later.' } },
    rateLimit: { max: 1, timeWindow: 60_000, ban: 1 }
  })
  app.get('/', async () => 'ok')
  t.equal(app.errorCatalogue.codeFor('rate-limited'), 'rate_limit_exceeded')
  t.equal(app.errorCatalogue.codeFor('rate-limit-ban'), 'rate_limit_banned')

  t.equal((await app.inject('/')).statusCode, 200)
  const limited = await app.inject('/')
  t.same([limited.statusCode, limited.json().error.code], [429, 'rate_limit_exceeded'])
  t.equal(limited.json().error.message, 'Rate limit exceeded. Please try again later.')
  const banned = await app.inject('/')
  t.equal(banned.statusCode, 403)
  t.equal(banned.json().error.code, 'rate_limit_banned')
  t.equal(String(banned.json().error.retry_after), banned.headers['retry-after'])
})

t.test('a replaced not_found or bad_request leaves unknown routes and invalid JSON to their own built-ins', async t => {
  const app = await build(t, {
    catalogue: {
      not_found: { status: 404, message: 'Resource not found' },
      bad_request: { status: 400, message: 'General validation error' }
    }
  })
  app.post('/', async () => 'ok')
  app.get('/thrown', async () => {
    throw Object.assign(new Error(''), { statusCode: 404 })
  })
  t.equal((await app.inject('/nope')).json().error.code, 'route_not_found')
  const broken = await app.inject({ method: 'POST', url: '/', payload: '{', headers: { 'content-type': 'application/json' } })
  t.equal(broken.json().error.code, 'invalid_json')
  // What the replaced built-ins answered themselves is theirs now.
  t.same((await app.inject('/thrown')).json().error, { code: 'not_found', message: 'Resource not found', request_id: 'req-3' })
  t.equal(app.errorCatalogue.codeFor('malformed-request'), 'bad_request')
  t.equal(app.errorCatalogue.codeFor('status-400'), 'bad_request')
})

t.test("a user's own claim on a general condition still wins over a built-in's specific one", async t => {
  const app = await build(t, {
    catalogue: { INVALID_REQUEST: { status: 400, message: 'The request is malformed', when: ['malformed-request'] } }
  })
  app.post('/', async () => 'ok')
  const broken = await app.inject({ method: 'POST', url: '/', payload: '{', headers: { 'content-type': 'application/json' } })
  t.same(broken.json().error, { code: 'INVALID_REQUEST', message: 'The request is malformed', request_id: 'req-1' })
})

t.test('a replaced built-in keeps its specific conditions against a general claim of the user', async t => {
  const app = await build(t, {
    catalogue: {
      // Replaces the built-in validation_error, which answers `validation`.
      validation_error: { status: 422, message: 'One or more fields failed validation' },
      invalid_request: { status: 400, message: 'Request is malformed or unparseable', when: ['malformed-request'] }
    }
  })
  app.post('/', { schema: { body: { type: 'object', properties: { size: { type: 'integer' } } } } }, async () => 'ok')
  const invalid = await app.inject({ method: 'POST', url: '/', payload: '{"size":"big"}', headers: { 'content-type': 'application/json' } })
  t.equal(invalid.statusCode, 422)
  t.equal(invalid.json().error.code, 'validation_error')
  const broken = await app.inject({ method: 'POST', url: '/', payload: '{', headers: { 'content-type': 'application/json' } })
  t.equal(broken.json().error.code, 'invalid_request', "the user's claim wins over the built-in invalid_json")
})
