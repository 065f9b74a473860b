// example/client.ts against the running demo: real sockets, real fetch, no real waiting.
import t from 'tap'
import { main } from '../example/client.js'
import { buildDemo } from '../example/app.js'

t.test('the example client parses and retries what the demo API answers', async t => {
  const app = await buildDemo('silent')
  t.teardown(() => app.close())
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as { port: number }
  const waits: number[] = []

  const lines = await main(`http://127.0.0.1:${port}`, () => {}, async ms => void waits.push(ms))

  t.match(lines[0], /^ok 200: \{"region":"eu-west-1"/)
  const parsed = lines.slice(1, 5).map(line => {
    const [, label, status, json] = /^([a-z ]+): (\d{3}) (\{.*\})$/.exec(line)!
    return { label, status: Number(status), ...JSON.parse(json!) }
  })
  t.match(parsed, [
    { label: 'no token', status: 401, code: 'unauthenticated', message: String, fix: String },
    { label: 'batch too large', status: 400, code: 'batch_too_large', params: { count: 4, max: 3 } },
    { label: 'unknown service', status: 400, code: 'invalid_service', params: { service: 'mainframe' } },
    { label: 'invalid body', status: 400, code: 'validation_error' }
  ])
  t.notOk('params' in parsed[0], 'no params for a code without placeholders')
  t.same(lines.slice(5, 7).map(line => line.replace(/after \d+ ms/, 'after N ms')), [
    'retry 1 after N ms (discovery_timeout)',
    'retry 2 after N ms (discovery_timeout)'
  ])
  t.match(lines[7], /^gave up: 504 discovery_timeout, request req-\d+$/)
  t.match(lines[8], /^rate limited after \d+ more requests: rate_limit_exceeded, retry after \d+ s$/)
  t.equal(waits.length, 2, 'the two retries waited through the injected sleep')
  t.ok(waits[0]! < 100 && waits[1]! < 200, 'full jitter below baseMs · 2^n')
})
