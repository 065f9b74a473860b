// The CLI's docs, schema and contract commands, run in-process from the project root.
import Ajv from 'ajv'
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import { parse } from 'yaml'
import { cli, fixture, uncovered } from './helpers.js'

const run = promisify(execFile)
const root = new URL('..', import.meta.url).pathname
const dir = mkdtempSync(join(tmpdir(), 'catalogue-docs-cli-'))
const contract = (name: string) => `test/fixtures/contract/${name}.yaml`

t.test('docs writes Markdown to stdout: the built-ins alone, with the limiter on, give the committed catalogue/ERRORS.md', async t => {
  const res = await cli('docs', '--format', 'md', '--rate-limit')
  t.equal(res.code, 0, res.stderr)
  t.equal(res.stdout, readFileSync(join(root, 'catalogue/ERRORS.md'), 'utf8'))
})

t.test('docs --format html --out: one page with the user codes merged over the built-ins', async t => {
  const out = join(dir, 'site', 'errors.html')
  const res = await cli(
    'docs', contract('v1'), '--format', 'html', '--out', out, '--response-format', 'problem',
    '--problem-type-base', 'https://api.example.com/errors#', '--title', 'Acme API errors'
  )
  t.equal(res.code, 0, res.stderr)
  t.match(res.stdout, `wrote ${out} (the HTML error reference)`)
  const html = readFileSync(out, 'utf8')
  t.match(html, '<title>Acme API errors</title>')
  for (const code of ['quota_exceeded', 'insufficient_balance', 'legacy_export_gone', 'not_found']) t.match(html, `id="${code}"`)
  t.match(html, '&quot;type&quot;: &quot;https://api.example.com/errors#quota_exceeded&quot;')
  t.match(html, 'Quota of 50 requests per &lt;window&gt; exceeded')

  // Without the built-ins the catalogue must answer what the plugin answers by itself, as at registration.
  const alone = await cli('docs', contract('v1'), '--no-builtins')
  t.equal(alone.code, 1)
  t.match(alone.stderr, 'no entry answers "route-not-found"')
  const standalone = await cli('docs', contract('v1'), fixture('conditions/minimal.yaml'), '--no-builtins')
  t.match(standalone.stdout, '10 codes')
  t.notMatch(standalone.stdout, 'rate_limit_exceeded')
})

t.test('docs and check refuse bad arguments with exit code 2', async t => {
  const cases = [
    ['docs', '--format', 'pdf'],
    ['docs', '--response-format', 'xml'],
    ['docs', '--no-builtins'],
    ['check'],
    ['check', '--against', contract('v1')],
    ['check', contract('v2-additive'), '--against', 'missing.yaml'],
    ['check', contract('v2-additive'), '--against', 'no-such-ref:errors.yaml']
  ]
  const results = await Promise.all(cases.map(args => cli(...args)))
  results.forEach((res, i) => {
    t.equal(res.code, 2, cases[i]!.join(' '))
    t.match(res.stderr, 'Usage:')
  })
  t.match(results[0]!.stderr, '--format must be md or html, got "pdf"')
  t.match(results[5]!.stderr, '--against missing.yaml: no such file, and not a git ref:path')
  t.match(results[6]!.stderr, /--against no-such-ref:errors\.yaml: fatal: /)
})

t.test('check --against: one line per breaking edit, exit 1', async t => {
  const res = await cli('check', contract('v2-breaking'), '--against', contract('v1'))
  t.equal(res.code, 1)
  t.equal(
    res.stderr,
    [
      'BREAKING quota_exceeded: status changed from 429 to 403',
      'BREAKING quota_exceeded: parameter {window} renamed to {period}',
      'BREAKING insufficient_balance: details.currency: no longer accepts "USD"',
      'BREAKING insufficient_balance: details.available: now required',
      'BREAKING legacy_export_gone: code removed (was 410)',
      ''
    ].join('\n')
  )
})

