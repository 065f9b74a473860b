/**
 * Issue 18, items 2 and 6: per-call and per-error headers never set how the response is
 * framed or represented (Content-Length beside Transfer-Encoding is request smuggling
 * behind a proxy, RFC 9112 §6.1; Content-Encoding on plain JSON breaks every client): they
 * are dropped with one debug line, and a catalogue that sets one is refused at load. An
 * app's own challenge on the reply survives the catalogue's default one.
 */
import { test } from 'tap'
import { build, logCapture } from '../helpers.js'

/** RFC 9110 §7.6.1's hop-by-hop fields and the representation fields the plugin writes itself. */
const FRAMING = {
  'Content-Length': '5',
  'Transfer-Encoding': 'chunked',
  'Content-Encoding': 'gzip',
  'Content-Type': 'text/html',
  'Content-Language': 'fr',
  Connection: 'upgrade',
  'Keep-Alive': 'timeout=5',
  'Proxy-Connection': 'keep-alive',
  TE: 'trailers',
  Trailer: 'Expires',
  Upgrade: 'h2c',
  'HTTP2-Settings': 'AAMAAABkAARAAAAAAAIAAAAA'
}

test('per-call headers of reply.fail and app.errors.x never set framing or hop-by-hop headers', async t => {
  const { stream, lines } = logCapture()
  const app = await build(t, {}, { logger: { level: 'debug', stream } })
  const headers = { ...FRAMING, 'X-Upstream': 'kept' }
  app.get('/fail', (_req, reply) => reply.fail('conflict', {}, { headers }))
  app.get('/throw', async () => {
    throw app.errors.conflict({}, { headers })
  })
  for (const url of ['/fail', '/throw']) {
    const res = await app.inject(url)
    t.equal(res.statusCode, 409, url)
    t.equal(res.headers['x-upstream'], 'kept', `${url}: other headers are sent`)
    t.equal(res.headers['content-type'], 'application/json; charset=utf-8', `${url}: the plugin's content type`)
    t.equal(res.headers['content-length'], String(Buffer.byteLength(res.body)), `${url}: the real length`)
    for (const name of ['transfer-encoding', 'content-encoding', 'content-language', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'upgrade', 'http2-settings']) {
      t.equal(res.headers[name], undefined, `${url}: no ${name}`)
    }
    t.not(res.headers.connection, 'upgrade', `${url}: connection is the server's`)
    t.same(res.json().error.code, 'conflict')
  }
  const dropped = lines.filter(line => line.msg === 'fastify-error-catalogue: per-call headers dropped: they frame the response')
  t.equal(dropped.length, 2, 'one debug line per response')
  t.match(dropped[0], { level: 20, dropped: Object.keys(FRAMING) })
})

test('a thrown error whose own headers include framing headers: they never reach the answer', async t => {
  const app = await build(t)
  app.get('/', async () => {
    throw Object.assign(new Error('nope'), { statusCode: 401, headers: { 'WWW-Authenticate': 'Basic realm="x"', 'Transfer-Encoding': 'chunked', 'Content-Encoding': 'br' } })
  })
  const res = await app.inject('/')
  t.equal(res.statusCode, 401)
  t.equal(res.headers['www-authenticate'], 'Basic realm="x"')
  t.equal(res.headers['transfer-encoding'], undefined)
  t.equal(res.headers['content-encoding'], undefined)
})

test('a catalogue whose headers set a framing or hop-by-hop header is refused at load', async t => {
  for (const name of Object.keys(FRAMING)) {
    const failure = await build(t, { catalogue: { upstream_failed: { status: 502, message: 'Upstream failed', headers: { [name]: 'x' } } } }).then(
      () => undefined,
      (error: Error & { code?: string }) => error
    )
    t.equal(failure?.code, 'FST_CATALOGUE_INVALID', name)
    t.match(failure?.message, `header "${name}" frames the response: the plugin and the server set it`, name)
  }
})

test("an app's WWW-Authenticate set on the reply before a 401 survives the catalogue's Bearer challenge", async t => {
  const app = await build(t)
  app.get('/thrown', async (_req, reply) => {
    reply.header('WWW-Authenticate', 'Basic realm="app"')
    throw Object.assign(new Error('Unauthorized'), { statusCode: 401 })
  })
  app.get('/failed', (_req, reply) => reply.header('WWW-Authenticate', 'Basic realm="app"').fail('unauthenticated'))
  app.get('/default', (_req, reply) => reply.fail('unauthenticated'))
  app.get('/other-status', (_req, reply) => reply.header('Allow', 'GET').fail('forbidden'))
  for (const url of ['/thrown', '/failed']) {
    const res = await app.inject(url)
    t.equal(res.statusCode, 401, url)
    t.equal(res.headers['www-authenticate'], 'Basic realm="app"', `${url}: the app's challenge`)
  }
  t.match((await app.inject('/default')).headers['www-authenticate'], /^Bearer/, 'without one, the catalogue\'s')
  t.equal((await app.inject('/other-status')).headers.allow, 'GET', 'an app header the catalogue does not set is left alone')
})
