/**
 * Issue 18, item 3: what validating a hostile catalogue costs is bounded by mechanisms, each
 * asserted here by what it does (the CPU it saves is measured by `npm run bench:hostile`):
 * an oversized `when` list or map is refused by its length, unknown keys by a lookup, and
 * once 100 problems are listed the rest of the catalogue is only counted, one per bad entry,
 * with no message, suggestion or position built for it.
 */
import Fastify from 'fastify'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'tap'
import errorsPlugin, { type FastifyErrorCatalogueOptions } from '../../lib/index.js'
import { logCapture } from '../helpers.js'

interface Refusal {
  code: string
  message: string
  problems: { code?: string; message: string; line?: number }[]
  unlisted: number
}

async function refusal(catalogue: FastifyErrorCatalogueOptions['catalogue']): Promise<Refusal | undefined> {
  const app = Fastify()
  try {
    await app.register(errorsPlugin, { catalogue })
    await app.ready()
    return undefined
  } catch (error) {
    return error as Refusal
  } finally {
    await app.close().catch(() => undefined)
  }
}

const MILLION = 1_000_000
const range = (count: number) => Array.from({ length: count }, (_, i) => i)

test('a when list of a million conditions is refused by its length, with one problem', async t => {
  for (const [name, item] of [['unknown conditions', (i: number) => `nope-${i}`], ['one condition repeated', () => 'validation']] as const) {
    const error = await refusal({ listed: { status: 400, message: 'm', when: range(MILLION).map(item) } })
    t.equal(error?.code, 'FST_CATALOGUE_INVALID', name)
    t.same(error?.problems.map(p => p.message), ['when lists 1000000 conditions: at most 219, each once'], name)
    t.equal(error?.unlisted, 0, name)
  }
  // Within the cap, every item is still checked and named.
  const within = await refusal({ listed: { status: 400, message: 'm', when: ['validaton', 'validation', 'validation'] } })
  // The first thing wrong with the list, named (a misspelt condition before a duplicate), and no generic second line.
  t.same(within?.problems.map(p => p.message), ['unknown condition "validaton" (did you mean "validation"?) (see "Your own codes" in the README)'])
})

test('a when list of 900,000 items in a JSON file: one problem, with its line', async t => {
  const file = join(t.testdir({}), 'long-when.json')
  writeFileSync(file, JSON.stringify({ listed: { status: 400, message: 'm', when: range(900_000).map(i => `x${i}`) } }))
  const error = await refusal(file)
  t.equal(error?.code, 'FST_CATALOGUE_INVALID')
  t.same(error?.problems.map(p => [p.code, p.line, p.message]), [['listed', 1, 'when lists 900000 conditions: at most 219, each once']])
})

test('a million unknown keys: 100 listed, the entry counted once more, no search past them', async t => {
  const entry: Record<string, unknown> = { status: 400, message: 'm' }
  for (const i of range(MILLION)) entry[`k${i}`] = 1
  const error = await refusal({ keys: entry })
  t.equal(error?.code, 'FST_CATALOGUE_INVALID')
  t.equal(error?.problems.length, 100)
  t.equal(error?.problems[0]!.message, 'unknown key "k0"')
  t.equal(error?.problems[99]!.message, 'unknown key "k99"')
  t.equal(error?.unlisted, 1, 'checking stopped at the full list: the entry counts once')
  t.match(error?.message, /… and 1 more$/)
})

test('maps past 1,000 members (params, headers, a text map) are refused by their size', async t => {
  const big = (value: (i: number) => unknown) => Object.fromEntries(range(MILLION / 4).map(i => [`m${i}`, value(i)]))
  const error = await refusal({
    many_params: { status: 400, message: 'm', params: big(() => 'nope') },
    many_headers: { status: 400, message: 'm', headers: big(() => 1) },
    many_locales: { status: 400, message: { en: 'm', ...big(() => 'x') } }
  })
  t.same(error?.problems.map(p => [p.code, p.message]), [
    ['many_params', 'params has more than 1000 members'],
    ['many_headers', 'headers has more than 1000 members'],
    ['many_locales', 'message has more than 1000 members']
  ])
})

