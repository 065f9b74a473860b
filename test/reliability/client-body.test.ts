// The client reads an error body within bounds (issue 18, item 4): at most maxBodyBytes kept and
// the rest counted, a body that does not end given up on after bodyTimeoutMs, and the signal
// cancelling the read at once. Real fetch Responses and a real socket; no assertion on time.
import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { test } from 'tap'
import { isApiError, parseError, withRetry } from '../../lib/client.js'

const MiB = 1_048_576
const CHUNK = new Uint8Array(64 * 1024).fill(0x61) // 'a'

/** A response whose body streams `bytes` bytes of 'a', made as they are read (nothing held up front). */
function large(status: number, bytes: number, contentType = 'application/json'): Response {
  let sent = 0
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= bytes) return controller.close()
      const part = CHUNK.subarray(0, Math.min(CHUNK.byteLength, bytes - sent))
      sent += part.byteLength
      controller.enqueue(part)
    }
  })
  return new Response(body, { status, headers: { 'content-type': contentType } })
}

/** A response that sends `first` and then never ends; `cancelled` resolves when the reader gives up on it. */
function endless(status: number, first: string, headers: Record<string, string> = {}) {
  let cancelled!: () => void
  const gaveUp = new Promise<void>(resolve => (cancelled = resolve))
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(first))
    },
    cancel() {
      cancelled()
    }
  })
  return { response: new Response(body, { status, headers: { 'content-type': 'application/json', ...headers } }), gaveUp }
}

test('a 50 MB body: 1 MiB kept, every byte counted, the error read from the status', async t => {
  const error = await parseError(large(503, 50 * MiB))
  t.equal(error.bodyBytes, 50 * MiB, 'the rest is counted')
  t.equal(typeof error.body, 'string')
  t.equal((error.body as string).length, MiB, 'only the first MiB is kept')
  t.equal(error.bodyUnread, 'too-large')
  t.equal(error.code, 'service_unavailable', 'a cut body is not read as an error')
  t.doesNotThrow(() => JSON.stringify(error))
})

test('maxBodyBytes sets the bound; a body within it is read whole', async t => {
  const body = JSON.stringify({ error: { code: 'job_locked', message: 'Job is locked' } })
  const headers = { 'content-type': 'application/json' }

  const within = await parseError(new Response(body, { status: 409, headers }), { maxBodyBytes: body.length })
  t.equal(within.code, 'job_locked', 'exactly maxBodyBytes is whole')
  t.equal(within.bodyUnread, undefined)
  t.equal(within.bodyBytes, body.length)

  const over = await parseError(new Response(body, { status: 409, headers }), { maxBodyBytes: body.length - 1 })
  t.equal(over.code, 'conflict', 'one byte over: read from the status')
  t.equal(over.bodyUnread, 'too-large')
  t.equal(over.body, body.slice(0, -1))
  t.equal(over.bodyBytes, body.length)

  const none = await parseError(new Response(body, { status: 409, headers }), { maxBodyBytes: 0 })
  t.equal(none.body, undefined, 'nothing kept')
  t.equal(none.bodyBytes, body.length)

  // A look-alike with text() only: the same bound, applied after the text arrives.
  const like = { status: 409, headers: { get: (name: string) => (name === 'content-type' ? 'application/json' : null) }, text: async () => body }
  const cut = await parseError(like, { maxBodyBytes: 10 })
  t.equal(cut.body, body.slice(0, 10))
  t.equal(cut.bodyUnread, 'too-large')

  // Multi-byte text is cut by bytes; a character cut in two ends in U+FFFD, as TextDecoder reads it.
  const accented = await parseError(new Response('ééé', { status: 400, headers: { 'content-type': 'text/plain' } }), { maxBodyBytes: 3 })
  t.equal(accented.bodyBytes, 6)
  t.equal(accented.body, 'é\uFFFD')
})

test('bad body options are refused with a RangeError, before anything is read', async t => {
  for (const [option, value] of [['maxBodyBytes', -1], ['maxBodyBytes', Number.NaN], ['bodyTimeoutMs', Infinity]] as const) {
    await t.rejects(parseError(new Response('{}', { status: 500 }), { [option]: value }), { name: 'RangeError', message: `parseError: ${option} must be a finite number >= 0, got ${value}` })
    let called = false
    await t.rejects(withRetry(async () => (called = true), { [option]: value }), { name: 'RangeError', message: `withRetry: ${option} must be a finite number >= 0, got ${value}` })
    t.notOk(called, `withRetry did not call fn with a bad ${option}`)
  }
})

