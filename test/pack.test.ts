// The packed package, installed in a fresh folder, works from ESM and from TypeScript.
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import { uncovered } from './helpers.js'

const exec = promisify(execFile)
// The consumer runs dist/: kept out of tap's coverage of lib/.
const run = (file: string, args: string[], options: { cwd: string; timeout?: number } = { cwd: root }) => exec(file, args, { ...options, env: uncovered })
const root = new URL('..', import.meta.url).pathname
const tsc = join(root, 'node_modules', '.bin', 'tsc')

// npm install, tsc and a run took 53 s on the busy machine: more room than the suite's per-file timeout (a subtest's own timeout does not lift it).
t.setTimeout(300_000)

t.test('npm pack → install in a fresh folder → generate, compile and serve', { timeout: 240_000 }, async t => {
  if (!existsSync(join(root, 'dist', 'index.js'))) await run('npm', ['run', 'build'], { cwd: root })
  const work = mkdtempSync(join(tmpdir(), 'catalogue-pack-'))
  const { stdout: packed } = await run('npm', ['pack', '--silent', '--pack-destination', work], { cwd: root })
  const tarball = join(work, packed.trim().split('\n').pop()!)

  const consumer = join(work, 'consumer')
  await run('mkdir', ['-p', consumer])
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }))
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', tarball, 'fastify@5', '@types/node@20'], {
    cwd: consumer,
    timeout: 180_000
  })

  const installed = join(consumer, 'node_modules', 'fastify-error-catalogue')
  t.ok(existsSync(join(installed, 'catalogue', 'errors.yaml')), 'the built-in catalogue ships')
  t.match(readFileSync(join(installed, 'LICENSE'), 'utf8'), /^MIT License\n\nCopyright \(c\) 2026 fastify-error-catalogue contributors\n/, 'the MIT license ships')
  t.notOk(readdirSync(installed).includes('test'), 'tests do not ship')
  t.ok(existsSync(join(installed, 'CHANGELOG.md')), 'the changelog ships')
  // ESM only, as the README's Install says: require() finds no export for it.
  const required = await run(process.execPath, ['-e', "require('fastify-error-catalogue')"], { cwd: consumer }).then(
    () => '',
    (error: { stderr: string }) => error.stderr
  )
  t.match(required, 'ERR_PACKAGE_PATH_NOT_EXPORTED')
  t.notOk(existsSync(join(consumer, 'node_modules', '@fastify', 'rate-limit')), 'the optional peer dependency is not installed with the package')
  // The run time imports no TypeBox: an app on @fastify/type-provider-typebox 6 (typebox 1.x) gets no second copy.
  t.notOk(existsSync(join(consumer, 'node_modules', '@sinclair', 'typebox')), 'no @sinclair/typebox')
  t.notOk(existsSync(join(consumer, 'node_modules', 'typebox')), 'no typebox')
  t.notOk(existsSync(join(consumer, 'node_modules', 'yaml')), 'no yaml (js-yaml parses catalogues)')

  writeFileSync(join(consumer, 'errors.yaml'), 'batch_too_large:\n  status: 400\n  message: Batch exceeds {max}\n  params: { max: integer }\n')
  const bin = join(consumer, 'node_modules', '.bin', 'fastify-error-catalogue')
  await run(bin, ['generate', 'errors.yaml', '--out', 'errors.generated.ts'], { cwd: consumer })

  writeFileSync(
    join(consumer, 'app.ts'),
    `import Fastify from 'fastify'
import errorsPlugin, { isCatalogueError, schemaErrorFormatter } from 'fastify-error-catalogue'
import './errors.generated.js'

const app = Fastify({ schemaErrorFormatter })
await app.register(errorsPlugin, { catalogue: './errors.yaml' })
app.get('/batch', async () => { throw app.errors.batch_too_large({ max: 50 }) })
app.get('/p/:id', (_req, reply) => reply.fail('resource_not_found', { resource: 'Project', id: 7 }))
app.get('/returned', async () => app.errors.batch_too_large({ max: 5 }))
app.post('/items', { schema: { body: { type: 'object', required: ['name'] } } }, async () => 'ok')
// @ts-expect-error a misspelt parameter is a compile error in the consumer too
app.get('/typo', (_req, reply) => reply.fail('batch_too_large', { maxx: 50 }))
const batch = await app.inject('/batch')
const project = await app.inject('/p/7')
const returned = await app.inject('/returned')
const invalid = await app.inject({ method: 'POST', url: '/items', payload: {} })
// @fastify/rate-limit is an optional peer dependency, not installed here: only rateLimit needs it.
const limited = Fastify()
const withoutLimiter = await limited.register(errorsPlugin, { rateLimit: true }).ready().then(() => 'registered', (error: Error & { code?: string }) => [error.code, error.message])
console.log(JSON.stringify({ batch: [batch.statusCode, batch.json()], project: [project.statusCode, project.json()], returned: [returned.statusCode, returned.json()], invalid: [invalid.statusCode, invalid.json()], is: isCatalogueError(app.errors.forbidden()), withoutLimiter }))
`
  )
  writeFileSync(
    join(consumer, 'tsconfig.json'),
    JSON.stringify({
      // skipLibCheck, as `tsc --init` writes it: the `rateLimit` option is typed by @fastify/rate-limit's own
      // declarations, which this consumer, not using the option, does not install (see the README's Compatibility).
      compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: true, outDir: 'out', types: ['node'] },
      include: ['*.ts']
    })
  )
  await run(tsc, ['-p', 'tsconfig.json'], { cwd: consumer })
  const { stdout } = await run(process.execPath, ['out/app.js'], { cwd: consumer })
  const result = JSON.parse(stdout)

  t.same(result.batch, [400, { error: { code: 'batch_too_large', message: 'Batch exceeds 50', params: { max: 50 }, request_id: 'req-1' } }])
  t.equal(result.project[0], 404)
  t.equal(result.project[1].error.message, "Project '7' not found")
  t.same(result.returned, [400, { error: { code: 'batch_too_large', message: 'Batch exceeds 5', params: { max: 5 }, request_id: 'req-3' } }], 'a returned error is answered like a thrown one')
  t.equal(result.invalid[0], 400)
  t.same(result.invalid[1].error.details, [{ field: 'name', in: 'body', message: 'is required' }], 'schemaErrorFormatter from the packed package')
  t.equal(result.is, true)
  t.equal(result.withoutLimiter[0], 'FST_CATALOGUE_OPTION_INVALID')
  t.match(result.withoutLimiter[1], /rateLimit needs @fastify\/rate-limit 11, an optional peer dependency: npm install @fastify\/rate-limit \(Cannot find package '@fastify\/rate-limit'/)
})
