// The served error reference in a real headless Chromium: it loads, /errors/<code> lands on the
// page, every code is there, and a screenshot is kept in .tap/screenshots/errors-page.png.
import { execFile, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import { build } from './helpers.js'

const run = promisify(execFile)
// `npm test` installs it when missing (scripts/provision-test-deps.sh); never skipped.
const found = spawnSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' })
const CHROMIUM = found.status === 0 ? found.stdout.trim() : undefined
const SCREENSHOTS = new URL('../.tap/screenshots', import.meta.url).pathname

t.setTimeout(120_000)

/** One bounded headless run with a fresh profile; returns stdout. */
async function chromium(t: { teardown(fn: () => void): void }, ...args: string[]): Promise<string> {
  const profile = mkdtempSync(join(tmpdir(), 'chromium-profile-'))
  t.teardown(() => rmSync(profile, { recursive: true, force: true }))
  if (CHROMIUM === undefined) throw new Error('chromium is not on the PATH: npm test installs it (scripts/provision-test-deps.sh), or apt-get install chromium')
  const { stdout } = await run(
    CHROMIUM,
    [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      `--user-data-dir=${profile}`, ...args
    ],
    { timeout: 45_000, killSignal: 'SIGKILL', maxBuffer: 32 * 1024 * 1024 }
  )
  return stdout
}

t.test('the error reference renders in headless Chromium', async t => {
  const app = await build(t, { format: 'problem', docs: { codes: 'all' } })
  const address = await app.listen({ host: '127.0.0.1', port: 0 })

  // Through the per-code URL: the redirect must land on the page itself.
  const dom = await chromium(t, '--dump-dom', `${address}/errors/rate_limit_exceeded`)
  t.match(dom, '<title>Error reference</title>')
  const ids = new Set([...dom.matchAll(/<section class="code" id="([^"]+)">/g)].map(match => match[1]))
  t.same([...ids].sort(), app.errorCatalogue.codes().sort(), 'every code has its section')
  t.match(dom, '"type": "/errors#rate_limit_exceeded"', 'problem type points at this page, relative to it')

  mkdirSync(SCREENSHOTS, { recursive: true })
  const shot = join(SCREENSHOTS, 'errors-page.png')
  rmSync(shot, { force: true })
  await chromium(t, `--screenshot=${shot}`, '--window-size=1200,2000', '--hide-scrollbars', `${address}/errors`)
  t.ok(statSync(shot).size > 20_000, `screenshot at ${shot}`)
})