test('a body that does not end is given up on after bodyTimeoutMs: the error comes from the status', async t => {
  const { response, gaveUp } = endless(503, '{"error":{"code":"x"', { 'retry-after': '3' })
  const error = await parseError(response, { bodyTimeoutMs: 20 })
  t.equal(error.code, 'service_unavailable')
  t.equal(error.retryAfter, 3, 'the headers still count')
  t.equal(error.bodyUnread, 'timed-out')
  t.equal(error.body, '{"error":{"code":"x"', 'what arrived is kept, as text')
  t.equal(error.bodyBytes, 20)
  await gaveUp // the stream was cancelled, so the connection is released
  t.pass('the stream was cancelled')

  // A stream whose cancel fails changes nothing: the read still ends, nothing is left unhandled.
  const stubborn = new ReadableStream<Uint8Array>({
    cancel() {
      throw new Error('cannot cancel')
    }
  })
  const stuck = await parseError(new Response(stubborn, { status: 504, headers: { 'content-type': 'application/json' } }), { bodyTimeoutMs: 10 })
  t.equal(stuck.bodyUnread, 'timed-out')
  t.equal(stuck.code, 'upstream_timeout')
})

test('withRetry retries a 503 whose body never ends, over a real socket', async t => {
  let requests = 0
  const hanging = new Set<ServerResponse>()
  const server = createServer((_req, res) => {
    requests++
    if (requests === 1) {
      res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '0' })
      res.write('{"error":')
      hanging.add(res)
      return
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}')
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => {
    for (const res of hanging) res.destroy()
    server.close()
  })
  const { port } = server.address() as AddressInfo

  const res = await withRetry(() => fetch(`http://127.0.0.1:${port}/`), { bodyTimeoutMs: 50, sleep: async () => {} })
  t.equal(res.status, 200)
  t.same(await res.json(), { ok: true })
  t.equal(requests, 2)
})

test('a timeout past what a timer holds is clamped, not turned into 1 ms', async t => {
  // setTimeout stores its delay in 32 bits: 1e10 unclamped would give up on this body at once.
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      await new Promise(resolve => setTimeout(resolve, 30))
      controller.enqueue(new TextEncoder().encode('{"code":"late","message":"Late"}'))
      controller.close()
    }
  })
  const error = await parseError(new Response(body, { status: 500, headers: { 'content-type': 'application/json' } }), { bodyTimeoutMs: 1e10 })
  t.equal(error.code, 'late')
  t.equal(error.bodyUnread, undefined)
})

test('the signal cancels a body read at once: parseError rejects with its reason, as fetch does', async t => {
  const { response, gaveUp } = endless(503, '{')
  const controller = new AbortController()
  const reading = parseError(response, { signal: controller.signal })
  const reason = new Error('user left the page')
  controller.abort(reason)
  await t.rejects(reading, reason)
  await gaveUp
  t.pass('the stream was cancelled')

  // A look-alike with text() only: the same timeout and the same abort.
  const stuck = { status: 504, headers: { get: () => null }, text: () => new Promise<string>(() => {}) }
  t.equal((await parseError(stuck, { bodyTimeoutMs: 10 })).bodyUnread, 'timed-out')
  const likeController = new AbortController()
  const likeReading = parseError(stuck, { signal: likeController.signal })
  likeController.abort(reason)
  await t.rejects(likeReading, reason)

  const already = AbortSignal.abort()
  await t.rejects(parseError(new Response('{}', { status: 500 }), { signal: already }), { name: 'AbortError' })
})

test('one signal for fetch and parseError: an abort mid-body over a real socket rejects with its reason', async t => {
  const hanging = new Set<ServerResponse>()
  const server = createServer((_req, res) => {
    res.writeHead(503, { 'content-type': 'application/json' })
    res.write('{"error":')
    hanging.add(res)
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => {
    for (const res of hanging) res.destroy()
    server.close()
  })
  const { port } = server.address() as AddressInfo
  const controller = new AbortController()
  const res = await fetch(`http://127.0.0.1:${port}/`, { signal: controller.signal })
  const reading = parseError(res, { signal: controller.signal })
  const reason = new Error('navigated away')
  controller.abort(reason)
  await t.rejects(reading, reason)
})

test('a body already read, or a connection that drops mid-body: read-failed, from the status', async t => {
  const used = new Response('{"code":"gone","message":"Gone"}', { status: 410, headers: { 'content-type': 'application/json' } })
  await used.text()
  const afterRead = await parseError(used)
  t.equal(afterRead.bodyUnread, 'read-failed')
  t.equal(afterRead.code, 'client_error')

  const dropped = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode('{"err'))
      controller.error(new TypeError('terminated'))
    }
  })
  // A live signal that never aborts changes nothing.
  const error = await parseError(new Response(dropped, { status: 502, headers: { 'content-type': 'application/json' } }), { signal: new AbortController().signal })
  t.equal(error.code, 'bad_gateway')
  t.equal(error.bodyUnread, 'read-failed')
  t.ok(isApiError(error))

  const locked = new Response('{}', { status: 500 })
  locked.body?.getReader()
  t.equal((await parseError(locked)).bodyUnread, 'read-failed', 'a locked stream')

  const nobody = await parseError(new Response(null, { status: 503, headers: { 'retry-after': '1' } }))
  t.same([nobody.code, nobody.body, nobody.bodyBytes, nobody.bodyUnread], ['service_unavailable', undefined, 0, undefined], 'a null body is an empty one')

  const failing = { status: 500, headers: { get: () => null }, text: async () => { throw new TypeError('Body is unusable') } }
  t.equal((await parseError(failing)).bodyUnread, 'read-failed', 'a look-alike whose text() fails')
})
