// The contract as an artifact: `contract` writes one versioned JSON document that validates
// against the shipped catalogue/contract.schema.json for every reference page's catalogue, a
// running app's own contract adds its routes, and check --against reads a contract as the older side.
import { readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { Ajv } from 'ajv'
import t from 'tap'
import { contractJsonSchema, type ContractDocument } from '../lib/artifacts/contract-document.js'
import { build, cli, fixture, scratch } from './helpers.js'

const root = new URL('..', import.meta.url).pathname
const { dir, file } = scratch('contract-document')

const schemaText = readFileSync(join(root, 'catalogue', 'contract.schema.json'), 'utf8')
const validate = new Ajv({ strict: true, allErrors: true }).compile(JSON.parse(schemaText))
/** The document's schema errors, as readable lines; empty when it validates. */
const schemaErrors = (document: unknown) => (validate(document) ? [] : validate.errors!.map(error => `${error.instancePath} ${error.message}`))

async function contractOf(...args: string[]): Promise<ContractDocument> {
  const out = join(dir, `${args.join('_').replace(/[^A-Za-z0-9]+/g, '-')}.json`)
  const result = await cli('contract', ...args, '--out', relative(process.cwd(), out))
  if (result.code !== 0) throw new Error(result.stderr)
  return JSON.parse(readFileSync(out, 'utf8')) as ContractDocument
}

t.test('the committed catalogue/contract.schema.json is the schema the module defines, and the package ships it', async t => {
  t.equal(schemaText, contractJsonSchema())
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { files: string[] }
  t.ok(pkg.files.includes('catalogue'), 'catalogue/ is in the package')
})

// The pages' own settings: generic and jobs stand without the built-ins; management answers in oauth.
const PAGES: [string, string[]][] = [
  ['generic', ['--no-builtins']],
  ['jobs', ['--no-builtins']],
  ['discovery', []],
  ['management', ['--response-format', 'oauth']],
  ['platform', ['--response-format', 'problem', '--problem-type-base', 'https://errors.example.com/']]
]

for (const [page, flags] of PAGES) {
  t.test(`the contract of the ${page} page's catalogue validates against its schema`, async t => {
    const catalogue = `test/reference-pages/${page}.yaml`
    const document = await contractOf(catalogue, ...flags)
    t.same(schemaErrors(document), [])
    t.equal(document.kind, 'fastify-error-catalogue/contract')
    t.equal(document.version, 1)
    t.match(document.generator, /^fastify-error-catalogue \d+\.\d+\.\d+/)
    // Every code of the reference is in the contract, with the status the reference gives it.
    const reference = await cli('docs', catalogue, ...flags)
    // The "All codes" table (the "Retrying" table repeats some rows in the same form).
    const allCodes = reference.stdout.slice(reference.stdout.indexOf('## All codes'), reference.stdout.indexOf('\n\n', reference.stdout.indexOf('| Code |')))
    const rows = [...allCodes.matchAll(/^\| \[`([A-Za-z0-9_]+)`\]\(#[A-Za-z0-9_]+\) \| (\d{3}) \|/gm)].map(([, code, status]) => [code, Number(status)])
    t.ok(rows.length > 0)
    const byCode = (a: unknown[], b: unknown[]) => (String(a[0]) < String(b[0]) ? -1 : 1)
    t.same(Object.entries(document.codes).map(([code, entry]) => [code, entry.status]).sort(byCode), rows.sort(byCode))
    // Each code's body schema is the one its format sends: the code itself as a constant where the format carries it.
    for (const [code, entry] of Object.entries(document.codes)) {
      t.match(JSON.stringify(entry.body), JSON.stringify(code), `${code}: its body schema names it`)
    }
  })
}

t.test("a running app's contract: routes, translations, params, details, retry and deprecation", async t => {
  const app = await build(t, {
    catalogue: {
      quota_exceeded: {
        status: 429,
        message: { en: 'Quota of {limit} exceeded', de: 'Kontingent von {limit} überschritten' },
        fix: 'Wait {limit} seconds',
        params: { limit: 'integer' },
        retryAfter: 60,
        details: { type: 'object', properties: { window: { type: 'string' } } }
      },
      old_quota: { status: 429, message: 'Old {what}', deprecated: { use: 'quota_exceeded', sunset: '2026-09-01' }, cause: 'Legacy' }
    },
    rateLimit: { max: 100 }
  })
  app.get('/q', { config: { errors: ['quota_exceeded'] } }, (_req, reply) => reply.fail('quota_exceeded', { limit: 5 }))
  await app.ready()
  const document = app.errorCatalogue.contract()
  t.same(schemaErrors(document), [])
  t.same(document.locales, ['en', 'de'])
  const quota = document.codes.quota_exceeded!
  t.same(quota.message, { en: 'Quota of {limit} exceeded', de: 'Kontingent von {limit} überschritten' })
  t.same(quota.fix, { en: 'Wait {limit} seconds', de: 'Wait {limit} seconds' }, 'an untranslated text is the default one in every locale')
  t.same(quota.title, { en: 'Too Many Requests', de: 'Too Many Requests' })
  t.same(quota.params, { limit: { type: 'integer' } })
  t.same(quota.details, { type: 'object', properties: { window: { type: 'string' } } })
  t.same(quota.retryAfter, { seconds: 60, limiter: false })
  t.same(quota.routes, ['GET /q'])
  const old = document.codes.old_quota!
  t.same(old.params, { what: { type: ['string', 'number'] } })
  t.same(old.deprecated, { use: 'quota_exceeded', sunset: '2026-09-01' })
  t.equal(old.cause, 'Legacy')
  t.same(old.routes, [])
  t.same(document.codes.rate_limit_exceeded!.retryAfter, { seconds: 60, limiter: true })
  t.same(document.codes.rate_limit_exceeded!.conditions, ['rate-limited', 'status-429'])
  t.same(document.codes.route_not_found!.conditions, ['route-not-found'])
  t.notOk('retryAfter' in document.codes.route_not_found!)
  t.notOk('fix' in old)
})

t.test('check --against a contract: a second version of a catalogue against the first', async t => {
  const v1 = file('v1.yaml', `quota_exceeded:
  status: 429
  message: Quota of {limit} exceeded
  params: { limit: integer }
legacy_export:
  status: 410
  message: Export {id} is gone
  deprecated: { use: quota_exceeded, since: 2020-01-01, sunset: 2020-06-01 }
beta_only:
  status: 404
  message: Not in beta
token_old:
  status: 401
  message: Old token
  deprecated: { use: quota_exceeded, sunset: 2999-01-01 }
`)
  const first = file('v1.contract.json', JSON.stringify(await contractOf(v1)))
  const same = await cli('check', v1, '--against', first)
  t.equal(same.code, 0, same.stderr)
  t.match(same.stdout, `no breaking changes against ${first}`)

  const v2 = file('v2.yaml', `quota_exceeded:
  status: 403
  message: Quota exceeded
added_code:
  status: 409
  message: New
`)
  const result = await cli('check', v2, '--against', first)
  t.equal(result.code, 1)
  t.same(result.stderr.trim().split('\n').sort(), [
    'BREAKING beta_only: code removed without being deprecated first (was 404)',
    'BREAKING quota_exceeded: parameter {limit} removed',
    'BREAKING quota_exceeded: status changed from 429 to 403',
    'BREAKING token_old: code removed before its sunset 2999-01-01 (was 401, use quota_exceeded)'
  ])
  t.equal(result.stdout, 'retired legacy_export: deprecated, removed after its sunset 2020-06-01\n')

  const widened = file('v3.yaml', `quota_exceeded:
  status: 429
  message: Quota of {limit} exceeded
beta_only:
  status: 404
  message: Not in beta
token_old:
  status: 401
  message: Old token
`)
  const typed = await cli('check', widened, '--against', first)
  t.equal(typed.code, 1)
  t.same(typed.stderr, 'BREAKING quota_exceeded: parameter {limit} type changed from integer to string | number\n', 'the parameter types ride in the contract')
})

t.test('contract --app: the app\'s own contract, its format and routes; usage errors are usage errors', async t => {
  const result = await cli('contract', '--app', fixture('apps/plugin.ts'))
  t.equal(result.code, 0, result.stderr)
  const document = JSON.parse(result.stdout) as ContractDocument
  t.same(schemaErrors(document), [])
  t.same(document.format, { name: 'problem', contentType: 'application/problem+json' })
  t.same(document.codes.resource_not_found!.routes, ['GET /projects/:id'])
  t.same(document.codes.conflict!.routes, [])
  t.match(document.codes.resource_not_found!.body, { properties: { type: { format: 'uri-reference' }, status: { const: 404 } } }, 'the body schema is the problem format\'s')

  const none = await cli('contract', '--no-builtins')
  t.equal(none.code, 2)
  t.match(none.stderr, 'name at least one catalogue file, or leave the built-ins on')
  const bad = await cli('contract', 'test/reference-pages/generic.yaml', '--response-format', 'xml')
  t.equal(bad.code, 2)
  t.match(bad.stderr, '--response-format must be nested, flat, oauth, problem or a module path, got "xml"')
  const builtinsOnly = await cli('contract')
  t.equal(builtinsOnly.code, 0, builtinsOnly.stderr)
  t.same(schemaErrors(JSON.parse(builtinsOnly.stdout)), [], 'without --out, the document goes to stdout')
})
