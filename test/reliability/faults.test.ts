import Fastify from 'fastify'
import { request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Readable } from 'node:stream'
import { test } from 'tap'
import errorsPlugin, { frameworkErrors } from '../../lib/index.js'
import { build, logCapture } from '../helpers.js'
import { SAFE_BODY } from './fixtures/checks.js'

const logged = (lines: Record<string, unknown>[], text: string) => lines.some(line => String(line.msg).includes(text))

test('a custom formatter that throws gives the fixed internal_error body, logged', async t => {
  const { stream, lines } = logCapture()
  const app = await build(
    t,
    { format: { format: () => { throw new Error('formatter boom /srv/app') }, schema: { type: 'object' } } },
    { logger: { level: 'error', stream } }
  )
  app.get('/fail', (_req, reply) => reply.fail('conflict'))
  app.get('/throw', async () => {
    throw new Error('original secret')
  })

  for (const url of ['/fail', '/throw', '/nope']) {
    const res = await app.inject(url)
    t.equal(res.statusCode, 500, url)
    t.same(res.json(), SAFE_BODY, url)
    t.notOk(res.headers['retry-after'], url)
  }
  t.ok(logged(lines, 'could not build the error response'))
})

test('per-call headers whose getter throws give the fixed body; bad header values are cleaned', async t => {
  const { stream, lines } = logCapture()
  const app = await build(t, {}, { logger: { level: 'error', stream } })
  const headers = {
    get 'X-Broken'(): string {
      throw new Error('header boom')
    }
  }
  app.get('/throwing', (_req, reply) => reply.fail('service_unavailable', undefined, { headers: headers as Record<string, string> }))
  app.get('/dirty', (_req, reply) =>
    reply.fail('conflict', undefined, { headers: { 'X-Ok': 'a\r\nSet-Cookie: x=1\u0000', 'Bad Name': 'v', 'X-Obj': {} as string } })
  )

  const throwing = await app.inject('/throwing')
  t.equal(throwing.statusCode, 500)
  t.same(throwing.json(), SAFE_BODY)
  t.notOk(throwing.headers['retry-after'], 'no Retry-After on the fixed body')
  t.ok(logged(lines, 'could not build the error response'))

  const dirty = await app.inject('/dirty')
  t.equal(dirty.statusCode, 409)
  t.equal(dirty.headers['x-ok'], 'aSet-Cookie: x=1')
  t.notOk(dirty.headers['set-cookie'])
  t.notOk(dirty.headers['x-obj'])
})

test('an onSend hook that throws on every response: one fixed 500, never its message, no double send', async t => {
  const { stream, lines } = logCapture()
  const app = await build(t, {}, { logger: { level: 'warn', stream } })
  let calls = 0
  app.addHook('onSend', async () => {
    calls++
    throw new Error('onSend boom /srv/app/secret.js')
  })
  app.get('/ok', async () => ({ ok: true }))
  app.get('/fail', (_req, reply) => reply.fail('resource_not_found', { resource: 'Project', id: '1' }))
  app.get('/throw', async () => {
    throw new Error('handler boom')
  })

  for (const url of ['/ok', '/fail', '/throw', '/nope']) {
    calls = 0
    const res = await app.inject(url)
    t.equal(res.statusCode, 500, url)
    t.same(res.json(), SAFE_BODY, url)
    t.equal(res.headers['content-length'], String(Buffer.byteLength(res.body)), url)
    t.ok(calls <= 2, `${url}: onSend ran ${calls} times`)
  }
  t.ok(logged(lines, 'error while sending an error response'))
  t.notOk(logged(lines, 'Reply was already sent'), 'no double send')
})

test('an onSend hook that throws once: the catalogue answer goes out', async t => {
  const app = await build(t)
  app.addHook('onSend', async (request, _reply, payload) => {
    if (request.url === '/ok' && !String(payload).includes('internal_error')) throw new Error('once')
    return payload
  })
  app.get('/ok', async () => ({ ok: true }))
  const res = await app.inject('/ok')
  t.equal(res.statusCode, 500)
  t.equal(res.json().error.code, 'internal_error')
  t.ok(res.json().error.request_id)
})

test('an onSend hook that throws something unloggable after writing the head', async t => {
  const { stream, lines } = logCapture()
  const app = await build(t, {}, { logger: { level: 'error', stream } })
  const unloggable = {
    get message(): string {
      throw new Error('cannot read me')
    }
  }
  app.addHook('onSend', async (request, reply) => {
    if (request.url === '/head') reply.raw.writeHead(200)
    throw unloggable
  })
  app.get('/head', async () => 'x')
  app.get('/plain', async () => 'x')

  const plain = await app.inject('/plain')
  t.equal(plain.statusCode, 500)
  t.same(plain.json(), SAFE_BODY)
  t.ok(logged(lines, 'the error itself cannot be logged'))

  // The head is out: all that can be done is to end the connection.
  await t.rejects(app.inject('/head'))
})

