// withRetry's waits (issues 18 item 4 and 20 item 6): a signal ends a Retry-After wait or a
// call at once, every wait fits a timer (maxMs 1e10 must not become 1 ms), and it never retries
// before the server's Retry-After. No assertion on time: each test says what was called.
import { test } from 'tap'
import { isApiError, withRetry, type ApiError } from '../../lib/client.js'

const busy = (retryAfter: string) =>
  new Response(JSON.stringify({ error: { code: 'rate_limit_exceeded', message: 'Slow down', request_id: 'r' } }), {
    status: 429,
    headers: { 'content-type': 'application/json', 'retry-after': retryAfter }
  })

/** Answers in order and counts the calls. */
function answers(...list: Response[]) {
  const calls: number[] = []
  const fn = async (attempt: number) => {
    calls.push(attempt)
    return list.shift() ?? new Response('no more', { status: 599 })
  }
  return { calls, fn }
}

test('an abort during a Retry-After wait rejects at once with its reason, and the retry never happens', async t => {
  const { fn, calls } = answers(busy('5'), new Response('ok'))
  const controller = new AbortController()
  const reason = new Error('cancelled by the user')
  // The default sleep: a real 5 s timer, which the abort must clear rather than wait out.
  const outcome = withRetry(fn, { signal: controller.signal, onRetry: () => controller.abort(reason) }).catch((error: unknown) => error)
  t.equal(await outcome, reason)
  t.same(calls, [0], 'no second call')

  // The same once the wait has begun: the timer is cleared, not waited out.
  const later = answers(busy('5'), new Response('ok'))
  const during = new AbortController()
  const waiting = withRetry(later.fn, { signal: during.signal, onRetry: () => void setTimeout(() => during.abort(reason), 0) }).catch((error: unknown) => error)
  t.equal(await waiting, reason)
  t.same(later.calls, [0])
})

test('an abort during the call rejects at once, even when fn ignores the signal', async t => {
  const controller = new AbortController()
  let calls = 0
  const never = () => {
    calls++
    controller.abort()
    return new Promise<Response>(() => {})
  }
  const error = await withRetry(never, { signal: controller.signal }).catch((e: unknown) => e)
  t.match(error, { name: 'AbortError' })
  t.equal(calls, 1)

  let called = false
  await t.rejects(withRetry(async () => (called = true), { signal: AbortSignal.abort(new Error('before')) }), { message: 'before' })
  t.notOk(called, 'an aborted signal: fn is never called, as fetch never sends')
})

test('a signal that never aborts changes nothing: the default sleep waits and the retry happens', async t => {
  const { fn, calls } = answers(busy('0'), new Response('ok'))
  const res = await withRetry(fn, { signal: new AbortController().signal })
  t.equal(await res.text(), 'ok')
  t.same(calls, [0, 1])
})

test('a custom sleep gets the signal, and an abort does not wait for it', async t => {
  const { fn, calls } = answers(busy('1'), new Response('ok'))
  const controller = new AbortController()
  const given: unknown[] = []
  const sleep = (ms: number, signal?: AbortSignal) => {
    given.push([ms, signal])
    controller.abort(new Error('stop'))
    return new Promise<void>(() => {}) // a sleep that never ends by itself
  }
  await t.rejects(withRetry(fn, { signal: controller.signal, sleep }), { message: 'stop' })
  t.same(given, [[1000, controller.signal]])
  t.same(calls, [0])
})

test('maxMs past what a timer holds counts as 2^31-1 ms: a Retry-After of 115 days is never waited as 1 ms', async t => {
  // Unclamped, setTimeout(1e10) fires after 1 ms and the second answer would be taken.
  const { fn, calls } = answers(busy('10000000'), new Response('ok'))
  const error = (await withRetry(fn, { maxMs: 1e10 }).catch((e: unknown) => e)) as ApiError<string>
  t.ok(isApiError(error))
  t.equal(error.retryAfter, 10_000_000)
  t.same(calls, [0])

  const waits: number[] = []
  const sleep = async (ms: number) => void waits.push(ms)
  await withRetry(answers(busy('5'), new Response('ok')).fn, { maxMs: 1e10, sleep })
  t.same(waits, [5000], 'a Retry-After within the range is waited whole')

  const backoff = answers(new Response('', { status: 503 }), new Response('ok'))
  await withRetry(backoff.fn, { maxMs: 1e10, baseMs: 1e12, random: () => 0.999, sleep })
  t.same(waits, [5000, Math.floor(0.999 * (2 ** 31 - 1))], 'backoff is capped at the timer range too')
})

test('withRetry never retries before Retry-After: a wait over maxMs rejects with the answer', async t => {
  const { fn, calls } = answers(busy('55'), new Response('ok'))
  const waits: number[] = []
  const retried: unknown[] = []
  const error = (await withRetry(fn, { maxMs: 2000, sleep: async ms => void waits.push(ms), onRetry: info => retried.push(info) }).catch((e: unknown) => e)) as ApiError<string>
  t.ok(isApiError(error))
  t.equal(error.status, 429)
  t.equal(error.code, 'rate_limit_exceeded')
  t.equal(error.retryAfter, 55, 'the error says when to come back')
  t.same(calls, [0], 'no early retry: it would only earn another 429')
  t.same(waits, [])
  t.same(retried, [], 'onRetry is not called for a retry that does not happen')

  // The default maxMs (30 s) and an HTTP-date a minute away.
  const now = Date.parse('Sun, 06 Nov 1994 08:49:00 GMT')
  const dated = answers(busy('Sun, 06 Nov 1994 08:50:00 GMT'), new Response('ok'))
  const later = (await withRetry(dated.fn, { now: () => now, sleep: async () => {} }).catch((e: unknown) => e)) as ApiError<string>
  t.equal(later.retryAfter, 60)
  t.same(dated.calls, [0])
})
