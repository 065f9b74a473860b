// The CLI documents the app itself (`--app`), or catalogue files under the flags of every
// option that shapes an answer; either way its artefacts are what that configuration sends.
import Fastify from 'fastify'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import errors from '../lib/index.js'
import { cli, fixture } from './helpers.js'

const dir = mkdtempSync(join(tmpdir(), 'catalogue-cli-app-'))
const app = (name: string) => fixture(`apps/${name}`)
const jobs = new URL('./reference-pages/jobs.yaml', import.meta.url).pathname
const JOBS_OPTIONS = { builtins: false, includeFix: false, includeParams: false, includeRequestId: false, includeRetryAfter: false } as const

t.test('docs --app: the reference of an exported instance is the one the app writes of itself', async t => {
  const res = await cli('docs', '--app', app('instance.ts'))
  t.equal(res.code, 0, res.stderr)
  const same = Fastify()
  t.teardown(() => same.close())
  await same.register(errors, { catalogue: jobs, ...JOBS_OPTIONS, rateLimit: { max: 100 } })
  same.get('/jobs/:id', { config: { errors: ['JOB_NOT_FOUND' as 'bad_request'] } }, async (_request, reply) => reply.fail('JOB_NOT_FOUND' as 'bad_request'))
  await same.ready()
  t.equal(res.stdout, same.errorCatalogue.reference())
  t.match(res.stdout, '| Returned by | `GET /jobs/:id` |')
  t.notMatch(res.stdout, '`error.fix`', 'includeFix: false: no fix in the table')
  t.notMatch(res.stdout, '"request_id"', 'includeRequestId: false: no request_id in any example')
  t.match(res.stdout, /### `RATE_LIMIT_EXCEEDED`[^#]*\| Sent when \| The client is over the rate limit[;.]/, 'the limiter is on in the app: RATE_LIMIT_EXCEEDED claims it')
})

t.test('docs --app with --codes sent keeps what the app can send; a plugin module is registered in a root of its own', async t => {
  const res = await cli('docs', '--app', app('plugin.ts'), '--codes', 'sent', '--format', 'html')
  t.equal(res.code, 0, res.stderr)
  t.match(res.stdout, '<section class="code" id="resource_not_found">')
  t.notMatch(res.stdout, 'id="conflict"', 'no route declares conflict')
  t.match(res.stdout, 'https://api.example.com/errors/resource_not_found', 'the app\'s problemTypeBase')
  const factory = await cli('docs', '--app', app('factory.ts'))
  t.equal(factory.code, 0, factory.stderr)
  t.match(factory.stdout, 'Every error body is a flat JSON object.')
})

t.test('openapi --app: one response per code, and each declaring route with its error responses', async t => {
  const res = await cli('openapi', '--app', app('plugin.ts'), '--title', 'Projects')
  t.equal(res.code, 0, res.stderr)
  const doc = JSON.parse(res.stdout)
  t.equal(doc.openapi, '3.1.0')
  t.equal(doc.info.title, 'Projects')
  t.ok(doc.components.responses.resource_not_found.content['application/problem+json'].schema, 'a reusable response per code')
  const get = doc.paths['/projects/{id}'].get
  t.ok(get.responses['404'], 'the declared code')
  t.ok(get.responses['400'], 'and the plugin\'s own (validation)')
  t.notOk(doc.paths['/health'], 'a route that declares nothing is not listed')
})

t.test('openapi from catalogue files under the flags; check --openapi and --docs against both sources', async t => {
  const out = join(dir, 'errors.openapi.json')
  const flags = ['--no-builtins', '--no-fix', '--no-params', '--no-request-id', '--no-retry-after', '--rate-limit']
  const written = await cli('openapi', jobs, ...flags, '--out', out)
  t.equal(written.code, 0, written.stderr)
  t.match(written.stdout, `wrote ${out} (the OpenAPI document of the error responses)`)
  t.same(Object.keys((await import(out, { with: { type: 'json' } })).default.paths), [])
  const fresh = await cli('check', jobs, ...flags, '--openapi', out)
  t.equal(fresh.code, 0, fresh.stderr)
  t.match(fresh.stdout, `${out} is up to date`)
  const stale = await cli('check', jobs, '--no-builtins', '--openapi', out)
  t.equal(stale.code, 1)
  t.match(stale.stderr, `${out} is stale: run fastify-error-catalogue openapi ${jobs} --no-builtins --out ${out}`)

  const docs = join(dir, 'ERRORS.md')
  t.equal((await cli('docs', '--app', app('instance.ts'), '--out', docs)).code, 0)
  const appCheck = await cli('check', '--app', app('instance.ts'), '--docs', docs)
  t.equal(appCheck.code, 0, appCheck.stderr)
  const filesCheck = await cli('check', jobs, ...flags, '--docs', docs)
  t.equal(filesCheck.code, 1, 'the files alone know no routes: no "Returned by"')
  t.match(filesCheck.stderr, `docs ${jobs} --no-builtins --rate-limit --no-fix --no-params --no-request-id --no-retry-after --format md --out ${docs}`)
})

t.test('check --against --app compares the app\'s own catalogue with the older one', async t => {
  const res = await cli('check', '--app', app('instance.ts'), '--against', jobs)
  t.equal(res.code, 0, res.stderr)
  t.match(res.stdout, `no breaking changes against ${jobs} (22 codes, 0 added)`)
})

t.test('--response-format takes a custom format module: its examples are what it writes', async t => {
  const res = await cli('docs', jobs, '--no-builtins', '--response-format', fixture('apps/message-format.mjs'))
  t.equal(res.code, 0, res.stderr)
  t.match(res.stdout, "Error bodies use this API's own format")
  t.match(res.stdout, '{\n  "error": "The specified job was not found"\n}')
})

t.test('the CLI says what is wrong with --app and the shape flags', async t => {
  const cases: [string[], number, string][] = [
    [['docs', jobs, '--app', app('instance.ts')], 2, '--app reads the catalogue the app registers: name no catalogue file beside it'],
    [['docs', '--app', app('not-an-app.ts')], 2, 'the default export must be a Fastify instance, a plugin or a function returning an instance'],
    [['docs', '--app', app('factory-of-nothing.ts')], 2, 'the default export is a function, but it did not return a Fastify instance'],
    [['docs', '--app', app('without-plugin.ts')], 2, 'the app does not register fastify-error-catalogue'],
    [['docs', '--app', app('broken.ts')], 2, 'config file missing'],
    [['docs', '--app', join(dir, 'missing.ts')], 2, `--app ${join(dir, 'missing.ts')}:`],
    [['docs', '--response-format', 'xml'], 2, '--response-format must be nested, flat, oauth, problem or a module path, got "xml"'],
    [['docs', '--response-format', join(dir, 'missing.mjs')], 2, `--response-format ${join(dir, 'missing.mjs')}:`],
    [['docs', '--response-format', app('not-a-format.mjs')], 2, "format must be 'nested', 'flat', 'oauth', 'problem' or { format, schema }"],
    [['docs', '--max-validation-items', 'many'], 2, 'maxValidationItems must be a positive integer'],
    [['docs', '--codes', 'sent'], 2, '--codes sent needs --app'],
    [['docs', '--codes', 'some'], 2, '--codes must be all or sent, got "some"'],
    [['check', '--against', jobs], 2, 'name at least one catalogue file, or --app'],
    [['check'], 2, 'check needs --out, --docs, --openapi, --schema or --against']
  ]
  for (const [args, code, message] of cases) {
    const res = await cli(...args)
    t.equal(res.code, code, args.join(' '))
    t.match(res.stderr, message, args.join(' '))
  }
  const limited = await cli('docs', '--max-validation-items', '3')
  t.equal(limited.code, 0, 'a number is taken')
})

t.test('the CLI closes the app it loaded once the artefact is written', async t => {
  const res = await cli('docs', '--app', app('closing.ts'))
  t.equal(res.code, 0, res.stderr)
  t.equal((globalThis as { closedByCli?: boolean }).closedByCli, true)
})
