// The demo answers each kind of error the README's curl lines show.
import t from 'tap'
import { buildDemo } from '../example/app.js'

t.test('the demo discovery API', async t => {
  const app = await buildDemo('silent')
  t.teardown(() => app.close())
  const discover = (token: string | undefined, body: unknown, headers: Record<string, string> = {}) =>
    app.inject({
      method: 'POST',
      url: '/v1/discover',
      headers: { ...(token === undefined ? {} : { authorization: `Bearer ${token}` }), ...headers },
      payload: body as object
    })
  const code = async (response: ReturnType<typeof discover>) => {
    const res = await response
    return [res.statusCode, res.statusCode === 200 ? 'ok' : res.json().error.code]
  }

  t.same(await code(discover(undefined, {})), [401, 'unauthenticated'])
  t.same(await code(discover('nope', {})), [401, 'invalid_token'])
  const basic = await app.inject({ method: 'POST', url: '/v1/discover', headers: { authorization: 'Basic dXNlcjpwdw==' }, payload: {} })
  t.equal(basic.json().error.code, 'invalid_token', 'not a Bearer token')
  t.same(await code(discover('revoked-token', {})), [401, 'token_revoked'])
  t.same(await code(discover('expired-token', {})), [401, 'token_expired'])
  t.same(await code(discover('office-token', {})), [403, 'ip_not_allowed'])
  t.same(await code(discover('browser-token', {})), [403, 'referer_required'])
  t.same(await code(discover('browser-token', {}, { referer: 'https://evil.example.net/' })), [403, 'origin_not_allowed'])
  t.same(await code(discover('browser-token', { services: ['compute'] }, { referer: 'https://app.example.com/x' })), [200, 'ok'])

  t.same(await code(discover('demo-token', { services: [] })), [400, 'validation_error'])
  t.same(await code(discover('demo-token', { services: ['a', 'b', 'c', 'd'] })), [400, 'batch_too_large'])
  t.same(await code(discover('demo-token', { services: ['warp-drive'] })), [400, 'invalid_service'])
  t.same(await code(discover('demo-token', { services: ['compute'], region: 'mars-1' })), [400, 'invalid_region'])
  t.same(await code(discover('demo-token', { services: ['queues'] })), [403, 'service_not_permitted'])
  // demo-token allows 10 requests a minute: 5 so far, 5 more succeed, the 11th is limited.
  for (let i = 0; i < 5; i++) t.same(await code(discover('demo-token', { services: ['compute'] })), [200, 'ok'])
  const limited = await discover('demo-token', { services: ['compute'] })
  t.equal(limited.statusCode, 429)
  t.equal(limited.json().error.code, 'rate_limit_exceeded')
  t.equal(limited.headers['retry-after'], String(limited.json().error.retry_after))

  const crash = await app.inject({ url: '/v1/crash', headers: { authorization: 'Bearer office-token' } })
  t.equal(crash.statusCode, 403, 'office-token is IP-restricted')
  const timeout = await discover('browser-token', { services: ['compute'], region: 'ap-south-1' }, { referer: 'https://app.example.com/' })
  t.equal(timeout.statusCode, 200)
})

t.test('the demo hides internal failures and reports upstream timeouts', async t => {
  const app = await buildDemo('silent')
  t.teardown(() => app.close())
  const auth = { authorization: 'Bearer demo-token' }
  const crash = await app.inject({ url: '/v1/crash', headers: auth })
  t.equal(crash.statusCode, 500)
  t.equal(crash.json().error.code, 'internal_error')
  t.notMatch(crash.body, /db-primary|password/)
  const timeout = await app.inject({ method: 'POST', url: '/v1/discover', headers: auth, payload: { services: ['dns'], region: 'ap-south-1' } })
  t.equal(timeout.statusCode, 504)
  t.equal(timeout.json().error.code, 'discovery_timeout')
  t.notMatch(timeout.body, /10s/)
  t.equal((await app.inject('/health')).statusCode, 200)
})