test('an onSend hook that writes the head of our error answer, then throws: the connection ends', async t => {
  const { stream, lines } = logCapture()
  const app = await build(t, {}, { logger: { level: 'error', stream } })
  app.addHook('onSend', async (_request, reply, payload) => {
    if (String(payload).includes('internal_error')) reply.raw.writeHead(500)
    throw new Error('onSend boom')
  })
  app.get('/', async () => 'x')
  await t.rejects(app.inject('/'))
  t.ok(logged(lines, 'error while sending an error response'))
})

test('errors in onResponse hooks and in hooks of unknown routes are logged and answered once', async t => {
  const { stream, lines } = logCapture()
  const app = await build(t, {}, { logger: { level: 'error', stream } })
  app.addHook('onResponse', async request => {
    if (request.url.startsWith('/late')) throw new Error('onResponse boom')
  })
  app.addHook('onRequest', async request => {
    if (request.url === '/missing-hook') throw new Error('onRequest boom on a 404 route')
  })
  app.addHook('preHandler', async request => {
    if (request.url === '/missing-pre') throw Object.assign(new Error('teapot'), { statusCode: 418 })
  })
  app.get('/late', async () => ({ ok: true }))

  const late = await app.inject('/late')
  t.equal(late.statusCode, 200)
  const lateMissing = await app.inject('/late-nope')
  t.equal(lateMissing.statusCode, 404)
  t.equal(lateMissing.json().error.code, 'route_not_found')

  const hook = await app.inject('/missing-hook')
  t.equal(hook.statusCode, 500)
  t.equal(hook.json().error.code, 'internal_error')
  t.notMatch(hook.body, 'boom')

  const pre = await app.inject('/missing-pre')
  t.equal(pre.statusCode, 418)

  await new Promise(resolve => setImmediate(resolve))
  t.ok(lines.some(line => (line.err as { message?: string } | undefined)?.message === 'onResponse boom'), 'onResponse error logged')
  t.equal((await app.inject('/late')).statusCode, 200, 'still serving')
})

test('a stream that fails mid-body: the connection ends, the error is logged, the server keeps serving', async t => {
  const { stream, lines } = logCapture()
  const app = Fastify({ logger: { level: 'warn', stream } })
  t.teardown(() => app.close())
  await app.register(errorsPlugin)
  app.get('/stream', (_req, reply) => {
    let sent = 0
    const body = new Readable({
      read() {
        if (sent++ < 3) this.push('chunk '.repeat(1000))
        else this.destroy(new Error('disk gone mid-body'))
      }
    })
    return reply.type('text/plain').send(body)
  })
  app.get('/early', (_req, reply) => {
    const body = new Readable({
      read() {
        this.destroy(new Error('failed before the first byte'))
      }
    })
    return reply.send(body)
  })
  app.get('/ok', async () => ({ ok: true }))
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as AddressInfo

  const get = (path: string) =>
    new Promise<{ status: number | undefined; body: string; error?: Error }>(resolve => {
      const req = request({ host: '127.0.0.1', port, path }, res => {
        let body = ''
        res.on('data', chunk => (body += chunk))
        res.on('end', () => resolve({ status: res.statusCode, body }))
        res.on('error', error => resolve({ status: res.statusCode, body, error }))
      })
      req.on('error', error => resolve({ status: undefined, body: '', error }))
      req.end()
    })

  const mid = await get('/stream')
  t.equal(mid.status, 200, 'the head was already out')
  t.ok(mid.error, 'the client sees the connection end early')

  const early = await get('/early')
  t.equal(early.status, 500)
  t.equal(JSON.parse(early.body).error.code, 'internal_error')
  t.notMatch(early.body, 'first byte')

  t.equal((await get('/ok')).status, 200)
  t.ok(lines.some(line => (line.err as { message?: string } | undefined)?.message === 'disk gone mid-body'), 'mid-body error logged')
})

test('frameworkErrors answers router errors from the catalogue', async t => {
  const app = Fastify({ frameworkErrors })
  t.teardown(() => app.close())
  await app.register(errorsPlugin)
  app.get('/p/:id', async () => 'x')
  const res = await app.inject('/p/%E0%A4%A')
  t.equal(res.statusCode, 400)
  t.equal(res.json().error.code, 'bad_request')
})
