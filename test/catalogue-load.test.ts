import Fastify from 'fastify'
import { execFileSync } from 'node:child_process'
import { statSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import t from 'tap'
import errorsPlugin from '../lib/index.js'
import { build, fixture, minimalCatalogue, scratch } from './helpers.js'

t.test('a YAML file is merged over the built-ins: same code replaces, new codes add', async t => {
  const app = await build(t, { catalogue: fixture('valid.yaml') })
  app.post('/', { schema: { body: { type: 'object', required: ['a'] } } }, async () => 'ok')
  app.get('/batch', (_req, reply) => reply.fail('batch_too_large', { count: 60, max: 50 }))

  const validation = await app.inject({ method: 'POST', url: '/', payload: {} })
  t.equal(validation.statusCode, 422, 'the user entry replaced the built-in validation_error')
  t.equal(validation.json().error.message, 'One or more fields failed validation')
  t.equal((await app.inject('/batch')).json().error.message, 'Batch size 60 exceeds the limit of 50')
  t.ok(app.errorCatalogue.has('forbidden'), 'built-ins are still there')
  t.ok(app.errorCatalogue.codes().includes('service_not_permitted'))
})

t.test('a JSON file (with $schema) and a file: URL', async t => {
  const app = await build(t, { catalogue: pathToFileURL(fixture('valid.json')) })
  app.get('/', (_req, reply) => reply.fail('invalid_region', { region: 'mars-1' }))
  const res = await app.inject('/')
  t.equal(res.statusCode, 400)
  t.equal(res.json().error.message, 'Invalid region mars-1')
  t.notOk(app.errorCatalogue.has('$schema'))
})

t.test('an array merges in order: the last entry for a code wins', async t => {
  const app = await build(t, {
    catalogue: [fixture('valid.yaml'), { batch_too_large: { status: 413, message: 'Too many' } }]
  })
  // The types know valid.yaml's entry; the one that wins here has no placeholders, so the parameters go unused.
  app.get('/', (_req, reply) => reply.fail('batch_too_large', { count: 60, max: 50 }))
  const res = await app.inject('/')
  t.equal(res.statusCode, 413)
  t.equal(res.json().error.message, 'Too many')
})

t.test('builtins: false loads only the user catalogue, which must answer every condition', async t => {
  await t.rejects(build(t, { builtins: false, catalogue: { teapot: { status: 418, message: 'No coffee' } } }), {
    code: 'FST_CATALOGUE_INVALID',
    message: /no entry answers "route-not-found" .*: add an entry with status 404 \(the only one of its status answers them all\)/
  })
  const app = await build(t, { builtins: false, catalogue: [minimalCatalogue, { teapot: { status: 418, message: 'No coffee' } }] })
  app.get('/boom', async () => {
    throw new Error('x')
  })
  app.get('/tea', async () => {
    throw Object.assign(new Error('x'), { status: 418 })
  })
  app.get('/gone', async () => {
    throw Object.assign(new Error('x'), { status: 410 })
  })
  t.same(app.errorCatalogue.codes().sort(), [...Object.keys(minimalCatalogue), 'teapot'].sort())

  const missing = await app.inject('/nope')
  t.equal(missing.statusCode, 404)
  t.same(missing.json().error, { code: 'not_found', message: 'Not found', request_id: 'req-1' })
  t.same((await app.inject('/boom')).json().error, { code: 'internal_error', message: 'Internal error', request_id: 'req-2' })
  t.same((await app.inject('/tea')).json().error, { code: 'teapot', message: 'x', request_id: 'req-3' }, 'a foreign 4xx keeps its own message')
  const gone = await app.inject('/gone')
  t.equal(gone.statusCode, 400, 'a status no entry has: the client-error entry, the only 400')
  t.equal(gone.json().error.code, 'bad_request')
})

t.test('a status with neither entry nor reason phrase becomes client_error', async t => {
  const app = await build(t)
  app.get('/', async () => {
    throw Object.assign(new Error('odd'), { statusCode: 499 })
  })
  const res = await app.inject('/')
  t.equal(res.statusCode, 499)
  t.equal(res.json().error.code, 'client_error')
})

t.test('a missing file fails registration with FST_CATALOGUE_NOT_FOUND', async t => {
  const app = Fastify()
  await t.rejects(async () => app.register(errorsPlugin, { catalogue: './nope/errors.yaml' }), {
    code: 'FST_CATALOGUE_NOT_FOUND',
    message: /Cannot read error catalogue \.\/nope\/errors\.yaml: ENOENT/
  })
})

t.test('two apps with different catalogues do not share entries', async t => {
  const a = await build(t, { catalogue: { only_a: { status: 400, message: 'A' } } })
  const b = await build(t)
  t.ok(a.errorCatalogue.has('only_a'))
  t.notOk(b.errorCatalogue.has('only_a'))
})

t.test('builtins: false and Fastify errors: the only entry with the status answers', async t => {
  const app = await build(t, { builtins: false, catalogue: minimalCatalogue })
  app.post('/', async () => 'ok')
  app.get('/legacy', async () => {
    throw Object.assign(new SyntaxError('Unexpected token in JSON at position 3'), { statusCode: 400 })
  })
  const invalid = await app.inject({ method: 'POST', url: '/', headers: { 'content-type': 'application/json' }, payload: '{x' })
  t.equal(invalid.statusCode, 400)
  t.same(invalid.json().error, { code: 'bad_request', message: 'Bad request', request_id: 'req-1' })
  t.equal((await app.inject('/legacy')).json().error.code, 'bad_request')
})

t.test('an entry whose status has no reason phrase gets a generic title', async t => {
  const app = await build(t, {
    format: 'problem',
    catalogue: { odd_client: { status: 499, message: 'Closed early' }, odd_server: { status: 599, message: 'Network timeout' } }
  })
  app.get('/c', (_req, reply) => reply.fail('odd_client'))
  app.get('/s', (_req, reply) => reply.fail('odd_server'))
  t.same([(await app.inject('/c')).json().title, (await app.inject('/s')).json().title], ['Client Error', 'Server Error'])
})

/** The FST_CATALOGUE_INVALID problems a catalogue fails registration with. */
async function problemsOf(catalogue: string): Promise<{ line?: number; col?: number; code?: string; message: string }[]> {
  const app = Fastify()
  try {
    await app.register(errorsPlugin, { catalogue })
  } catch (error) {
    if ((error as { code?: string }).code === 'FST_CATALOGUE_INVALID') return (error as { problems: [] }).problems
    throw error
  } finally {
    await app.close()
  }
  throw new Error('registration did not fail')
}

t.test('only regular files are read: a FIFO, a device and a directory fail at once', async t => {
  const dir = t.testdir({ 'folder.yaml': {} })
  execFileSync('mkfifo', [join(dir, 'fifo.yaml')])
  symlinkSync('/dev/zero', join(dir, 'zero.yaml'))
  for (const name of ['fifo.yaml', 'zero.yaml', 'folder.yaml']) {
    t.same((await problemsOf(join(dir, name))).map(p => p.message), ['not a regular file (a device, FIFO, socket or directory)'], name)
  }
})

t.test('a catalogue larger than the first read buffer is read whole', async t => {
  const dir = t.testdir({})
  const path = join(dir, 'big.yaml')
  const entries = Array.from({ length: 2000 }, (_, i) => `code_${i}:\n  status: 400\n  message: Generated entry number ${i} of a large catalogue\n`)
  writeFileSync(path, entries.join(''))
  t.ok(statSync(path).size > 64 * 1024)
  const app = await build(t, { catalogue: path })
  t.same(app.errorCatalogue.codes().filter(code => code.startsWith('code_')).length, 2000)
  t.ok(app.errorCatalogue.has('code_0') && app.errorCatalogue.has('code_1999'))
})

t.test('anchors and aliases: a shared message, fix and params answer in every entry that names them', async t => {
  const dir = t.testdir({
    'shared.yaml': [
      'first_missing:',
      '  status: 404',
      '  message: &message "Item {id} was not found in the store"',
      '  params: &params { id: string }',
      '  fix: &fix Check the identifier and send the request again',
      'second_missing:',
      '  status: 404',
      '  message: *message',
      '  params: *params',
      '  fix: *fix',
      ''
    ].join('\n')
  })
  const app = await build(t, { catalogue: join(dir, 'shared.yaml') })
  const fail = (reply: unknown, code: string) => (reply as { fail(code: string, params: unknown): unknown }).fail(code, { id: '7' })
  app.get('/:code', (request, reply) => fail(reply, (request.params as { code: string }).code))
  for (const code of ['first_missing', 'second_missing']) {
    const res = await app.inject(`/${code}`)
    t.equal(res.statusCode, 404, code)
    t.same(res.json().error, {
      code,
      message: 'Item 7 was not found in the store',
      params: { id: '7' },
      fix: 'Check the identifier and send the request again',
      request_id: res.json().error.request_id
    }, code)
  }
})

t.test('an empty file, a file of comments and a second document', async t => {
  const dir = t.testdir({ 'empty.yaml': '', 'comments.yaml': '# nothing yet\n', 'two.yaml': 'a_code: {status: 400, message: a}\n---\nb_code: {status: 400, message: b}\n' })
  for (const name of ['empty.yaml', 'comments.yaml']) {
    t.same((await problemsOf(join(dir, name))).map(p => p.message), ['a catalogue must be a mapping of error codes to entries'], name)
  }
  t.same((await problemsOf(join(dir, 'two.yaml'))).map(p => p.message), ['a catalogue file holds one YAML document (remove the second "---")'])
})

t.test('structure, aliases and keys past the bounds are placed where they are written', async t => {
  const dir = t.testdir({
    'wide.json': `[${'1,'.repeat(1_000_000)}1]`,
    'aliases.yaml': `a_code: {status: 400, message: &m m, details: {x: [${'*m,'.repeat(10_000)}*m]}}\n`,
    'same-value.yaml': 'a_code: {status: 400, message: m, params: {1: string, 0x1: string}}\n',
    'tagged.yaml': 'a_code: {status: 400, message: m, !!str stauts: 1}\n\'b_code\': {status: 400, message: m, &k stauts: 1}\n'
  })
  t.same((await problemsOf(join(dir, 'wide.json'))).map(p => [p.line, p.col, p.message]), [[1, 2_000_001, 'more than 1000000 YAML nodes: the file is refused before parsing']])
  t.same((await problemsOf(join(dir, 'aliases.yaml'))).map(p => [p.line, p.col, p.message]), [[1, 52 + 3 * 10_000, 'more than 10000 aliases']])
  t.same((await problemsOf(join(dir, 'same-value.yaml'))).map(p => [p.line, p.col, p.message]), [[1, 55, 'duplicated mapping key']], '1 and 0x1 are the same key, as the parser says')
  t.same(
    (await problemsOf(join(dir, 'tagged.yaml'))).map(p => [p.code, p.line, p.col, p.message]),
    [
      ['a_code', 1, 35, 'unknown key "stauts" (did you mean "status"?)'],
      ['b_code', 2, 37, 'unknown key "stauts" (did you mean "status"?)']
    ]
  )
})

t.test('%YAML 1.1 and unknown tags fail, naming the line', async t => {
  const dir = t.testdir({
    'old.yaml': '%YAML 1.1\n---\na_code: {status: 400, message: m, headers: !!omap [ { X-A: b } ]}\n',
    'function.yaml': 'a_code:\n  status: 400\n  message: !!js/function "function () {}"\n',
    'local.yaml': 'a_code:\n  status: !status 400\n  message: m\n'
  })
  const of = async (name: string) => (await problemsOf(join(dir, name))).map(p => [p.line, p.col, p.message])
  t.same(await of('old.yaml'), [[1, 1, '%YAML 1.1: catalogues are YAML 1.2 (remove the directive)']])
  const plain = 'a catalogue holds plain YAML 1.2 values (strings, numbers, booleans, null, mappings, lists)'
  t.same(await of('function.yaml'), [[3, 12, `unknown tag !!js/function: ${plain}`]])
  t.same(await of('local.yaml'), [[2, 11, `unknown tag !status: ${plain}`]])
})

t.test('a long problem list names the first 100 and counts the rest; a long unknown key is not searched', async t => {
  const catalogue = Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`code_${i}`, { status: 400, message: 'm', ['k'.repeat(100_000)]: 1 }]))
  const app = Fastify()
  const error = await app.register(errorsPlugin, { catalogue }).then(
    () => undefined,
    (error: unknown) => error as { code: string; message: string; problems: { message: string }[]; unlisted: number }
  )
  await app.close()
  t.equal(error?.code, 'FST_CATALOGUE_INVALID')
  t.equal(error?.problems.length, 100)
  t.equal(error?.unlisted, 50)
  t.equal(error?.problems[0]!.message, `unknown key "${'k'.repeat(39)}…"`)
  t.match(error?.message, /\n {2}<object> code_99: unknown key "k+…"\n {2}… and 50 more$/)
})

t.test('an alias to an anchor the file never defines is a problem at its line', async t => {
  const dir = t.testdir({ 'errors.yaml': 'a:\n  status: 400\n  message: *nope\n' })
  await t.rejects(build(t, { catalogue: join(dir, 'errors.yaml') }), { code: 'FST_CATALOGUE_INVALID', message: /errors\.yaml:3:13: unidentified alias "nope"/ })
})

t.test('a code written as an alias is checked like any other, its problem named by file and code', async t => {
  const file = scratch('catalogue-load-alias').file('alias.yaml', 'shared_message: &k aliased_code\n*k : { status: 999, message: m }\n')
  const app = Fastify()
  app.register(errorsPlugin, { catalogue: file })
  const error = (await app.ready().then(() => undefined, (failure: unknown) => failure)) as { problems: unknown[] }
  t.match(error.problems, [
    { code: 'shared_message', line: 1, col: 1, message: /an entry must be a mapping/ },
    { file, code: 'aliased_code', message: /status must be an integer from 400 to 599, got 999/ }
  ])
  // The key is the alias, not a scalar the positions index: the file and the code say where.
  t.notOk('line' in (error.problems[1] as object), 'no line for a key written as an alias')
  await app.close()
})
