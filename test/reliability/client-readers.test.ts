// Each format's client reader lives in its folder (lib/formats/<name>/read.ts, issue 16 item 3)
// and reads every body the server writes in that format; no other format's reader claims it,
// so the order of the registry decides nothing for the plugin's own bodies.
import { test } from 'tap'
import { parseError } from '../../lib/client.js'
import { BUILTIN_FORMATS } from '../../lib/formats/index.js'
import { BODY_READERS } from '../../lib/formats/readers.js'
import type { BuiltinFormatName } from '../../lib/index.js'
import { build } from '../helpers.js'

const FORMATS = Object.keys(BUILTIN_FORMATS) as BuiltinFormatName[]

test('the readers registry has one reader per built-in format, named as its folder', async t => {
  t.same(Object.keys(BODY_READERS).sort(), [...FORMATS].sort())
  for (const name of FORMATS) t.equal(BODY_READERS[name].name, name)
})

test('every body the server writes is claimed by its own format reader only, and read whole', async t => {
  for (const format of FORMATS) {
    for (const options of [{}, { includeFix: false, includeRequestId: false }, { includeParams: false, includeRetryAfter: false }]) {
      const app = await build(t, { format, ...options })
      app.get('/p/:id', (_req, reply) => reply.fail('resource_not_found', { resource: 'Project', id: '7' }))
      app.get('/busy', (_req, reply) => reply.fail('rate_limit_exceeded', {}, { retryAfter: 12 }))
      app.get('/details', (_req, reply) => (reply as any).fail('conflict', {}, { details: { field: 'name' } }))
      app.post('/v', { schema: { body: { type: 'object', required: ['name'] } } }, () => 'ok')
      const label = `${format} ${JSON.stringify(options)}`

      for (const request of ['/p/7', '/busy', '/details', { method: 'POST' as const, url: '/v', payload: {} }, '/nope']) {
        const res = await app.inject(request)
        const body = res.json() as Record<string, unknown>
        const claims = FORMATS.filter(name => BODY_READERS[name].read(body) !== undefined)
        t.same(claims, [format], `${label} ${JSON.stringify(request)}: claimed by ${format} alone`)

        const fields = BODY_READERS[format].read(body)!
        t.same(fields.extensions, {}, `${label}: every member the writer wrote is read`)
        const error = await parseError(new Response(res.body, { status: res.statusCode, headers: res.headers as Record<string, string> }))
        t.equal(error.code, fields.code, `${label}: parseError reads it with that reader`)
      }
    }
  }
})
