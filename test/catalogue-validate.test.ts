import Fastify from 'fastify'
import { writeFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import errorsPlugin from '../lib/index.js'
import { fixture } from './helpers.js'

async function problemsOf(catalogue: unknown): Promise<{ message: string; problems: { file: string; code?: string; line?: number; col?: number; message: string }[] }> {
  const app = Fastify()
  try {
    await app.register(errorsPlugin, { catalogue: catalogue as string })
  } catch (error) {
    const e = error as { code: string; message: string; problems: [] }
    if (e.code !== 'FST_CATALOGUE_INVALID') throw error
    return e
  } finally {
    await app.close()
  }
  throw new Error('registration did not fail')
}

t.test('every problem of a file is listed, with file, code, line and column', async t => {
  const { problems, message } = await problemsOf(fixture('bad-entries.yaml'))
  const file = fixture('bad-entries.yaml')
  t.same(
    problems.map(p => [p.code, p.line, p.col, p.message]),
    [
      ['missing_message', 1, 1, 'missing required "message"'],
      ['typo_key', 4, 3, 'unknown key "stauts" (did you mean "status"?)'],
      ['BadCode', 7, 1, 'code "BadCode" must be snake_case or UPPER_SNAKE_CASE'],
      ['out_of_range', 11, 3, 'status must be an integer from 400 to 599, got 302'],
      ['bad_param_type', 16, 13, 'parameter "value" has unknown type "str" (use string, number, integer, boolean)'],
      ['unused_param', 20, 13, 'parameter "ghost" is declared but no {ghost} placeholder uses it'],
      ['negative_retry', 24, 3, 'retryAfter must be a non-negative integer (seconds), got -5'],
      ['bad_header', 29, 5, '"Bad Header" is not a valid header name'],
      ['bad_header', 30, 5, 'header "Retry-After" is set by the plugin (use retryAfter for Retry-After)'],
      ['not_a_mapping', 31, 1, 'an entry must be a mapping with at least status and message'],
      ['proto_placeholder', 34, 3, 'placeholder {__proto__} is a reserved name']
    ]
  )
  t.ok(problems.every(p => p.file === file))
  t.match(message, `${file}:4:3 typo_key: unknown key "stauts"`)
})

t.test('a duplicate code names the code and its line', async t => {
  const { problems } = await problemsOf(fixture('duplicate.yaml'))
  t.same(problems.map(p => [p.code, p.line, p.col]), [['forbidden', 4, 1]])
  t.match(problems[0]!.message, /duplicate key/)
})

t.test('a YAML syntax error names file, line and column', async t => {
  const { problems } = await problemsOf(fixture('bad-syntax.yaml'))
  t.equal(problems.length, 1)
  t.equal(problems[0]!.line, 4)
  t.equal(problems[0]!.col, 1)
  t.match(problems[0]!.message, /indentation/, 'the unclosed quote runs into the next line')
  t.notMatch(problems[0]!.message, / at line /, 'the parser position is given once, as line:col')
})

t.test('an alias bomb is refused before it expands', async t => {
  const { problems } = await problemsOf(fixture('bomb.yaml'))
  t.match(problems[0]!.message, /aliases expand the document past 1000000 nodes|more than 10000 aliases/)
})

t.test('a document that is not a mapping, a wrong extension, objects with problems', async t => {
  t.match((await problemsOf(fixture('list.yaml'))).problems[0]!.message, 'must be a mapping of error codes')
  t.match((await problemsOf(fixture('catalogue.txt'))).problems[0]!.message, 'unsupported extension ".txt"')
  const fromObject = await problemsOf({ ok_code: { status: 400, message: 1, cause: 2 }, other: { status: 700, message: 'x', retryable: 'yes', log: 'loud' } })
  t.same(
    fromObject.problems.map(p => [p.file, p.code, p.line, p.message]),
    [
      ['<object>', 'ok_code', undefined, 'message must be a non-empty string or a map of locale to text, got 1'],
      ['<object>', 'ok_code', undefined, 'cause must be a string, got 2'],
      ['<object>', 'other', undefined, 'status must be an integer from 400 to 599, got 700'],
      ['<object>', 'other', undefined, 'retryable must be true or false, got "yes"'],
      ['<object>', 'other', undefined, 'log must be one of silent, trace, debug, info, warn, error, fatal, got "loud"']
    ]
  )
})

t.test('problems from several sources are all reported, each with its own file', async t => {
  const { problems } = await problemsOf([fixture('duplicate.yaml'), { fine: { status: 400, message: 'ok' } }, { Bad: { status: 400, message: 'x' } }])
  t.same(problems.map(p => p.file), [fixture('duplicate.yaml'), '<object #3>'])
})

t.test('shape errors of params, headers and details', async t => {
  const { problems } = await problemsOf({
    a: { status: 400, message: 'x', params: 'string' },
    b: { status: 400, message: 'x', headers: ['X-A'] },
    c: { status: 400, message: 'x', headers: { 'X-A': 5 } },
    d: { status: 400, message: 'x', details: 'object' },
    e: { status: 400, message: 'x', detials: {} },
    f: { status: 400, message: 'x', zzzzzz: 1 },
    g: { status: 400 },
    h: null
  })
  t.same(problems.map(p => p.message), [
    'params must be a mapping of placeholder to type, got "string"',
    'headers must be a mapping of name to value, got ["X-A"]',
    'header "X-A" must be a string, got 5',
    'details must be a JSON Schema object, got "object"',
    'unknown key "detials" (did you mean "details"?)',
    'unknown key "zzzzzz"',
    'missing required "message"',
    'an entry must be a mapping with at least status and message'
  ])
})

t.test('long values are shortened in messages', async t => {
  const { problems } = await problemsOf({ a: { status: 400, message: 'x', title: 'y'.repeat(100), log: 'z'.repeat(100) } })
  t.equal(problems[0]!.message, `log must be one of silent, trace, debug, info, warn, error, fatal, got "${'z'.repeat(38)}…`)
})

t.test('a file over the size limit is refused before parsing', async t => {
  const dir = mkdtempSync(join(tmpdir(), 'catalogue-'))
  const path = join(dir, 'huge.yaml')
  writeFileSync(path, `# ${'x'.repeat(17 * 1024 * 1024)}\n`)
  const { problems } = await problemsOf(path)
  t.match(problems[0]!.message, /over the 16777216-byte limit/)
})

t.test('values JSON cannot show are described by their text', async t => {
  const { problems } = await problemsOf({ a: { status: 400, message: () => 'x' } })
  t.equal(problems[0]!.message, "message must be a non-empty string or a map of locale to text, got () => 'x'")
})

t.test('aliases and a null key are reported where they can be placed; a complex key where it is', async t => {
  const dir = mkdtempSync(join(tmpdir(), 'catalogue-'))
  const aliases = join(dir, 'aliases.yaml')
  writeFileSync(aliases, 'base: &b { status: 400, message: x, stauts: 1 }\nother: *b\n~: { status: 400, message: z }\n"": { status: 400, message: z }\n')
  t.same(
    (await problemsOf(aliases)).problems.map(p => [p.code, p.line, p.col, p.message]),
    [
      ['base', 1, 37, 'unknown key "stauts" (did you mean "status"?)'],
      ['other', 2, 1, 'unknown key "stauts" (did you mean "status"?)'],
      ['', 4, 1, 'code "" must be snake_case or UPPER_SNAKE_CASE']
    ],
    'the alias is placed at the key that uses it; ~ is the code "null"'
  )
  t.same(
    (await problemsOf(fixture('odd-keys.yaml'))).problems.map(p => [p.code, p.line, p.col, p.message]),
    [['[a, b]', 3, 3, 'a key must be a single value, not a mapping or a list']]
  )
})
