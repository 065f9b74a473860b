// Deprecation as part of the catalogue: `deprecated: { use, since, sunset, reason }` is checked,
// struck through by the editor (generated types, through the TypeScript language service),
// marked in the reference and OpenAPI, warned about at registration, and read by check --against.
import { writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import Fastify from 'fastify'
import t from 'tap'
import ts from 'typescript'
import errorsPlugin from '../lib/index.js'
import { build, cli, logCapture, scratch } from './helpers.js'

const root = new URL('..', import.meta.url).pathname
const { dir, file } = scratch('deprecation')

const CATALOGUE = `token_invalid:
  status: 401
  message: The token is invalid
token_revoked:
  status: 401
  message: The token was revoked
  deprecated: { use: token_invalid, since: 2026-03-01, sunset: 2026-09-01, reason: Revoked and invalid tokens answer alike }
`
const SENTENCE = 'Use token_invalid. Revoked and invalid tokens answer alike (deprecated since 2026-03-01, sunset 2026-09-01)'
const catalogue = file('errors.yaml', CATALOGUE)

t.test('the catalogue refuses a deprecation it cannot keep', async t => {
  const bad = {
    a_code: { status: 400, message: 'A', deprecated: { use: 'token_invalidd' } },
    b_code: { status: 400, message: 'B', deprecated: { since: '2026-3-1', sunset: '2026-02-30', later: 1 } },
    c_code: { status: 400, message: 'C', deprecated: { since: '2026-03-01', sunset: '2026-01-01', use: 'c_code' } },
    d_code: { status: 400, message: 'D', deprecated: true },
    e_code: { status: 400, message: 'E', deprecated: { use: 7, reason: '' } },
    f_code: { status: 400, message: 'F', deprecated: { since: '2026-13-01' } },
    token_invalid: { status: 401, message: 'Invalid' }
  }
  const app = Fastify()
  t.teardown(() => app.close())
  const error = await app.register(errorsPlugin, { catalogue: bad }).ready().then(() => undefined, (error: Error) => error)
  t.ok(error, 'registration fails')
  const messages = (error as unknown as { problems: { code: string; message: string }[] }).problems.map(p => `${p.code}: ${p.message}`)
  t.same(messages.sort(), [
    'a_code: deprecated.use names "token_invalidd", which is not a code of the catalogue (did you mean "token_invalid"?)',
    'b_code: deprecated.since must be an ISO date (YYYY-MM-DD), got "2026-3-1"',
    'b_code: unknown key "deprecated.later"',
    'c_code: deprecated.sunset 2026-01-01 is before deprecated.since 2026-03-01',
    'c_code: deprecated.use names the code itself',
    'd_code: deprecated must be a mapping of use, since, sunset and reason, got true',
    'e_code: deprecated.reason must be a non-empty string, got ""',
    'e_code: deprecated.use must be an error code, got 7',
    'f_code: deprecated.since "2026-13-01" is not a day of the calendar'
  ].sort())
  const sunsetOnly = Fastify()
  t.teardown(() => sunsetOnly.close())
  const second = await sunsetOnly.register(errorsPlugin, { catalogue: { g_code: { status: 400, message: 'G', deprecated: { sunset: '2026-02-30' } } } }).ready()
    .then(() => undefined, (error: Error) => error)
  t.match(second?.message, 'g_code: deprecated.sunset "2026-02-30" is not a day of the calendar')
})

t.test('a deprecated code is still answered; registration warns once per deprecated code a route declares', async t => {
  const { stream, lines } = logCapture()
  const quiet = { old_style: { status: 400, message: 'Old', deprecated: {} } }
  const app = await build(t, { catalogue: [catalogue, quiet] }, { logger: { level: 'warn', stream } })
  app.get('/a', { config: { errors: ['token_revoked', 'token_invalid'] } }, (_req, reply) => reply.fail('token_revoked'))
  app.get('/b', { config: { errors: ['token_revoked'] } }, (_req, reply) => reply.fail('token_revoked'))
  app.get('/c', { schema: { response: { ...app.errorCatalogue.responses(['token_revoked']) } } }, (_req, reply) => reply.fail('token_revoked'))
  app.get('/d', { config: { errors: ['token_invalid', 'old_style'] } }, (_req, reply) => reply.fail('token_invalid'))
  await app.ready()
  const response = await app.inject('/a')
  t.equal(response.statusCode, 401)
  t.equal(response.json().error.code, 'token_revoked')
  const warnings = lines.filter(line => line.level === 40)
  t.same(warnings.map(line => line.msg), [
    `fastify-error-catalogue: GET /a declares token_revoked, which is deprecated: ${SENTENCE}`,
    'fastify-error-catalogue: GET /d declares old_style, which is deprecated: This code is deprecated.'
  ])
  t.same(warnings[0]!.deprecated, { use: 'token_invalid', since: '2026-03-01', sunset: '2026-09-01', reason: 'Revoked and invalid tokens answer alike' })
})

t.test('the reference and OpenAPI mark it', async t => {
  const markdown = await cli('docs', catalogue)
  t.equal(markdown.code, 0, markdown.stderr)
  t.match(markdown.stdout, '| [~~`token_revoked`~~ (deprecated)](#token_revoked) | 401 |')
  // The Markdown reference escapes what it writes: an underscore too (token\\_invalid renders as token_invalid).
  t.match(markdown.stdout, `| Deprecated | ${SENTENCE.replace('token_invalid', 'token\\_invalid')} |`)
  t.notMatch(markdown.stdout, '~~`token_invalid`~~')
  const html = await cli('docs', catalogue, '--format', 'html')
  t.match(html.stdout, '<a href="#token_revoked"><del><code>token_revoked</code></del> (deprecated)</a>')
  t.match(html.stdout, '<h3><del>token_revoked</del></h3>')
  t.match(html.stdout, `<dt>Deprecated</dt><dd>${SENTENCE}</dd>`)
  t.match(html.stdout, '<h3>token_invalid</h3>')

  const app = await build(t, { catalogue })
  const responses = app.errorCatalogue.responses(['token_revoked', 'token_invalid'])
  const status = responses[401]!
  t.equal(status.description, `Unauthorized (token_revoked (deprecated: ${SENTENCE}), token_invalid)`)
  const { examples } = status.content['application/json']!
  t.same({ ...examples.token_revoked, value: undefined }, { summary: 'Unauthorized', value: undefined, description: `Deprecated. ${SENTENCE}`, deprecated: true })
  t.same(Object.keys(examples.token_invalid!), ['summary', 'value'])
})

t.test('the editor strikes the code through at app.errors.x, reply.errors.x and reply.fail', async t => {
  const out = join(dir, 'errors.generated.ts')
  const generated = await cli('generate', catalogue, '--out', relative(process.cwd(), out))
  t.equal(generated.code, 0, generated.stderr)
  const use = join(dir, 'use.ts')
  writeFileSync(use, [
    "import Fastify from 'fastify'",
    "import './errors.generated.js'",
    'const app = Fastify()',
    "app.get('/a', (_req, reply) => reply.fail('token_revoked'))",
    "app.get('/b', (_req, reply) => reply.fail('token_invalid'))",
    'export const made = app.errors.token_revoked()',
    'export const fine = app.errors.token_invalid()',
    "app.get('/c', { config: { errors: ['token_revoked'] } }, (_req, reply) => { throw reply.errors.token_revoked() })",
    ''
  ].join('\n'))
  const config = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.json'), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: diagnostic => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'))
    }
  })!
  const files = [use, out]
  const service = ts.createLanguageService({
    getScriptFileNames: () => files,
    getScriptVersion: () => '1',
    getScriptSnapshot: name => (ts.sys.fileExists(name) ? ts.ScriptSnapshot.fromString(ts.sys.readFile(name)!) : undefined),
    getCurrentDirectory: () => root,
    getCompilationSettings: () => config.options,
    getDefaultLibFileName: options => ts.getDefaultLibFilePath(options),
    fileExists: ts.sys.fileExists,
    readFile: ts.sys.readFile,
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories
  })
  t.same(service.getSemanticDiagnostics(use).map(d => ts.flattenDiagnosticMessageText(d.messageText, ' ')), [], 'the file compiles')
  const struck = service.getSuggestionDiagnostics(use).filter(d => d.reportsDeprecated).map(d => {
    const { line } = d.file!.getLineAndCharacterOfPosition(d.start!)
    return { line: line + 1, text: d.file!.text.slice(d.start!, d.start! + d.length!), message: ts.flattenDiagnosticMessageText(d.messageText, ' ') }
  })
  t.same(struck.map(({ line, text }) => [line, text]), [[4, 'fail'], [6, 'token_revoked'], [8, 'token_revoked']])
  t.match(struck[0]!.message, /^The signature '\(code: "token_revoked"/)
  // The hover of the struck-through call: the generated overload's JSDoc.
  const position = (service.getProgram()!.getSourceFile(use)!.text.indexOf("reply.fail('token_revoked')")) + 'reply.'.length
  const info = service.getQuickInfoAtPosition(use, position)!
  t.same(info.tags?.map(tag => [tag.name, ts.displayPartsToString(tag.text)]), [['deprecated', `token_revoked: ${SENTENCE}`]])
})

