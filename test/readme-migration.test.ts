// The README's "Coming from @fastify/sensible or @fastify/error" is what the plugin does: every
// row of its table through @fastify/sensible, the renamed placeholder, and the import command as written.
import createError from '@fastify/error'
import sensible from '@fastify/sensible'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { build, cli } from './helpers.js'
import { README, readmeBlocks } from './readme-blocks.js'

const readme = readFileSync(README, 'utf8')
const SECTION = 'Coming from @fastify/sensible or @fastify/error'
const section = readme.slice(readme.indexOf(`## ${SECTION}\n`), readme.indexOf('\n## ', readme.indexOf(`## ${SECTION}\n`) + 1))
const rows = section.split('\n').filter(line => line.startsWith('| ') && !line.startsWith('| Thrown') && !line.startsWith('|---'))
const cells = (row: string) => row.split(' | ').map(cell => cell.replace(/^\| |\|$/g, '').trim())
const ticked = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map(match => match[1]!)

type Helpers = Record<string, (message?: string) => Error>

async function sensibleApp(t: Test) {
  const app = await build(t)
  await app.register(sensible)
  app.get('/:helper', async request => {
    throw (app.httpErrors as unknown as Helpers)[(request.params as { helper: string }).helper]!()
  })
  app.get('/reply/:helper', async (request, reply) => (reply as unknown as Helpers)[(request.params as { helper: string }).helper]!())
  return app
}

t.test('each helper row of the table is what the helper answers, thrown or sent', async t => {
  const app = await sensibleApp(t)
  const single = rows.filter(row => /^\| `[a-zA-Z]+` \|/.test(row))
  t.ok(single.length >= 15, `${single.length} rows`)
  for (const row of single) {
    const [helper, status, , code] = cells(row)
    const name = ticked(helper!)[0]!
    for (const url of [`/${name}`, `/reply/${name}`]) {
      const res = await app.inject(url)
      t.same([res.statusCode, res.json().error.code], [Number(status), ticked(code!)[0]], url)
    }
  }
})

t.test('the rows for any other 4xx and 5xx helper hold for the helpers they name', async t => {
  const app = await sensibleApp(t)
  const other4xx = cells(rows.find(row => row.startsWith('| any other 4xx helper'))!)
  const codes = ticked(other4xx[3]!)
  const helpers = ticked(other4xx[0]!)
  t.equal(helpers.length, codes.length)
  for (const [i, helper] of helpers.entries()) {
    const res = await app.inject(`/${helper}`)
    t.equal(res.json().error.code, codes[i], helper)
  }
  for (const helper of ticked(cells(rows.find(row => row.startsWith('| any other 5xx helper'))!)[0]!)) {
    const res = await app.inject(`/${helper}`)
    t.same([res.statusCode, res.json().error.code], [500, 'internal_error'], helper)
  }
})

t.test('a renamed placeholder is still read back out of the error message', async t => {
  t.match(section, '`Widget {id} not found`')
  const app = await build(t, { catalogue: { FST_WIDGET_MISSING: { status: 404, message: 'Widget {id} not found' } } })
  const FST_WIDGET_MISSING = createError('FST_WIDGET_MISSING', 'Widget %s not found', 404)
  app.get('/', async () => {
    throw new FST_WIDGET_MISSING('7')
  })
  const res = await app.inject('/')
  t.same(res.json().error, { code: 'FST_WIDGET_MISSING', message: 'Widget 7 not found', params: { id: '7' }, request_id: 'req-1' })
})

t.test('the import command as written writes the entry the section shows', async t => {
  const command = readmeBlocks().find(block => block.section === SECTION && block.lang === 'sh')!.code.trim()
  const [bin, name, ...args] = command.split(' ')
  t.same([bin, name], ['npx', 'fastify-error-catalogue'])
  const dir = join(new URL('..', import.meta.url).pathname, 'test', '.tmp', 'readme-migration')
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(join(dir, 'src'), { recursive: true })
  writeFileSync(join(dir, 'src', 'errors.js'), "import createError from '@fastify/error'\nexport const FST_WIDGET_MISSING = createError('FST_WIDGET_MISSING', 'Widget %s not found', 404)\n")
  const cwd = process.cwd()
  process.chdir(dir)
  t.teardown(() => process.chdir(cwd))
  const res = await cli(...args)
  t.equal(res.code, 0, res.stderr)
  t.match(readFileSync(join(dir, 'errors.yaml'), 'utf8'), 'FST_WIDGET_MISSING:\n  status: 404\n  message: "Widget {value} not found"\n')
})
