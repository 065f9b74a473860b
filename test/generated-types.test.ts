// The edit loop: a generated types module records its catalogue and a hash of its declarations;
// when the plugin registers those files and they no longer match, it warns once.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { pathToFileURL } from 'node:url'
import Fastify from 'fastify'
import t from 'tap'
import { cli, logCapture } from './helpers.js'

const root = new URL('..', import.meta.url).pathname
const dir = join(root, 'test', '.tmp', 'generated-types')
rmSync(dir, { recursive: true, force: true })
mkdirSync(dir, { recursive: true })
const catalogue = relative(process.cwd(), join(dir, 'errors.yaml'))
const other = relative(process.cwd(), join(dir, 'other.yaml'))
const module = join(dir, 'errors.generated.ts')

writeFileSync(catalogue, 'quota_exceeded:\n  status: 429\n  message: Quota of {limit} exceeded\n')
writeFileSync(other, 'gone:\n  status: 410\n  message: Gone\n')
const generated = await cli('generate', catalogue, '--out', module)
// The generated module imports the package by name (dist/ here, as in an app), before the plugin
// under test is loaded: both copies share one registry.
await import(pathToFileURL(module).href)
const { default: errorsPlugin, generatedTypes } = await import('../lib/index.js')

async function warnings(options: Parameters<typeof errorsPlugin>[1]): Promise<string[]> {
  const { stream, lines } = logCapture()
  const app = Fastify({ logger: { level: 'warn', stream } })
  await app.register(errorsPlugin, options)
  await app.ready()
  await app.close()
  return lines.filter(line => line.level === 40).map(line => String(line.msg))
}

t.test('generate records the catalogue and its hash in the module', async t => {
  t.equal(generated.code, 0, generated.stderr)
})

t.test('a fresh module: no warning; an edit that changes no type (a cause) keeps it fresh', async t => {
  t.same(await warnings({ catalogue }), [])
  writeFileSync(catalogue, 'quota_exceeded:\n  status: 429\n  message: Quota of {limit} exceeded\n  cause: Too many calls\n')
  t.same(await warnings({ catalogue: pathToFileURL(catalogue) }), [], 'the same file as a file: URL')
})

t.test('other catalogues are not this module\'s: no warning', async t => {
  writeFileSync(catalogue, 'quota_exceeded:\n  status: 429\n  message: Quota of {limit} exceeded in {window}\n')
  t.same(await warnings({ catalogue: other }), [])
  t.same(await warnings({ catalogue: [catalogue, other] }), [])
  t.same(await warnings({ catalogue: { gone: { status: 410, message: 'Gone' } } }), [])
  t.same(await warnings({}), [])
})

t.test('a stale module: one warning naming the command, then no more', async t => {
  // A new placeholder changes the types: the module is stale until `generate` runs again.
  t.same(await warnings({ catalogue }), [
    `fastify-error-catalogue: the types generated from ${catalogue} are stale (the catalogue changed since): run npx fastify-error-catalogue generate ${catalogue} --out ${module}`
  ])
  t.same(await warnings({ catalogue }), [], 'once per process')
})

t.test('the stale module still serves the catalogue as it is now', async t => {
  const app = Fastify()
  await app.register(errorsPlugin, { catalogue })
  app.get('/', (_req, reply) => reply.fail('quota_exceeded', { limit: 5, window: 'a day' } as never))
  t.equal((await app.inject('/')).json().error.message, 'Quota of 5 exceeded in a day')
})

t.test('a module registered with this copy of the package is checked the same way', async t => {
  generatedTypes({ catalogue: [other], hash: '0000000000000000', regenerate: 'npx fastify-error-catalogue generate other.yaml --out other.generated.ts' })
  t.same(await warnings({ catalogue: other }), [
    `fastify-error-catalogue: the types generated from ${other} are stale (the catalogue changed since): run npx fastify-error-catalogue generate other.yaml --out other.generated.ts`
  ])
})