test('a million bad entries: 100 problems listed, every further bad entry counted once', async t => {
  const catalogue = Object.fromEntries(range(MILLION).map(i => [`k${i}`, { status: 1 }]))
  const error = await refusal(catalogue)
  t.equal(error?.problems.length, 100)
  t.same(error?.problems.slice(0, 2).map(p => [p.code, p.message]), [['k0', 'missing required "message"'], ['k0', 'status must be an integer from 400 to 599, got 1']])
  t.equal(error?.problems.at(-1)!.code, 'k49')
  t.equal(error?.unlisted, MILLION - 50, 'the 50 entries listed, and one count for each of the others')
  // Past the list, valid entries are not counted, entries with a rule problem are.
  const mixed = await refusal({
    ...Object.fromEntries(range(100).map(i => [`bad_${i}`, 1])),
    fine: { status: 400, message: 'm' },
    unused_param: { status: 400, message: 'm', params: { x: 'string' } },
    unknown_key: { status: 400, message: 'm', extra: 1 },
    too_long: { status: 400, message: 'm', when: range(300).map(() => 'validation') },
    BAD_code_: { status: 400, message: 'm' },
    not_an_entry: [1]
  })
  t.equal(mixed?.unlisted, 5)
})

test('the last places of the list: what does not fit is counted, once per entry', async t => {
  const ninetyNine = Object.fromEntries(range(99).map(i => [`bad_${i}`, 1]))
  const cases: [string, Record<string, unknown>, string][] = [
    ['a bad code that is not a mapping either', { 'Bad-Code': 1 }, 'code "Bad-Code" must be snake_case or UPPER_SNAKE_CASE'],
    ['two schema problems', { two_schema: { status: 1 } }, 'missing required "message"'],
    ['a schema problem and an unknown key', { schema_and_key: { status: 1, message: 'm', extra: 1 } }, 'status must be an integer from 400 to 599, got 1'],
    ['three rule problems', { rules: { status: 400, message: 'm', params: { a: 'string', b: 'string', c: 'string' } } }, 'parameter "a" is declared but no {a} placeholder uses it']
  ]
  for (const [name, last, message] of cases) {
    const error = await refusal({ ...ninetyNine, ...last })
    t.equal(error?.problems.length, 100, name)
    t.equal(error?.problems[99]!.message, message, name)
    t.equal(error?.unlisted, 1, `${name}: the rest of the entry counts once`)
  }
})

test('inherited keys are not an entry\'s: an entry built on a prototype is read by its own keys', async t => {
  const entry = Object.assign(Object.create({ stauts: 1 }) as Record<string, unknown>, { status: 409, message: 'Inherited' })
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(errorsPlugin, { catalogue: { built_on_proto: entry } })
  app.get('/', (_req, reply) => reply.fail('built_on_proto' as never, {} as never))
  t.equal((await app.inject('/')).statusCode, 409)
  const shown = await refusal({ odd_log: { status: 400, message: 'm', log: Object.assign(Object.create({ hidden: 1 }) as object, { shown: 2 }) } })
  t.same(shown?.problems.map(p => p.message), ['log must be one of silent, trace, debug, info, warn, error, fatal, got {"shown":2}'])
})

test('values in messages are previews: a huge value is never serialized whole', async t => {
  const error = await refusal({ huge: { status: 400, message: 'm', details: range(MILLION), log: { a: range(MILLION) }, retryable: 'y'.repeat(MILLION) } })
  t.same(error?.problems.map(p => p.message), [
    'details must be a JSON Schema object, got [0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,…',
    `retryable must be true or false, got "${'y'.repeat(38)}…`,
    'log must be one of silent, trace, debug, info, warn, error, fatal, got {"a":[0,1,2,3,4,5,6,7,8,9,10,11,12,13,1…'
  ])
  const odd = await refusal({ odd: { status: 10n as never, message: 'm', cause: Symbol('s') as never } })
  t.same(odd?.problems.map(p => p.message), ['status must be an integer from 400 to 599, got 10', 'cause must be a string, got Symbol(s)'])
})

test('under watch, a reload of a hostile catalogue keeps the last good one and logs the one problem', async t => {
  const dir = t.testdir({ 'errors.json': JSON.stringify({ good_code: { status: 409, message: 'Good' } }) })
  const file = join(dir, 'errors.json')
  const { stream, lines } = logCapture()
  const app = Fastify({ logger: { level: 'info', stream } })
  t.teardown(() => app.close())
  await app.register(errorsPlugin, { catalogue: file, watch: { debounceMs: 5 } })
  app.get('/', (_req, reply) => reply.fail('good_code' as never, {} as never))
  await app.ready()
  writeFileSync(file, JSON.stringify({ good_code: { status: 409, message: 'Good', when: range(900_000).map(i => `x${i}`) } }))
  for (let i = 0; i < 600 && !lines.some(line => String(line.msg).includes('problem')); i++) await new Promise(resolve => setTimeout(resolve, 50))
  t.ok(lines.some(line => String(line.msg).endsWith('good_code: when lists 900000 conditions: at most 219, each once')), 'the one problem is logged')
  t.ok(lines.some(line => line.msg === 'fastify-error-catalogue: the catalogue has 1 problem; the last good catalogue still answers'))
  const res = await app.inject('/')
  t.equal(res.statusCode, 409, 'the last good catalogue answers')
})
