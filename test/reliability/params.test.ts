import fc from 'fast-check'
import { test } from 'tap'
import { MAX_PARAM_LENGTH } from '../../lib/load/template.js'
import { build, logCapture } from '../helpers.js'
import { params, runtimeCode } from './fixtures/arbitraries.js'
import { FORMATS, catalogueBody, holds, illegalHeader } from './fixtures/checks.js'

const catalogue = {
  fuzz_error: {
    status: 409,
    message: 'Thing {name} has {count} of {what}',
    fix: 'Try {name} again',
    headers: { 'X-Thing': '{name}-{count}' }
  }
}
const TEMPLATE_TEXT = 'Thing  has  of '.length

for (const format of FORMATS) {
  test(`parameters of any shape give a valid ${format} body, legal headers and bounded values`, async t => {
    const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort()
    const app = await build(t, { format, catalogue })
    let current: unknown
    app.get('/fail', (_req, reply) => reply.fail('fuzz_error' as never, current as never))
    app.get('/throw', async () => {
      throw (app.errors as unknown as Record<string, (p: unknown) => Error>).fuzz_error!(current)
    })

    await holds(
      t,
      fc.asyncProperty(params, fc.constantFrom('/fail', '/throw'), async (value, url) => {
        current = value
        const res = await app.inject(url)
        const parsed = catalogueBody(format, res)
        if (typeof parsed === 'string') throw new Error(parsed)
        if (res.statusCode !== 409 || parsed.code !== 'fuzz_error') throw new Error(`${res.statusCode} ${parsed.code}`)
        const header = illegalHeader(res)
        if (header !== undefined) throw new Error(`illegal header ${header}`)
        if (parsed.message.length > TEMPLATE_TEXT + 3 * MAX_PARAM_LENGTH) throw new Error(`message of ${parsed.message.length}`)
        const bodyParams = (parsed.body.error ?? parsed.body).params as Record<string, unknown> | undefined
        for (const [name, v] of Object.entries(bodyParams ?? {})) {
          if (!['name', 'count', 'what'].includes(name)) throw new Error(`params.${name} sent`)
          if (typeof v === 'string' && v.length > MAX_PARAM_LENGTH) throw new Error(`params.${name} of ${v.length}`)
          if (!['string', 'number', 'boolean'].includes(typeof v)) throw new Error(`params.${name} is ${typeof v}`)
        }
      }),
      100
    )

    t.same(Object.getOwnPropertyNames(Object.prototype).sort(), prototypeKeys, 'nothing added to Object.prototype')
    t.equal(({} as Record<string, unknown>).polluted, undefined)
  })
}

test('a long value is cut with an ellipsis, in the message, the params and the headers', async t => {
  const app = await build(t, { catalogue })
  const long = 'ж'.repeat(300)
  app.get('/', (_req, reply) => reply.fail('fuzz_error' as never, { name: long, count: 1, what: '😀'.repeat(200) } as never))
  const res = await app.inject('/')
  const name = res.json().error.params.name as string
  t.equal(name.length, MAX_PARAM_LENGTH)
  t.ok(name.endsWith('…'))
  t.ok(res.json().error.message.includes(name))
  t.ok(res.json().error.params.what.endsWith('…'))
  t.notOk(/[\ud800-\udbff]…/.test(res.json().error.params.what), 'no lone surrogate before the ellipsis')
  t.equal(res.headers['x-thing'], '-1', 'non-Latin-1 characters are dropped from the header')
})

test('codes of any shape at run time: a logged internal_error, and the server keeps serving', async t => {
  const { stream, lines } = logCapture()
  const app = await build(t, {}, { logger: { level: 'error', stream } })
  let current: unknown
  app.get('/fail', (_req, reply) => (reply.fail as unknown as (code: unknown) => unknown).call(reply, current))
  app.get('/ok', async () => ({ ok: true }))
  const codes = new Set(app.errorCatalogue.codes())

  await holds(
    t,
    fc.asyncProperty(runtimeCode.filter(code => !(typeof code === 'string' && codes.has(code))), async code => {
      current = code
      const before = lines.length
      const res = await app.inject('/fail')
      if (res.statusCode !== 500 || res.json().error.code !== 'internal_error') throw new Error(`${res.statusCode} ${res.body.slice(0, 100)}`)
      if (!lines.slice(before).some(line => String(line.msg).includes('unknown code'))) throw new Error('not logged')
      const logged = lines.slice(before).find(line => String(line.msg).includes('unknown code'))!.code
      if (typeof logged === 'string' && logged.length > MAX_PARAM_LENGTH) throw new Error(`logged code of ${logged.length}`)
    }),
    150
  )
  t.equal((await app.inject('/ok')).statusCode, 200)
})
