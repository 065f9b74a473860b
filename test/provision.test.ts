// `npm test` provisions what its tests need (scripts/provision-test-deps.sh, the pretest script).
// Where it cannot install, it stops at once with one line naming what to install. These runs
// give the script a PATH of stand-ins, so they install nothing on any machine.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'

const script = new URL('../scripts/provision-test-deps.sh', import.meta.url).pathname
const which = (name: string) => spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim()
const sh = which('sh')

/** Runs the script with a PATH holding only these commands (`id` is real; the rest are node stand-ins). */
function provision(t: { teardown(fn: () => void): void }, ...present: string[]) {
  const bin = mkdtempSync(join(tmpdir(), 'provision-path-'))
  t.teardown(() => rmSync(bin, { recursive: true, force: true }))
  symlinkSync(which('id'), join(bin, 'id'))
  for (const name of present) symlinkSync(process.execPath, join(bin, name))
  const { status, stdout, stderr } = spawnSync(sh, [script], { encoding: 'utf8', env: { PATH: bin } })
  return { status, stdout, stderr }
}

t.test('with redis-server and chromium present it installs nothing and prints nothing', async t => {
  t.same(provision(t, 'redis-server', 'chromium'), { status: 0, stdout: '', stderr: '' })
})

t.test('without apt-get it stops at once, naming what to install in one line', async t => {
  t.same(provision(t), {
    status: 1,
    stdout: '',
    stderr: 'npm test needs redis-server chromium: install it (Debian: sudo apt-get install redis-server chromium), then run npm test again\n'
  })
})

t.test('only what is missing is named', async t => {
  const result = provision(t, 'redis-server')
  t.equal(result.status, 1)
  t.match(result.stderr, /^npm test needs chromium: install it \(Debian: sudo apt-get install chromium\), then run npm test again\n$/)
})
