import fc from 'fast-check'
import { test } from 'tap'
import { build, logCapture } from '../helpers.js'
import { thrown } from './fixtures/arbitraries.js'
import { FORMATS, catalogueBody, holds, illegalHeader, leakIn } from './fixtures/checks.js'

for (const format of FORMATS) {
  test(`thrown values of any shape answer a well-formed ${format} body with a sane status, and a 5xx leaks nothing`, async t => {
    const { stream, lines } = logCapture()
    const app = await build(t, { format }, { logger: { level: 'error', stream } })
    let current: unknown
    app.get('/throw', async () => {
      throw current
    })
    app.get('/ok', async () => ({ ok: true }))

    await holds(
      t,
      fc.asyncProperty(thrown, async ({ value, expected }) => {
        current = value
        const res = await app.inject('/throw')
        const parsed = catalogueBody(format, res)
        if (typeof parsed === 'string') throw new Error(`${res.statusCode} ${parsed}`)
        if (res.statusCode < 400 || res.statusCode > 599) throw new Error(`status ${res.statusCode}`)
        // A valid 4xx is kept; a 5xx is the status's catalogue entry (500 when it has none).
        if (expected !== undefined && (expected < 500 ? res.statusCode !== expected : res.statusCode < 500)) {
          throw new Error(`status ${res.statusCode}, expected ${expected}`)
        }
        const header = illegalHeader(res)
        if (header !== undefined) throw new Error(`illegal header ${header}`)
        if (res.statusCode >= 500) {
          const leak = leakIn(res)
          if (leak !== undefined) throw new Error(`5xx leaks ${leak}: ${res.body.slice(0, 200)}`)
        }
        if (Buffer.byteLength(res.body) > 4096) throw new Error(`body of ${res.body.length} characters`)
      }),
      150
    )

    // Every 5xx was logged, and the server still serves.
    t.ok(lines.some(line => line.level === 50))
    t.equal((await app.inject('/ok')).statusCode, 200)
  })
}

test('a thrown value whose getters throw is still logged, and answered by the catalogue', async t => {
  const { stream, lines } = logCapture()
  const app = await build(t, {}, { logger: { level: 'error', stream } })
  const hostile = {
    statusCode: 500,
    get message(): string {
      throw new Error('getter boom')
    }
  }
  // What the getter throws cannot be logged either.
  const unloggable = {
    get message(): string {
      throw new Error('unloggable')
    }
  }
  const unreadable = {
    get statusCode(): number {
      throw unloggable
    },
    get message(): string {
      throw new Error('message getter boom')
    }
  }
  app.get('/message-getter', async () => {
    throw hostile
  })
  app.get('/status-getter', async () => {
    throw unreadable
  })

  const first = await app.inject('/message-getter')
  t.equal(first.statusCode, 500)
  t.equal(first.json().error.code, 'internal_error')
  t.notMatch(first.body, 'boom')
  t.ok(lines.some(line => line.err === 'the thrown value cannot be logged'))

  const second = await app.inject('/status-getter')
  t.equal(second.statusCode, 500)
  t.same(second.json(), { error: { code: 'internal_error', message: 'Internal server error' } })
  t.ok(lines.some(line => String(line.msg).includes('the error itself cannot be logged')))
})
