// The `watch` option end to end: edits take effect on save, a bad edit keeps the last good catalogue.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import t from 'tap'
import { build, logCapture } from './helpers.js'

type Line = Record<string, unknown>

/** Waits (on real file events, so on the clock) until a log line matches; gives up after 60 s (a hang, not a slow machine). */
async function logged(lines: Line[], match: (line: Line) => boolean, from = 0): Promise<Line> {
  const deadline = Date.now() + 60_000
  for (;;) {
    const line = lines.slice(from).find(match)
    if (line !== undefined) return line
    if (Date.now() > deadline) throw new Error('timed out waiting for a log line')
    await new Promise(resolve => setTimeout(resolve, 5))
  }
}

const message = (text: string) => (line: Line) => typeof line.msg === 'string' && line.msg.includes(text)

function tempCatalogue(t: { teardown(fn: () => void): void }, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'catalogue-watch-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const file = join(dir, 'errors.yaml')
  writeFileSync(file, text)
  return file
}

const JOBS = 'job_locked:\n  status: 409\n  message: Job {id} is locked\n'
const PAUSED = 'job_paused:\n  status: 423\n  message: Job {id} is paused\n'

t.test('edit, break, remove and restore the catalogue while the app answers', async t => {
  const file = tempCatalogue(t, JOBS)
  const logs = logCapture()
  const app = await build(t, { catalogue: file, watch: { debounceMs: 5 }, docs: true }, { logger: { level: 'info', stream: logs.stream } })
  const errors = app.errors as unknown as Record<string, ((params: object) => Error) | undefined>
  app.get('/fail/:code', (request, reply) => reply.fail((request.params as { code: string }).code as never, { id: '7' } as never))
  app.get('/throw/:code', async request => {
    throw errors[(request.params as { code: string }).code]!({ id: '7' })
  })
  await app.ready()
  t.ok(logs.lines.some(message('watching the catalogue')))
  t.equal((await app.inject('/fail/job_locked')).statusCode, 409)
  t.equal((await app.inject('/fail/job_paused')).statusCode, 500)

  // A new code answers through reply.fail and app.errors as soon as the file is saved.
  let mark = logs.lines.length
  writeFileSync(file, JOBS + PAUSED)
  const reloaded = await logged(logs.lines, message('catalogue reloaded'), mark)
  t.same(reloaded.added, ['job_paused'])
  t.same(reloaded.removed, [])
  const paused = await app.inject('/throw/job_paused')
  t.equal(paused.statusCode, 423)
  t.equal(paused.json().error.message, 'Job 7 is paused')
  t.equal((await app.inject('/fail/job_paused')).statusCode, 423)
  t.ok('job_paused' in errors)
  t.ok(Object.keys(errors).includes('job_paused'))
  t.ok(app.errorCatalogue.has('job_paused'))
  t.match((await app.inject('/errors')).body, 'id="job_paused"')
  t.equal((await app.inject('/errors/job_paused')).statusCode, 302)

  // A broken file: every problem logged with file, line and column; the last good catalogue answers.
  mark = logs.lines.length
  writeFileSync(file, JOBS + PAUSED + 'job_gone:\n  status: 4000\n  mesage: Gone\n')
  await logged(logs.lines, message('the last good catalogue still answers'), mark)
  const problems = logs.lines.slice(mark).filter(line => line.level === 50 && line.file === file)
  t.ok(problems.length >= 2)
  t.match(problems[0], { file, line: 7, code: 'job_gone', msg: new RegExp(`${file}:7:\\d+ job_gone: `) })
  t.equal((await app.inject('/fail/job_paused')).statusCode, 423)

  // A removed file: logged, still answering; saving it again reloads.
  mark = logs.lines.length
  rmSync(file)
  await logged(logs.lines, message('Cannot read error catalogue'), mark)
  t.equal((await app.inject('/fail/job_paused')).statusCode, 423)

  // A removed code: gone from reply.fail (internal_error, logged) and from app.errors.
  mark = logs.lines.length
  writeFileSync(file, JOBS)
  t.same((await logged(logs.lines, message('catalogue reloaded'), mark)).removed, ['job_paused'])
  t.equal((await app.inject('/fail/job_paused')).statusCode, 500)
  t.equal(errors.job_paused, undefined)
  t.notOk('job_paused' in errors)
  t.notMatch((await app.inject('/errors')).body, 'id="job_paused"')
})