t.test('check --against: removal is breaking unless the code was deprecated and its sunset has come', async t => {
  const old = file('old.yaml', `kept:
  status: 400
  message: Kept {id}
never_deprecated:
  status: 404
  message: Gone
not_yet:
  status: 410
  message: Not yet
  deprecated: { use: kept, sunset: 2999-01-01 }
no_date:
  status: 410
  message: No date
  deprecated: { reason: Replaced }
retired:
  status: 410
  message: Retired
  deprecated: { since: 2020-01-01, sunset: 2020-06-01 }
`)
  const current = file('new.yaml', 'kept:\n  status: 409\n  message: Kept\n')
  const result = await cli('check', current, '--against', old, '--no-builtins')
  t.equal(result.code, 1)
  t.same(result.stderr.trim().split('\n').sort(), [
    'BREAKING kept: parameter {id} removed',
    'BREAKING kept: status changed from 400 to 409',
    'BREAKING never_deprecated: code removed without being deprecated first (was 404)',
    'BREAKING no_date: code removed, deprecated but without a sunset date (was 410)',
    'BREAKING not_yet: code removed before its sunset 2999-01-01 (was 410, use kept)'
  ])
  t.equal(result.stdout, 'retired retired: deprecated, removed after its sunset 2020-06-01\n')

  const onlyRetired = await cli('check', file('kept.yaml', 'kept:\n  status: 400\n  message: Kept {id}\nnot_yet:\n  status: 410\n  message: Not yet\nnever_deprecated:\n  status: 404\n  message: Gone\nno_date:\n  status: 410\n  message: No date\n'), '--against', old, '--no-builtins')
  t.equal(onlyRetired.code, 0, onlyRetired.stderr)
  t.equal(onlyRetired.stdout, `retired retired: deprecated, removed after its sunset 2020-06-01\nno breaking changes against ${old} (4 codes, 0 added)\n`)
})
