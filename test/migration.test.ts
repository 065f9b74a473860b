// Coming from @fastify/sensible or @fastify/error: a thrown error whose `code` is a catalogue
// code answers that entry; sensible's helpers keep answering by status; `import` writes the entries.
import createError from '@fastify/error'
import sensible from '@fastify/sensible'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { build, cli } from './helpers.js'

const catalogue = {
  FST_WIDGET_MISSING: { status: 404, message: 'Widget {value} not found', fix: 'List the widgets' },
  fst_lower: { status: 409, message: 'Already there' },
  FST_COUNTS: { status: 400, message: '{count} of {max} used, {ratio} full, strict {strict}', params: { count: 'integer', max: 'number', ratio: 'number', strict: 'boolean' } },
  FST_DB: { status: 503, message: 'Try again later' },
  FST_SLOW_DOWN: { status: 429, message: 'Slow down' }
} as const

t.test('an @fastify/error class whose code is in the catalogue answers that entry, placeholders read back from its message', async t => {
  const app = await build(t, { catalogue })
  const FST_WIDGET_MISSING = createError('FST_WIDGET_MISSING', 'Widget %s not found', 400)
  app.get('/w/:id', async req => {
    throw new FST_WIDGET_MISSING((req.params as { id: string }).id)
  })

  const res = await app.inject('/w/7')

  t.equal(res.statusCode, 404, "the entry's status, not the class's")
  t.same(res.json(), {
    error: { code: 'FST_WIDGET_MISSING', message: 'Widget 7 not found', params: { value: '7' }, fix: 'List the widgets', request_id: 'req-1' }
  })
})

t.test('the code is matched apart from case; an entry without placeholders sends the error its own message', async t => {
  const app = await build(t, { catalogue })
  const FST_LOWER = createError('FST_LOWER', 'Project %s already exists', 400)
  app.get('/', async () => {
    throw new FST_LOWER('apollo')
  })

  const res = await app.inject('/')

  t.equal(res.statusCode, 409)
  t.same(res.json().error, { code: 'fst_lower', message: 'Project apollo already exists', request_id: 'req-1' })
})

t.test('values read back take the declared type; a message of another shape is sent as it is', async t => {
  const app = await build(t, { catalogue })
  app.get('/typed', async () => {
    throw Object.assign(new Error('3 of 2.5 used, half full, strict true'), { code: 'FST_COUNTS' })
  })
  app.get('/other', async () => {
    throw Object.assign(new Error('Quota gone'), { code: 'FST_COUNTS' })
  })
  app.get('/hidden', async () => {
    throw Object.assign(new Error('internal detail'), { code: 'FST_COUNTS', expose: false })
  })

  app.get('/untyped', async () => {
    throw Object.assign(new Error(' of 1 used, half full, strict maybe'), { code: 'FST_COUNTS' })
  })

  const typed = await app.inject('/typed')
  t.same(typed.json().error.params, { count: 3, max: 2.5, ratio: 'half', strict: true }, 'a value that is not of its type stays text')
  const untyped = await app.inject('/untyped')
  t.same(untyped.json().error.params, { count: '', max: 1, ratio: 'half', strict: 'maybe' }, 'nothing is not 0, maybe is no boolean')
  t.equal(typed.json().error.message, '3 of 2.5 used, half full, strict true')

  const other = await app.inject('/other')
  t.equal(other.statusCode, 400)
  t.same(other.json().error, { code: 'FST_COUNTS', message: 'Quota gone', request_id: 'req-3' })

  const hidden = await app.inject('/hidden')
  t.equal(hidden.json().error.message, ' of  used,  full, strict ', "expose: false: the catalogue's message, nothing of the error's")
})

