import { test } from 'tap'
import { build, logCapture } from '../helpers.js'
import { FORMATS, SECRET_PATH, SECRET_VALUE, SECRET_WORD, leakIn } from './fixtures/checks.js'

test('cause is logged, never sent: with includeFix, details and every format', async t => {
  for (const format of FORMATS) {
    for (const includeFix of [true, false]) {
      const { stream, lines } = logCapture()
      const app = await build(t, { format, includeFix }, { logger: { level: 'info', stream } })
      const cause = Object.assign(new Error(`${SECRET_WORD} ${SECRET_PATH} ${SECRET_VALUE}`), { query: `SELECT ${SECRET_WORD}` })
      app.get('/fail5', (_req, reply) => reply.fail('service_unavailable', undefined, { cause, details: { ok: 1 } } as never))
      app.get('/fail4', (_req, reply) => reply.fail('conflict', undefined, { cause } as never))
      app.get('/throw', async () => {
        throw app.errors.internal_error(undefined as never, { cause } as never)
      })
      for (const url of ['/fail5', '/fail4', '/throw']) {
        const res = await app.inject(url)
        t.equal(leakIn(res), undefined, `${format} includeFix=${includeFix} ${url}`)
        t.notMatch(res.body, SECRET_WORD)
      }
      t.ok(lines.some(line => JSON.stringify(line).includes(SECRET_WORD)), 'the cause is in the log')
    }
  }
})