t.test('a file that is not a mapping is one problem without a position', async t => {
  const file = tempCatalogue(t, JOBS)
  const logs = logCapture()
  const app = await build(t, { catalogue: file, watch: { debounceMs: 0 } }, { logger: { stream: logs.stream } })
  await app.ready()
  const mark = logs.lines.length
  writeFileSync(file, '- job_locked\n')
  await logged(logs.lines, message('the catalogue has 1 problem;'), mark)
  t.match(logs.lines.slice(mark).find(line => line.file === file), { msg: `fastify-error-catalogue: ${file}: a catalogue must be a mapping of error codes to entries` })
  t.ok(app.errorCatalogue.has('job_locked'))
})

t.test('app.errors under watch is read-only, like the plain object', async t => {
  const app = await build(t, { catalogue: tempCatalogue(t, JOBS), watch: true })
  const errors = app.errors as unknown as Record<string, unknown>
  t.throws(() => {
    errors.job_locked = 1
  }, TypeError)
  t.throws(() => delete errors.job_locked, TypeError)
  t.throws(() => Object.defineProperty(errors, 'x', { value: 1 }), TypeError)
  t.equal(Object.getOwnPropertyDescriptor(errors, 'nope'), undefined)
  t.equal(typeof Object.getOwnPropertyDescriptor(errors, 'job_locked')?.value, 'function')
  t.equal(errors[Symbol.iterator as unknown as string], undefined)
})

/** Open file watchers, counted once closed handles are gone (libuv frees them in its close phase). */
async function watching(): Promise<number> {
  await new Promise(resolve => setImmediate(resolve))
  await new Promise(resolve => setImmediate(resolve))
  return process.getActiveResourcesInfo().filter(name => name === 'FSEventWrap').length
}

t.test('app.close() closes the watcher: no handle is left open', async t => {
  const before = await watching()
  const logs = logCapture()
  // A file: URL is watched as its path.
  const app = await build(t, { catalogue: pathToFileURL(tempCatalogue(t, JOBS)), watch: true }, { logger: { stream: logs.stream } })
  t.equal(await watching(), before, 'nothing is watched before the app is ready')
  await app.ready()
  t.equal(await watching(), before + 1)
  await app.close()
  t.equal(await watching(), before)
})

t.test('watch never runs in production, and says so', async t => {
  const saved = process.env.NODE_ENV
  process.env.NODE_ENV = 'production'
  t.teardown(() => {
    process.env.NODE_ENV = saved
  })
  const before = await watching()
  const logs = logCapture()
  await (await build(t, { catalogue: tempCatalogue(t, JOBS), watch: true }, { logger: { stream: logs.stream } })).ready()
  t.match(logs.lines.find(message('watch refused')), { level: 40, msg: "fastify-error-catalogue: watch refused because NODE_ENV is 'production': the catalogue was loaded once and will not reload" })
  t.equal(await watching(), before)
})

t.test('watch without files has nothing to watch; without the option nothing is watched', async t => {
  const logs = logCapture()
  await build(t, { catalogue: { job_locked: { status: 409, message: 'Locked' } }, watch: true }, { logger: { stream: logs.stream } })
  t.ok(logs.lines.some(message('watch has nothing to watch')))
  const before = await watching()
  await build(t, { catalogue: tempCatalogue(t, JOBS) })
  t.equal(await watching(), before)
})

t.test('the watch option is checked', async t => {
  await t.rejects(build(t, { watch: 'yes' as never }), { code: 'FST_CATALOGUE_OPTION_INVALID', message: /watch must be true, false or \{ debounceMs \}/ })
  await t.rejects(build(t, { watch: { debounceMs: -1 } }), { code: 'FST_CATALOGUE_OPTION_INVALID', message: /watch.debounceMs must be a whole number/ })
})