t.test("a 5xx entry never shows the error's message; a 429 entry keeps the Retry-After already set", async t => {
  const app = await build(t, { catalogue })
  app.get('/db', async () => {
    throw Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:5432'), { code: 'FST_DB', statusCode: 500 })
  })
  app.get('/slow', async (_req, reply) => {
    reply.header('retry-after', '7')
    throw Object.assign(new Error('Too many'), { code: 'FST_SLOW_DOWN', statusCode: 429 })
  })

  const db = await app.inject('/db')
  t.equal(db.statusCode, 503)
  t.equal(db.json().error.message, 'Try again later')
  t.notMatch(db.body, 'ECONNREFUSED')

  const slow = await app.inject('/slow')
  t.equal(slow.statusCode, 429)
  t.equal(slow.headers['retry-after'], '7')
  t.same(slow.json().error, { code: 'FST_SLOW_DOWN', message: 'Too many', retry_after: 7, request_id: 'req-2' })
})

t.test('a code the catalogue does not have is mapped by status, as before', async t => {
  const app = await build(t, { catalogue })
  const FST_ELSEWHERE = createError('FST_ELSEWHERE', 'Elsewhere %s', 400)
  app.get('/', async () => {
    throw new FST_ELSEWHERE('x')
  })
  app.get('/node', async () => {
    throw Object.assign(new Error('open /etc/secret'), { code: 'ENOENT' })
  })

  const res = await app.inject('/')
  t.same(res.json().error, { code: 'bad_request', message: 'Elsewhere x', fix: res.json().error.fix, request_id: 'req-1' })
  const node = await app.inject('/node')
  t.equal(node.statusCode, 500)
  t.equal(node.json().error.code, 'internal_error')
})

t.test("@fastify/sensible's reply helpers and httpErrors keep answering by status", async t => {
  const app = await build(t, { catalogue })
  await app.register(sensible)
  app.get('/reply', async (_req, reply) => reply.notFound('No such widget'))
  app.get('/thrown', async () => {
    throw app.httpErrors.badRequest('Bad widget')
  })
  app.get('/conflict', async (_req, reply) => reply.conflict())
  app.get('/teapot', async () => {
    throw app.httpErrors.createError(418, 'Short and stout')
  })

  const replied = await app.inject('/reply')
  t.equal(replied.statusCode, 404)
  t.same([replied.json().error.code, replied.json().error.message], ['not_found', 'No such widget'])
  const thrown = await app.inject('/thrown')
  t.same([thrown.statusCode, thrown.json().error.code, thrown.json().error.message], [400, 'bad_request', 'Bad widget'])
  const conflict = await app.inject('/conflict')
  t.same([conflict.statusCode, conflict.json().error.code, conflict.json().error.message], [409, 'conflict', 'The request conflicts with the current state of the resource'])
  const teapot = await app.inject('/teapot')
  t.same([teapot.statusCode, teapot.json().error.code, teapot.json().error.message], [418, 'i_m_a_teapot', 'Short and stout'])
})

t.test('import turns a module of createError() calls into a catalogue the plugin answers from', async t => {
  const dir = mkdtempSync(join(tmpdir(), 'catalogue-import-'))
  const module = join(dir, 'errors.js')
  writeFileSync(
    module,
    `import createError from '@fastify/error'
export const FST_PROJECT_GONE = createError('FST_PROJECT_GONE', 'Project %s was deleted on %s', 410)
export const FST_QUOTA = createError('FST_QUOTA', 'Quota of %i requests reached', 429)
`
  )
  const out = join(dir, 'errors.yaml')
  const imported = await cli('import', module, '--out', out)
  t.equal(imported.code, 0, imported.stderr)
  t.equal(imported.stdout, `wrote ${out} (2 codes)\n`)

  const app = await build(t, { catalogue: out })
  const FST_PROJECT_GONE = createError('FST_PROJECT_GONE', 'Project %s was deleted on %s', 410)
  app.get('/', async () => {
    throw new FST_PROJECT_GONE('apollo', '2026-12-01')
  })
  const res = await app.inject('/')
  t.equal(res.statusCode, 410)
  t.same(res.json().error, {
    code: 'FST_PROJECT_GONE',
    message: 'Project apollo was deleted on 2026-12-01',
    params: { value1: 'apollo', value2: '2026-12-01' },
    request_id: 'req-1'
  })
  t.match(readFileSync(out, 'utf8'), 'FST_QUOTA:\n  status: 429\n  message: "Quota of {value} requests reached"\n  params: { value: integer }\n')
})
