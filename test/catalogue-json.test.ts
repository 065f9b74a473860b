import Fastify from 'fastify'
import t, { type Test } from 'tap'
import errorsPlugin from '../lib/index.js'
import { scratch } from './helpers.js'

/**
 * A JSON catalogue is read natively when that reads it as the YAML parser would; otherwise, and
 * for positions, the YAML parser reads it. Each text below is loaded twice: as it is (the JSON
 * way, where it qualifies) and with a YAML comment appended, which JSON cannot parse, so the
 * YAML parser reads it, with the same lines. Both loads must give the same catalogue, or the
 * same problems at the same places.
 */
type Loaded = { reference: string; answer: unknown } | { problems: unknown; message: string }

const folder = scratch('catalogue-json')
let files = 0

async function load(t: Test, text: string): Promise<Loaded> {
  const file = folder.file(`catalogue-${++files}.json`, text)
  const app = Fastify()
  t.teardown(() => app.close())
  app.register(errorsPlugin, { catalogue: file })
  app.get('/', (_request, reply) => reply.fail('item_missing' as never, { id: '7' } as never))
  try {
    await app.ready()
  } catch (error) {
    // The two files differ in name only: named alike, wherever they are named.
    const { problems, message } = error as { problems: unknown; message: string }
    return JSON.parse(JSON.stringify({ problems, message }).replaceAll(file, 'catalogue')) as Loaded
  }
  return { reference: app.errorCatalogue.reference(), answer: (await app.inject('/')).json() }
}

async function bothWays(t: Test, text: string): Promise<{ json: Loaded; yaml: Loaded }> {
  const json = await load(t, text)
  const yaml = await load(t, `${text}\n# read as YAML\n`)
  t.same(json, yaml, 'read natively or by the YAML parser: the same')
  return { json, yaml }
}

const entry = (extra: Record<string, unknown> = {}) => ({ status: 404, message: "Item '{id}' not found", params: { id: 'string' }, ...extra })
const pretty = (value: unknown) => JSON.stringify(value, null, 2)

t.test('a valid JSON catalogue, with escapes, nesting and every JSON value type', async t => {
  const catalogue = {
    item_missing: entry({ fix: 'Check the \\"id\\" \u00e9\ud83d\ude00 \\/ \t', details: { type: 'object', properties: { a: { type: 'array', items: { enum: [1, 2.5, -0, 1e3, true, false, null] } } } } }),
    other_code: { status: 409, message: 'Conflict', retryable: true, headers: { 'x-reason': 'a "quoted" value' } }
  }
  const { json } = await bothWays(t, pretty(catalogue))
  t.match(json, { answer: { error: { code: 'item_missing', message: "Item '7' not found" } } })
  await bothWays(t, JSON.stringify(catalogue))
  await bothWays(t, ` \n\t${pretty(catalogue)}\n `)
})

t.test('a duplicate key, at the top or inside an entry, is refused with its line', async t => {
  const top = `{\n  "item_missing": ${JSON.stringify(entry())},\n  "item_missing": ${JSON.stringify(entry())}\n}`
  const { json } = await bothWays(t, top)
  t.match(json, { problems: [{ line: 3, message: /duplicate key/ }] })
  const inner = '{\n  "item_missing": {\n    "status": 404,\n    "status": 410,\n    "message": "Gone"\n  }\n}'
  t.match((await bothWays(t, inner)).json, { problems: [{ line: 4, message: /duplicate key/ }] })
  // A key escaped differently is the same key: `"st\\u0061tus"` is "status".
  const escaped = '{\n  "item_missing": {\n    "status": 404,\n    "st\\u0061tus": 410,\n    "message": "Gone"\n  }\n}'
  t.match((await bothWays(t, escaped)).json, { problems: [{ message: /duplicate key/ }] })
})

/** The 1-based line of the first line of `text` that holds `needle`. */
const lineOf = (text: string, needle: string) => text.split('\n').findIndex(line => line.includes(needle)) + 1

t.test('a problem found after parsing has the line and column of its key', async t => {
  const text = pretty({ item_missing: entry(), bad_status: { status: 700, message: 'No' }, unknown_key: { status: 400, message: 'x', colour: 'red' } })
  const { json } = await bothWays(t, text)
  t.match(json, {
    problems: [
      { code: 'bad_status', line: lineOf(text, '"status": 700'), col: 5, message: /status must be an integer from 400 to 599/ },
      { code: 'unknown_key', line: lineOf(text, '"colour"'), col: 5, message: /unknown key "colour"/ }
    ]
  })
})

t.test('a binding problem names the line of its entry', async t => {
  const text = pretty({ item_missing: entry(), first: { status: 400, message: 'a', when: ['invalid-json'] }, second: { status: 400, message: 'b', when: ['invalid-json'] } })
  const { json } = await bothWays(t, text)
  t.match(json, { message: new RegExp(`catalogue:${lineOf(text, '"second"')}:1 second: .*invalid-json`) })
})

t.test('texts the native reading leaves to the YAML parser', async t => {
  // Characters YAML refuses (a C1 control inside a string), a __proto__ key, nesting past half the
  // bound, a root that is not an object, JSON with a trailing comma or a comment: the YAML parser decides.
  const deep = (levels: number) => `{"item_missing": ${JSON.stringify({ ...entry(), details: JSON.parse('{"type":"object","properties":{"a":'.repeat(levels) + '{}' + '}}'.repeat(levels)) })}}`
  const cases = {
    'a C1 control': `{"item_missing": ${JSON.stringify(entry({ fix: 'a\u0086b' }))}}`,
    'a __proto__ key': `{"item_missing": ${JSON.stringify(entry())}, "__proto__": {"status": 400, "message": "x"}}`,
    'nesting of 40 levels': deep(20),
    'a list': '[1, 2]',
    'a trailing comma': `{"item_missing": ${JSON.stringify(entry())},}`,
    'a string': '"item_missing"'
  }
  for (const [name, text] of Object.entries(cases)) {
    await t.test(name, async t => {
      await bothWays(t, text)
    })
  }
})
