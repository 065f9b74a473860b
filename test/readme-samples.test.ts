// Every sample output of the README is what the code prints: each comes from a real run here,
// through the built package (dist/, what a user installs) in a folder of its own.
import { execFile, spawn } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { STATUS_CODES } from 'node:http'
import { createInterface } from 'node:readline'
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

/** The Quick start's text: its numbered steps' commands are found in it, as a reader would copy them. */
const quickStart = readme.slice(readme.indexOf('## Quick start\n'), readme.indexOf('\n## ', readme.indexOf('## Quick start\n') + 1))

t.test('the Quick start runs as written: generate, the server with its logger and listen(), the curl and its answer', async t => {
  const dir = folder('quick-start')
  const catalogue = blocks.find(b => b.lang === 'yaml')!
  const server = blocks.find(b => b.lang === 'ts' && b.section === 'Quick start')!
  const sample = next(server)
  t.equal(sample.lang, '', 'the answer follows the code')
  writeFileSync(join(dir, 'errors.yaml'), catalogue.code)

  // Step 3, the command as the README writes it, run with the built bin.
  const generate = /^ *npx fastify-error-catalogue (generate .+)$/m.exec(quickStart)![1]!
  await exec(process.execPath, [join(root, 'dist', 'cli', 'index.js'), ...generate.split(' ')], { cwd: dir, env: uncovered })
  t.ok(existsSync(join(dir, 'src', 'errors.generated.ts')), 'generate wrote the module server.ts imports')

  // Step 4, the server as written; only the port becomes 0 (any free one), read back from its own log.
  t.equal((server.code.match(/port: 3000/g) ?? []).length, 1)
  writeFileSync(join(dir, 'src', 'server.ts'), server.code.replace('port: 3000', 'port: 0'))
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], { cwd: dir, env: uncovered, stdio: ['ignore', 'pipe', 'inherit'] })
  t.teardown(() => child.kill())
  const logs: Record<string, unknown>[] = []
  const lines = createInterface({ input: child.stdout! })
  const port = await new Promise<string>((resolve, reject) => {
    child.once('exit', code => reject(new Error(`the server exited with ${code}`)))
    lines.on('line', line => {
      const entry = JSON.parse(line) as Record<string, unknown>
      logs.push(entry)
      const listening = /^Server listening at http:\/\/127\.0\.0\.1:(\d+)$/.exec(String(entry.msg))
      if (listening !== null) resolve(listening[1]!)
    })
  })

  // Step 5, the curl's URL, on the port the server took.
  const url = /^ *curl -i (http:\/\/localhost:3000\S+)$/m.exec(quickStart)![1]!.replace('localhost:3000', `127.0.0.1:${port}`)
  const res = await fetch(url)
  const answer = `HTTP/1.1 ${res.status} ${STATUS_CODES[res.status]}\ncontent-type: ${res.headers.get('content-type')}\n\n${await res.text()}\n`
  const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g
  t.match(answer, uuid, 'the request id is a UUID')
  t.equal(answer.replace(uuid, '<uuid>'), sample.code.replace(uuid, '<uuid>'))

  const empty = await fetch(url.replace('/projects/7', '/discover'), { method: 'POST' })
  t.equal(empty.status, 400, 'a POST without a body is not a 500')
  t.equal(((await empty.json()) as { error: { code: string } }).error.code, 'validation_error')
  // The server logs before it answers; the line may still be in the pipe.
  const answered = logs.find(entry => entry.code === 'resource_not_found') ??
    await new Promise<Record<string, unknown>>(resolve => lines.on('line', () => {
      const found = logs.find(entry => entry.code === 'resource_not_found')
      if (found !== undefined) resolve(found)
    }))
  t.equal(answered?.level, 30, 'the answer is logged at info, with its code')
  t.match(answered?.reqId, uuid, 'and the request id the client got')
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
