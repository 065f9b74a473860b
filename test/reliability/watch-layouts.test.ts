/**
 * Issue 18, item 5: `watch` follows the layouts catalogues really live in: a directory
 * renamed away and re-created, a symlinked catalogue (its target edited, the link swapped),
 * a Kubernetes ConfigMap's `..data` swap. A file out of sight is logged once while watch keeps
 * looking; NODE_ENV means production however it is written; a registration that fails leaves
 * no watcher open.
 */
import Fastify, { type FastifyInstance } from 'fastify'
import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'tap'
import errorsPlugin from '../../lib/index.js'
import { logCapture } from '../helpers.js'

type Line = Record<string, unknown>

/** Waits on real file events until a log line after `from` matches; gives up after 60 s (a hang, not a slow machine). */
async function logged(lines: Line[], text: string, from: number): Promise<Line> {
  for (let waited = 0; waited < 60_000; waited += 10) {
    const line = lines.slice(from).find(line => String(line.msg).includes(text))
    if (line !== undefined) return line
    await new Promise(resolve => setTimeout(resolve, 10))
  }
  throw new Error(`timed out waiting for "${text}"`)
}

const entry = (code: string, status: number) => `${code}:\n  status: ${status}\n  message: ${code}\n`

function tempDir(t: { teardown(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'watch-layout-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

async function watched(t: { teardown(fn: () => unknown): void }, catalogue: string): Promise<{ app: FastifyInstance; lines: Line[]; answers(code: string): Promise<number> }> {
  const { stream, lines } = logCapture()
  const app = Fastify({ logger: { level: 'info', stream } })
  t.teardown(() => app.close())
  await app.register(errorsPlugin, { catalogue, watch: { debounceMs: 5 } })
  app.get('/:code', (request, reply) => reply.fail((request.params as { code: string }).code as never, {} as never))
  await app.ready()
  return { app, lines, answers: async code => (await app.inject(`/${code}`)).statusCode }
}

test('a directory renamed away and re-created: logged once, and its new files are watched', async t => {
  const root = tempDir(t)
  const dir = join(root, 'config')
  mkdirSync(dir)
  const file = join(dir, 'errors.yaml')
  writeFileSync(file, entry('first_code', 409))
  const { lines, answers } = await watched(t, file)

  let mark = lines.length
  renameSync(dir, join(root, 'config.old'))
  const lost = await logged(lines, 'lost sight of', mark)
  t.match(lost, { level: 40, file })
  t.equal(await answers('first_code'), 409, 'the last good catalogue answers')

  mkdirSync(dir)
  writeFileSync(file, entry('second_code', 410))
  await logged(lines, 'is back', mark)
  t.same((await logged(lines, 'catalogue reloaded', mark)).added, ['second_code'])
  t.equal(await answers('second_code'), 410)
  t.equal(lines.slice(mark).filter(line => String(line.msg).includes('lost sight of')).length, 1, 'lost sight of it once')

  // The new directory is the one watched now.
  mark = lines.length
  writeFileSync(file, entry('third_code', 411))
  t.same((await logged(lines, 'catalogue reloaded', mark)).added, ['third_code'])
  t.equal(await answers('third_code'), 411)
})

test('a symlinked catalogue: edits to its target and swaps of the link are seen', async t => {
  const root = tempDir(t)
  mkdirSync(join(root, 'real'))
  mkdirSync(join(root, 'app'))
  const target = join(root, 'real', 'errors.yaml')
  const other = join(root, 'real', 'other.yaml')
  writeFileSync(target, entry('first_code', 409))
  writeFileSync(other, entry('other_code', 412))
  const link = join(root, 'app', 'errors.yaml')
  symlinkSync(target, link)
  const { lines, answers } = await watched(t, link)

  let mark = lines.length
  writeFileSync(target, entry('edited_code', 410))
  t.same((await logged(lines, 'catalogue reloaded', mark)).added, ['edited_code'])
  t.equal(await answers('edited_code'), 410)

  // A swap, as deploy tools do it: a new link renamed over the old one.
  mark = lines.length
  symlinkSync(other, join(root, 'app', 'errors.yaml.tmp'))
  renameSync(join(root, 'app', 'errors.yaml.tmp'), link)
  t.same((await logged(lines, 'catalogue reloaded', mark)).added, ['other_code'])
  t.equal(await answers('other_code'), 412)

  // The new target is followed too.
  mark = lines.length
  writeFileSync(other, entry('other_edited', 413))
  t.same((await logged(lines, 'catalogue reloaded', mark)).added, ['other_edited'])

  // A target in another directory: that directory is watched, the old one no longer.
  mark = lines.length
  mkdirSync(join(root, 'elsewhere'))
  const far = join(root, 'elsewhere', 'errors.yaml')
  writeFileSync(far, entry('far_code', 414))
  symlinkSync(far, join(root, 'app', 'errors.yaml.tmp'))
  renameSync(join(root, 'app', 'errors.yaml.tmp'), link)
  t.same((await logged(lines, 'catalogue reloaded', mark)).added, ['far_code'])
  mark = lines.length
  writeFileSync(far, entry('far_edited', 415))
  t.same((await logged(lines, 'catalogue reloaded', mark)).added, ['far_edited'])
})

test('a symlink to a file beside it: edits to the target are seen', async t => {
  const dir = tempDir(t)
  writeFileSync(join(dir, 'real.yaml'), entry('first_code', 409))
  symlinkSync('real.yaml', join(dir, 'errors.yaml'))
  const { lines, answers } = await watched(t, join(dir, 'errors.yaml'))
  const mark = lines.length
  writeFileSync(join(dir, 'real.yaml'), entry('edited_code', 410))
  t.same((await logged(lines, 'catalogue reloaded', mark)).added, ['edited_code'])
  t.equal(await answers('edited_code'), 410)
})

test('a directory renamed away between registration and ready: watched once it is back', async t => {
  const root = tempDir(t)
  const dir = join(root, 'config')
  mkdirSync(dir)
  const file = join(dir, 'errors.yaml')
  writeFileSync(file, entry('first_code', 409))
  const { stream, lines } = logCapture()
  const app = Fastify({ logger: { level: 'info', stream } })
  t.teardown(() => app.close())
  await app.register(errorsPlugin, { catalogue: file, watch: { debounceMs: 5 } })
  renameSync(dir, join(root, 'config.old'))
  await app.ready()
  await logged(lines, 'lost sight of', 0)
  mkdirSync(dir)
  writeFileSync(file, entry('second_code', 410))
  t.same((await logged(lines, 'catalogue reloaded', 0)).added, ['second_code'])
  const mark = lines.length
  writeFileSync(file, entry('third_code', 411))
  t.same((await logged(lines, 'catalogue reloaded', mark)).added, ['third_code'])
})

test('a Kubernetes ConfigMap volume: the ..data swap is seen, every time', async t => {
  const dir = tempDir(t)
  // kubelet's layout: errors.yaml → ..data/errors.yaml, ..data → ..<timestamp>/
  const version = (name: string, code: string, status: number) => {
    mkdirSync(join(dir, name))
    writeFileSync(join(dir, name, 'errors.yaml'), entry(code, status))
  }
  version('..2026_12_04_01_00_00.1', 'first_code', 409)
  symlinkSync('..2026_12_04_01_00_00.1', join(dir, '..data'))
  symlinkSync('..data/errors.yaml', join(dir, 'errors.yaml'))
  const { lines, answers } = await watched(t, join(dir, 'errors.yaml'))

  let previous = '..2026_12_04_01_00_00.1'
  for (const [i, status] of [410, 411].entries()) {
    const mark = lines.length
    const next = `..2026_12_04_01_0${i + 1}_00.1`
    version(next, `swap_${i}`, status)
    symlinkSync(next, join(dir, '..data_tmp'))
    renameSync(join(dir, '..data_tmp'), join(dir, '..data'))
    rmSync(join(dir, previous), { recursive: true })
    previous = next
    t.same((await logged(lines, 'catalogue reloaded', mark)).added, [`swap_${i}`], `swap ${i + 1}`)
    t.equal(await answers(`swap_${i}`), status)
  }
})

test('a file out of sight is logged once while watch keeps looking', async t => {
  const dir = tempDir(t)
  const file = join(dir, 'errors.yaml')
  writeFileSync(file, entry('first_code', 409))
  const { lines, answers } = await watched(t, file)
  const mark = lines.length
  rmSync(file)
  await logged(lines, 'lost sight of', mark)
  // Several polls later, still one line.
  await new Promise(resolve => setTimeout(resolve, 1000))
  t.equal(lines.slice(mark).filter(line => String(line.msg).includes('lost sight of')).length, 1)
  t.equal(await answers('first_code'), 409)
  writeFileSync(file, entry('back_code', 410))
  await logged(lines, 'is back', mark)
  await logged(lines, 'catalogue reloaded', mark)
  t.equal(await answers('back_code'), 410)
})

/** Open watchers of either kind, once closed handles are gone. */
async function watchers(): Promise<number> {
  await new Promise(resolve => setImmediate(resolve))
  await new Promise(resolve => setImmediate(resolve))
  return process.getActiveResourcesInfo().filter(name => name === 'FSEventWrap' || name === 'StatWatcher').length
}

test('NODE_ENV means production trimmed and in any case, and prod too', async t => {
  const saved = process.env.NODE_ENV
  t.teardown(() => {
    process.env.NODE_ENV = saved
  })
  const file = join(tempDir(t), 'errors.yaml')
  writeFileSync(file, entry('first_code', 409))
  for (const value of ['Production', 'PRODUCTION', ' production ', 'prod', 'Prod\n']) {
    process.env.NODE_ENV = value
    const before = await watchers()
    const { stream, lines } = logCapture()
    const app = Fastify({ logger: { stream } })
    await app.register(errorsPlugin, { catalogue: file, watch: true })
    await app.ready()
    t.equal(await watchers(), before, `${JSON.stringify(value)}: nothing watched`)
    t.ok(lines.some(line => String(line.msg).startsWith('fastify-error-catalogue: watch refused because NODE_ENV is')), JSON.stringify(value))
    await app.close()
  }
  process.env.NODE_ENV = 'development'
  const { app } = await watched(t, file)
  t.ok(app)
  t.ok((await watchers()) > 0, 'development watches')
})

test('a registration that fails after the plugin registered leaves no watcher open', async t => {
  const file = join(tempDir(t), 'errors.yaml')
  writeFileSync(file, entry('first_code', 409))
  const before = await watchers()
  const app = Fastify()
  app.get('/errors', async () => 'mine')
  try {
    await app.register(errorsPlugin, { catalogue: file, watch: true, docs: true })
    await app.ready()
    t.fail('the docs route collides with GET /errors')
  } catch (error) {
    t.match(error, { code: 'FST_ERR_DUPLICATED_ROUTE' })
  }
  t.equal(await watchers(), before, 'no watcher keeps the process alive')
})