t.test('check --against: additions pass', async t => {
  const res = await cli('check', contract('v2-additive'), '--against', contract('v1'))
  t.equal(res.code, 0, res.stderr)
  t.equal(res.stdout, `no breaking changes against ${contract('v1')} (31 codes, 1 added)\n`)
})

t.test('check --against git ref:path reads the older catalogue from git', async t => {
  const same = await cli('check', 'catalogue/errors.yaml', '--no-builtins', '--against', 'HEAD:catalogue/errors.yaml')
  t.equal(same.code, 0, same.stderr)
  t.match(same.stdout, 'no breaking changes against HEAD:catalogue/errors.yaml')
  const narrowed = await cli('check', contract('v1'), '--no-builtins', '--against', 'HEAD:catalogue/errors.yaml')
  t.equal(narrowed.code, 1)
  t.match(narrowed.stderr, 'BREAKING rate_limit_exceeded: code removed (was 429)\n')
})

t.test('check --docs and --schema fail when the committed files are stale, naming the command to run', async t => {
  const md = join(dir, 'ERRORS.md')
  const html = join(dir, 'errors.html')
  const schema = join(dir, 'catalogue.schema.json')
  writeFileSync(md, '# old\n')
  writeFileSync(schema, '{}\n')
  const stale = await cli('check', contract('v1'), '--docs', md, '--schema', schema, '--response-format', 'flat')
  t.equal(stale.code, 1)
  t.match(stale.stderr, `${md} is stale: run fastify-error-catalogue docs ${contract('v1')} --response-format flat --format md --out ${md}`)
  t.match(stale.stderr, `${schema} is stale: run fastify-error-catalogue schema --out ${schema}`)

  t.equal((await cli('docs', contract('v1'), '--response-format', 'flat', '--out', md)).code, 0)
  t.equal((await cli('docs', contract('v1'), '--format', 'html', '--out', html)).code, 0)
  t.equal((await cli('schema', '--out', schema)).code, 0)
  const fresh = await cli('check', contract('v1'), '--docs', md, '--schema', schema, '--response-format', 'flat')
  t.equal(fresh.code, 0, fresh.stderr)
  t.equal(fresh.stdout, `${md} is up to date\n${schema} is up to date\n`)
  const htmlFresh = await cli('check', contract('v1'), '--docs', html)
  t.equal(htmlFresh.code, 0, htmlFresh.stderr)
  const missing = await cli('check', '--docs', join(dir, 'none.md'))
  t.match(missing.stderr, 'none.md is missing: run fastify-error-catalogue docs --format md --out')
})

t.test('the committed catalogue/ERRORS.md and catalogue/catalogue.schema.json are fresh', async t => {
  const res = await cli('check', '--rate-limit', '--docs', 'catalogue/ERRORS.md', '--schema', 'catalogue/catalogue.schema.json')
  t.equal(res.code, 0, `${res.stderr}run npm run generate:artifacts`)
  const script = await run(process.execPath, ['--import', 'tsx', 'scripts/generate-artifacts.ts', '--check'], { cwd: root, env: uncovered })
  t.match(script.stdout, 'catalogue/ERRORS.md is up to date')
})

t.test('the editor JSON Schema accepts the built-in catalogue and flags what the loader flags', async t => {
  const res = await cli('schema')
  t.equal(res.stdout, readFileSync(join(root, 'catalogue/catalogue.schema.json'), 'utf8'))
  const schema = JSON.parse(res.stdout)
  const validate = new Ajv.default({ allErrors: true, strict: false }).compile(schema)
  const builtins = parse(readFileSync(join(root, 'catalogue/errors.yaml'), 'utf8'))
  t.ok(validate({ $schema: './catalogue.schema.json', ...builtins }), JSON.stringify(validate.errors))
  t.ok(validate(parse(readFileSync(join(root, contract('v2-additive')), 'utf8'))))
  t.notOk(validate({ typo_key: { stauts: 404, message: 'x' } }), 'unknown key, missing status')
  t.notOk(validate({ 'Not-A-Code': { status: 404, message: 'x' } }), 'code pattern')
  t.notOk(validate({ low: { status: 302, message: 'x' } }), 'status range')
})
