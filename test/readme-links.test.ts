// The README's links work where it is read most, on npm: every relative link names a file the
// package ships (what `npm pack` packs), links to the repository use its one URL, and every
// #anchor is a heading of the README.
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { promisify } from 'node:util'
import t from 'tap'
import { README } from './readme-blocks.js'

const exec = promisify(execFile)
const root = new URL('..', import.meta.url).pathname
const readme = readFileSync(README, 'utf8')
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as Record<string, unknown>
const REPOSITORY = 'https://github.com/fastify-error-catalogue/fastify-error-catalogue'

/** Link targets outside code blocks: `[text](target)`. */
const prose = readme.replace(/^```[\s\S]*?^```$/gm, '')
const targets = [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map(match => match[1]!)

/** GitHub's heading ids: lower case, punctuation but hyphens dropped, spaces as hyphens. */
function slug(heading: string): string {
  return heading.toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-')
}

t.test('every relative link of the README names a file the package ships', async t => {
  const { stdout } = await exec('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root })
  const shipped = new Set((JSON.parse(stdout) as { files: { path: string }[] }[])[0]!.files.map(file => file.path))
  const relative = targets.filter(target => !/^[a-z]+:/.test(target) && !target.startsWith('#'))
  t.ok(relative.length >= 5, relative.join(', '))
  for (const target of relative) t.ok(shipped.has(target.split('#')[0]!), `${target} ships`)
  t.ok(shipped.has('CHANGELOG.md'), 'the changelog ships')
})

t.test('every #anchor of the README is one of its headings', async t => {
  const ids = new Set([...readme.matchAll(/^#{2,4} (.+)$/gm)].map(match => slug(match[1]!)))
  const anchors = targets.filter(target => target.startsWith('#'))
  t.ok(anchors.length >= 5)
  for (const anchor of anchors) t.ok(ids.has(anchor.slice(1)), anchor)
})

t.test('links into the repository, and the package metadata, use its one URL', async t => {
  for (const target of targets.filter(target => target.includes('github.com/fastify-error-catalogue'))) {
    t.ok(target.startsWith(`${REPOSITORY}/`) || target === REPOSITORY, target)
  }
  t.same(pkg.repository, { type: 'git', url: `git+${REPOSITORY}.git` })
  t.equal(pkg.homepage, `${REPOSITORY}#readme`)
  t.same(pkg.bugs, { url: `${REPOSITORY}/issues` })
  t.ok(Array.isArray(pkg.keywords) && (pkg.keywords as string[]).includes('fastify-plugin'))
})
