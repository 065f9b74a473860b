/**
 * Issues 10 and 18: every hostile catalogue file fails registration with FST_CATALOGUE_INVALID,
 * naming the file and what is wrong, in a child process whose V8 heap is capped at 256 MB (a
 * load needing more kills it, and its line is missing). No timing is asserted here: the CPU
 * each file costs is measured by `npm run bench:hostile`, whose figures the README cites.
 */
import { execFile, execFileSync } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { test } from 'tap'
import { uncovered } from '../helpers.js'
import { FILE_SHAPES } from './fixtures/hostile-shapes.js'

const run = promisify(execFile)
const root = fileURLToPath(new URL('../..', import.meta.url))
const harness = fileURLToPath(new URL('./fixtures/register-each.ts', import.meta.url))

test('hostile catalogue files fail with FST_CATALOGUE_INVALID in a process capped at 256 MB of heap', async t => {
  const dir = join(root, 'test/.tmp/hostile')
  mkdirSync(dir, { recursive: true })
  t.teardown(() => execFileSync('rm', ['-rf', dir]))
  const paths = Object.entries(FILE_SHAPES).map(([name, { make, ext = '.yaml' }], i) => {
    const path = join(dir, `case-${i}${ext}`)
    make(path)
    return { name, path }
  })

  const { stdout } = await run(process.execPath, ['--max-old-space-size=256', '--import', 'tsx', harness, ...paths.map(p => p.path)], {
    cwd: root,
    // tsx compiles lib/ in the child: its coverage must not be merged with tap's of the same files.
    env: uncovered,
    maxBuffer: 64 * 1024 * 1024
  })
  const results = stdout.trim().split('\n').map(line => JSON.parse(line) as { outcome: string; message: string })
  t.equal(results.length, paths.length, 'every file was loaded, none past the heap cap')
  for (const [i, { name, path }] of paths.entries()) {
    const { outcome, message } = results[i]!
    t.equal(outcome, 'FST_CATALOGUE_INVALID', name)
    t.match(message, path, `${name}: names the file`)
    t.match(message, FILE_SHAPES[name]!.says, name)
  }
})
