// One Retry-After reading for the server and the client (issue 16, item 3): for every value an app
// can hand the server, what the server sends is what the client reads from the same value.
import { test } from 'tap'
import { parseError, retryAfterSeconds } from '../../lib/client.js'
import { build } from '../helpers.js'

const YEAR = 31_536_000

// Dates are in the past (both sides then say 0), so no clock moves between the two readings.
const VALUES = [
  '0', '120', '007', '99999999999', '-1', '1.5', '1e3', '0x10', 'soon', '',
  'Sun, 06 Nov 1994 08:49:37 GMT', // IMF-fixdate
  'Sunday, 06-Nov-94 08:49:37 GMT', // RFC 850
  'Sun Nov  6 08:49:37 1994', // asctime
  'sun, 06 Nov 1994 08:49:37 GMT', // HTTP-date is case-sensitive (RFC 9110 §5.6.7)
  'Nov 6 1994 08:49:37 GMT', // no day name: not an HTTP-date, though Date.parse reads it
  'Someday, 06 Nov 1994'
]

test('the server sends, for each Retry-After an app sets, the seconds the client reads from it', async t => {
  const app = await build(t, { catalogue: { down: { status: 503, message: 'Down' } } })
  let value = ''
  app.get('/down', (_request, reply) => (reply as any).fail('down', {}, { headers: { 'retry-after': value } }))

  for (const given of VALUES) {
    value = given
    const res = await app.inject('/down')
    const sent = res.headers['retry-after'] === undefined ? undefined : Number(res.headers['retry-after'])
    t.equal(retryAfterSeconds(given), sent, `${JSON.stringify(given)}: the client reads what the server sends`)
    t.equal(res.json().error.retry_after, sent, `${JSON.stringify(given)}: header and body agree`)

    const read = await parseError(new Response(res.body, { status: res.statusCode, headers: res.headers as Record<string, string> }))
    t.equal(read.retryAfter, sent, `${JSON.stringify(given)}: and parseError reads the answer back`)
  }
  t.equal(retryAfterSeconds('99999999999'), YEAR, 'both cap at one year')
})

test('the client strips the whitespace an HTTP parser strips, and reads a body retry_after as the server writes it', async t => {
  t.equal(retryAfterSeconds(' 120 '), 120)
  const body = (retryAfter: unknown) => new Response(JSON.stringify({ code: 'busy', message: 'Busy', retry_after: retryAfter }), { status: 503, headers: { 'content-type': 'application/json' } })
  t.equal((await parseError(body(2.5))).retryAfter, 3, 'rounded up, as the server rounds')
  t.equal((await parseError(body(1e300))).retryAfter, YEAR, 'capped, as the server caps')
  t.equal((await parseError(body('5'))).retryAfter, undefined, 'a string is not the plugin\'s retry_after')
})
