// Every sample output of the README is what the code prints: each comes from a real run here,
// through the built package (dist/, what a user installs) in a folder of its own.
import { execFile } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import { uncovered } from './helpers.js'
import { README, readmeBlocks } from './readme-blocks.js'

const exec = promisify(execFile)
const root = new URL('..', import.meta.url).pathname
const blocks = readmeBlocks()
const readme = readFileSync(README, 'utf8')

/** A fresh folder inside the package, so `import 'fastify-error-catalogue'` resolves to dist/ by self-reference. */
function folder(name: string): string {
  const dir = join(root, 'test', '.tmp', 'readme-samples', name)
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  return dir
}

/** The block after `block` in the README. */
const next = (block: { line: number }) => blocks[blocks.findIndex(b => b.line === block.line) + 1]!

t.test('the Quick start answers GET /projects/7 as shown', async t => {
  const dir = folder('quick-start')
  const catalogue = blocks.find(b => b.lang === 'yaml')!
  const app = blocks.find(b => b.lang === 'ts' && b.section === 'Quick start')!
  const sample = next(app)
  t.equal(sample.lang, '', 'the sample follows the code')
  writeFileSync(join(dir, 'errors.yaml'), catalogue.code)
  await exec(process.execPath, [join(root, 'dist', 'cli', 'index.js'), 'generate', 'errors.yaml', '--out', 'errors.generated.ts'], { cwd: dir, env: uncovered })
  writeFileSync(
    join(dir, 'app.ts'),
    // The template literal is the generated program's, not this file's.
    // eslint-disable-next-line no-template-curly-in-string
    app.code + "const res = await app.inject('/projects/7')\nconsole.log(`GET /projects/7\\n${res.statusCode} ${res.body}`)\n"
  )
  const { stdout } = await exec(process.execPath, ['--import', 'tsx', 'app.ts'], { cwd: dir, env: uncovered })
  t.equal(stdout, sample.code)
})

t.test('the invalid catalogue sample is what Node prints when registration fails', async t => {
  const dir = folder('invalid')
  const catalogue = blocks.find(b => b.lang === 'yaml' && b.section === 'The catalogue file')!
  const sample = next(catalogue)
  t.equal(sample.lang, 'text')
  writeFileSync(join(dir, 'errors.yaml'), catalogue.code)
  writeFileSync(
    join(dir, 'app.mjs'),
    "import Fastify from 'fastify'\nimport errorsPlugin from 'fastify-error-catalogue'\n\nconst app = Fastify()\nawait app.register(errorsPlugin, { catalogue: './errors.yaml' })\n"
  )
  const failed = await exec(process.execPath, ['app.mjs'], { cwd: dir, env: uncovered }).then(
    () => undefined,
    (error: { code: number; stderr: string }) => error
  )
  t.equal(failed?.code, 1, 'registration fails')
  t.ok(failed?.stderr.includes(sample.code), 'the README shows the printed name and message')
  t.match(failed?.stderr, "code: 'FST_CATALOGUE_INVALID'")
  t.notMatch(failed?.stderr, /\.ts:\d/, 'no stack frame points into TypeScript sources (the package ships none)')
  t.notMatch(failed?.stderr, join(root, 'lib'), 'nor into lib/')
})

t.test('the generated module shown is what generate writes for the Quick start catalogue', async t => {
  const dir = folder('generate')
  writeFileSync(join(dir, 'errors.yaml'), blocks.find(b => b.lang === 'yaml')!.code)
  await exec(process.execPath, [join(root, 'dist', 'cli', 'index.js'), 'generate', 'errors.yaml', '--out', 'src/errors.generated.ts'], { cwd: dir, env: uncovered })
  const shown = blocks.find(b => b.lang === 'ts' && b.code.startsWith('// Generated from'))!
  t.equal(shown.code, readFileSync(join(dir, 'src', 'errors.generated.ts'), 'utf8'))
})

t.test('the compatibility table names the Fastify version the tests run against', async t => {
  const { version } = JSON.parse(readFileSync(join(root, 'node_modules', 'fastify', 'package.json'), 'utf8')) as { version: string }
  const row = readme.split('\n').find(line => line.startsWith('| 0.x |'))!
  t.match(row, `${version} (the lockfile's)`)
})
