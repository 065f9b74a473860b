// `generate --watch`: the types module follows the catalogue file on every save.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { run } from '../lib/cli/main.js'

/** Waits (on real file events) until the captured output matches; gives up after 60 s (a hang, not a slow machine). */
async function until(read: () => string, pattern: RegExp): Promise<void> {
  const deadline = Date.now() + 60_000
  while (!pattern.test(read())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}`)
    await new Promise(resolve => setTimeout(resolve, 5))
  }
}

t.test('generate --watch rewrites the types on save and reports a bad edit without stopping', async t => {
  const dir = mkdtempSync(join(tmpdir(), 'generate-watch-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const catalogue = join(dir, 'errors.yaml')
  const out = join(dir, 'errors.generated.ts')
  writeFileSync(catalogue, 'job_locked:\n  status: 409\n  message: Job {id} is locked\n')
  let stdout = ''
  let stderr = ''
  const stop = new AbortController()
  t.teardown(() => stop.abort())
  const io = { out: (text: string) => void (stdout += text), err: (text: string) => void (stderr += text), signal: stop.signal }

  t.equal(await run(['generate', catalogue, '--out', out, '--watch'], io), 0)
  t.match(stdout, `wrote ${out} (1 code)\nwatching ${catalogue} (Ctrl-C to stop)\n`)
  t.match(readFileSync(out, 'utf8'), 'job_locked: { params: { id: string | number } }')

  writeFileSync(catalogue, 'job_locked:\n  status: 409\n  message: Job {id} is locked\njob_paused:\n  status: 423\n  message: Paused\n')
  await until(() => stdout, /\(2 codes\)/)
  t.match(readFileSync(out, 'utf8'), 'job_paused: {}')

  writeFileSync(catalogue, 'job_locked:\n  status: nope\n  message: Locked\n')
  await until(() => stderr, /Invalid error catalogue/)
  t.match(stderr, `${catalogue}:2:`)
  t.match(readFileSync(out, 'utf8'), 'job_paused: {}')

  // A file removed is reported once, and picked up again when it is back.
  rmSync(catalogue)
  await until(() => stderr, /lost sight of/)
  writeFileSync(catalogue, 'job_gone:\n  status: 410\n  message: Gone\n')
  await until(() => stderr, /is back/)
  await until(() => stdout, /\(1 code\)[^]*\(1 code\)/)
  t.match(stderr, `fastify-error-catalogue: lost sight of ${catalogue}; still watching for it\n`)
  t.match(stderr, `fastify-error-catalogue: ${catalogue} is back\n`)
  t.match(readFileSync(out, 'utf8'), 'job_gone: {}')
})
