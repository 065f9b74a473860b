import fc from 'fast-check'
import Fastify from 'fastify'
import { truncateSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'tap'
import { stringify } from 'yaml'
import errorsPlugin, { type FastifyErrorCatalogueOptions } from '../../lib/index.js'
import { holds } from './fixtures/checks.js'

/** Registers the plugin; resolves to the error code it failed with, or 'ok'. */
async function register(catalogue: FastifyErrorCatalogueOptions['catalogue']): Promise<{ outcome: string; message: string }> {
  const app = Fastify()
  try {
    await app.register(errorsPlugin, { catalogue })
    await app.ready()
    return { outcome: 'ok', message: '' }
  } catch (error) {
    const { code, message } = error as { code?: string; message: string }
    return { outcome: String(code), message }
  } finally {
    await app.close().catch(() => undefined)
  }
}

/** Text that looks a little like a catalogue, often broken. */
const yamlish = fc
  .array(
    fc.oneof(
      fc.constantFrom('code_a:', '  status: 404', '  status: 99', '  message: "x {y}"', '  message:', '  stauts: 1', '- a', '&a [1]', '*a', '<<: *a', '{', ']', '"\\u0000"', '? complex', '---', '...', '!!binary x', '%YAML 1.1', '\t'),
      fc.string({ unit: 'binary', maxLength: 40 })
    ),
    { maxLength: 30 }
  )
  .map(lines => lines.join('\n'))

const document = fc.oneof(
  fc.anything({ maxDepth: 4 }).map(value => ({ text: JSON.stringify(value) ?? 'null', ext: '.json' })),
  fc.anything({ maxDepth: 4 }).map(value => ({ text: stringify(value ?? null), ext: '.yaml' })),
  yamlish.map(text => ({ text, ext: '.yaml' })),
  fc.string({ unit: 'binary', maxLength: 500 }).map(text => ({ text, ext: '.json' }))
)

test('catalogue files of any shape: registered, or refused with FST_CATALOGUE_INVALID', async t => {
  const dir = t.testdir({})
  let n = 0
  await holds(
    t,
    fc.asyncProperty(document, async ({ text, ext }) => {
      const file = join(dir, `c${n++}${ext}`)
      writeFileSync(file, text)
      const { outcome, message } = await register(file)
      if (outcome !== 'ok' && outcome !== 'FST_CATALOGUE_INVALID') throw new Error(`${outcome}: ${message.slice(0, 200)}`)
    }),
    150
  )
})

test('catalogue objects of any shape: registered, or refused with FST_CATALOGUE_INVALID', async t => {
  await holds(
    t,
    fc.asyncProperty(fc.anything({ maxDepth: 4 }), async value => {
      const { outcome, message } = await register(value as Record<string, unknown>)
      if (outcome !== 'ok' && outcome !== 'FST_CATALOGUE_INVALID' && outcome !== 'FST_CATALOGUE_OPTION_INVALID') {
        throw new Error(`${outcome}: ${message.slice(0, 200)}`)
      }
    }),
    150
  )
})

test('hostile catalogue files are refused with a clear error (their CPU cost: npm run bench:hostile)', async t => {
  const dir = t.testdir({})
  const laughs = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
  for (let i = 1; i < 10; i++) {
    const name = String.fromCharCode(97 + i)
    laughs.push(`${name}: &${name} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`)
  }
  const cases: Record<string, { text: string; ext?: string; match: RegExp }> = {
    'billion laughs': { text: laughs.join('\n'), match: /alias/i },
    'billion laughs inside an entry': {
      text: `x_code:\n  status: 400\n  message: m\n  details:\n    ${laughs.join('\n    ')}`,
      match: /alias/i
    },
    'deep flow nesting': { text: '['.repeat(100_000), match: /x_|deepflow|:\d+:\d+|stack|parse/i },
    'deep JSON nesting': { text: '{"a":'.repeat(5000) + '1' + '}'.repeat(5000), ext: '.json', match: /./ },
    'deep block nesting': { text: Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i)}a:`).join('\n'), match: /./ },
    '50 000 bad codes': { text: Array.from({ length: 50_000 }, (_, i) => `k${i}: ${i}`).join('\n'), match: /k0/ },
    '20 000 duplicate keys': { text: Array.from({ length: 20_000 }, () => 'dup_code: {status: 400, message: m}').join('\n'), match: /duplicate/ },
    'binary junk': { text: '\u0000\u0001\ufffe\ud800 : : :', match: /./ }
  }
  for (const [name, { text, ext = '.yaml', match }] of Object.entries(cases)) {
    const file = join(dir, `${name.replace(/\W+/g, '-')}${ext}`)
    writeFileSync(file, text)
    const { outcome, message } = await register(file)
    t.equal(outcome, 'FST_CATALOGUE_INVALID', name)
    t.match(message, match, name)
  }

  // A file over the size limit is refused before it is read (a sparse file: no disk used).
  const huge = join(dir, 'huge.yaml')
  writeFileSync(huge, '')
  truncateSync(huge, 64 * 1024 * 1024)
  const { outcome, message } = await register(huge)
  t.equal(outcome, 'FST_CATALOGUE_INVALID')
  t.match(message, /byte limit/)
  t.equal(({} as Record<string, unknown>).status, undefined, 'no prototype pollution')
})
