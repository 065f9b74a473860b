// Bindings mean what codeFor says: whatever codeFor(condition) returns is what the server
// answers, with the built-ins on or off, at registration and after a reload (issue 17).
import httpErrors from 'http-errors'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { build, logCapture } from './helpers.js'
import type { FastifyInstance } from 'fastify'

async function registrationError(t: Parameters<typeof build>[0], options: Parameters<typeof build>[1]): Promise<Error & { problems: { message: string }[] }> {
  return build(t, options).then(
    () => {
      throw new Error('registration should fail')
    },
    (error: Error & { problems: { message: string }[] }) => error
  )
}

const crashRoutes = (app: FastifyInstance) => {
  app.get('/error', async () => {
    throw new Error('connect ECONNREFUSED db:5432')
  })
  app.get('/string', async () => {
    // eslint-disable-next-line no-throw-literal -- a thrown non-Error is what this checks
    throw 'a string'
  })
  app.get('/status/:status', async request => {
    throw Object.assign(new Error('upstream'), { statusCode: Number((request.params as { status: string }).status) })
  })
  app.get('/unknown-code', (_request, reply) => reply.fail('no_such_code' as 'internal_error'))
}

t.test('an entry of yours claiming unexpected-error answers every crash, with the built-ins on', async t => {
  const app = await build(t, { catalogue: { SERVER_FAULT: { status: 500, message: 'Something went wrong on our side', when: ['unexpected-error'] } } })
  crashRoutes(app)
  t.equal(app.errorCatalogue.codeFor('unexpected-error'), 'SERVER_FAULT')
  t.equal(app.errorCatalogue.codeFor('status-500'), 'SERVER_FAULT', 'the built-in internal_error gives status-500 up with unexpected-error')
  for (const url of ['/error', '/string', '/status/500', '/unknown-code']) {
    const res = await app.inject(url)
    t.equal(res.statusCode, 500, url)
    t.equal(res.json().error.code, 'SERVER_FAULT', url)
  }
  // A built-in that claims a 5xx status without claiming unexpected-error keeps it.
  t.equal(app.errorCatalogue.codeFor('status-502'), 'bad_gateway')
  t.equal((await app.inject('/status/502')).json().error.code, 'bad_gateway')
})

t.test('a thrown value without a usable status is the unexpected error, whatever answers a thrown 500', async t => {
  const app = await build(t, {
    catalogue: {
      SERVER_FAULT: { status: 500, message: 'Something went wrong on our side', when: ['unexpected-error'] },
      UPSTREAM_FAULT: { status: 500, message: 'An upstream failed', when: ['status-500'] }
    }
  })
  crashRoutes(app)
  t.equal((await app.inject('/error')).json().error.code, app.errorCatalogue.codeFor('unexpected-error'))
  t.equal((await app.inject('/status/302')).json().error.code, 'SERVER_FAULT', 'a 302 is no usable status')
  t.equal((await app.inject('/status/500')).json().error.code, app.errorCatalogue.codeFor('status-500'))
  t.equal(app.errorCatalogue.codeFor('status-500'), 'UPSTREAM_FAULT')
})

t.test('only a 5xx entry may answer unexpected-error or a 5xx status', async t => {
  const claimed = await registrationError(t, { catalogue: { BAD_REQUEST: { status: 400, message: 'Bad request', when: ['malformed-request', 'unexpected-error', 'status-503'] } } })
  t.match(claimed.message, /BAD_REQUEST: "unexpected-error", "status-503" can only be answered by a 5xx entry, and this one has status 400/)
  const alone = await registrationError(t, {
    builtins: false,
    catalogue: { bad_request: { status: 400, message: 'Bad request', when: ['unexpected-error'] }, not_found: { status: 404, message: 'Not found' } }
  })
  t.match(alone.message, /bad_request: "unexpected-error" can only be answered by a 5xx entry/)
  // Replacing internal_error with a 4xx would take its conditions over: refused too, saying why.
  const replaced = await registrationError(t, { catalogue: { INTERNAL_ERROR: { status: 400, message: 'Oops' } } })
  t.match(replaced.message, /INTERNAL_ERROR: "unexpected-error", "status-500" \(taken over from the built-in it replaces\) can only be answered by a 5xx entry/)
})

t.test("the plugin's own codes: the README's list is what undeclared: 'fail' lets through, not_found included", async t => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
  const sentence = /plus the ones the plugin answers by itself \((.*?), exported as the type/.exec(readme)![1]!
  const listed = [...new Set([...sentence.matchAll(/`([a-z_]+)`/g)].map(match => match[1]!))]
  t.ok(listed.includes('not_found'))
  const app = await build(t, { undeclared: 'fail', rateLimit: { max: 100 } })
  app.get('/fail/:code', { config: { errors: ['resource_already_exists'] } }, (request, reply) => reply.fail((request.params as { code: string }).code as 'not_found'))
  app.get('/http-errors', { config: { errors: ['resource_already_exists'] } }, async () => {
    throw httpErrors(404)
  })
  await app.ready()
  for (const code of listed) {
    const res = await app.inject(`/fail/${code}`)
    t.equal(res.json().error.code, code, `${code} is let through`)
  }
  const thrown = await app.inject('/http-errors')
  t.same([thrown.statusCode, thrown.json().error.code], [404, 'not_found'])
  t.equal((await app.inject('/fail/conflict')).json().error.code, 'internal_error', 'a code neither declared nor the plugin\'s is refused')
  // And nothing else: the reference of what the app can send, with no route declaring a code, lists exactly those.
  const sent = app.errorCatalogue.reference({ codes: 'sent' })
  const documented = app.errorCatalogue.codes().filter(code => sent.includes(`id="${code}"`) || sent.includes(`\`${code}\``))
  t.same(documented.sort(), [...listed, 'resource_already_exists'].sort())
})

t.test('after a reload that binds a condition to a new code, the undeclared check uses the new binding', async t => {
  const dir = mkdtempSync(join(tmpdir(), 'bindings-watch-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const file = join(dir, 'errors.yaml')
  writeFileSync(file, 'job_locked:\n  status: 409\n  message: Job is locked\n')
  const logs = logCapture()
  const app = await build(t, { catalogue: file, undeclared: 'fail', watch: { debounceMs: 5 } }, { logger: { level: 'info', stream: logs.stream } })
  app.post('/jobs', { config: { errors: ['job_locked'] as never }, schema: { body: { type: 'object', required: ['name'] } } }, async () => ({}))
  await app.ready()
  const invalid = () => app.inject({ method: 'POST', url: '/jobs', payload: {} })
  t.equal((await invalid()).json().error.code, 'validation_error')

  const mark = logs.lines.length
  writeFileSync(file, 'job_locked:\n  status: 409\n  message: Job is locked\nJOB_INVALID:\n  status: 422\n  message: The job is invalid\n  when: [validation]\n')
  const deadline = Date.now() + 5000
  while (!logs.lines.slice(mark).some(line => line.msg === 'fastify-error-catalogue: catalogue reloaded')) {
    if (Date.now() > deadline) throw new Error('no reload')
    await new Promise(resolve => setTimeout(resolve, 5))
  }
  t.equal(app.errorCatalogue.codeFor('validation'), 'JOB_INVALID')
  const res = await invalid()
  t.same([res.statusCode, res.json().error.code], [422, 'JOB_INVALID'], 'the code codeFor names, not internal_error')
})

t.test('the shipped catalogue registers on its own with builtins: false', async t => {
  const app = await build(t, { catalogue: new URL('../catalogue/errors.yaml', import.meta.url), builtins: false, rateLimit: true })
  app.get('/teapot', async () => {
    throw httpErrors(418)
  })
  t.equal(app.errorCatalogue.codeFor('client-error'), 'bad_request', 'a 4xx status no entry answers falls to the general 400')
  const teapot = await app.inject('/teapot')
  t.same([teapot.statusCode, teapot.json().error.code], [400, app.errorCatalogue.codeFor('status-418')])
  t.equal((await app.inject('/nope')).json().error.code, 'route_not_found')
})

t.test('codeFor says when the feature behind a condition is off', async t => {
  const app = await build(t, { setNotFoundHandler: false })
  for (const condition of ['rate-limited', 'rate-limit-ban', 'rate-limit-store-down'] as const) {
    t.throws(() => app.errorCatalogue.codeFor(condition), { code: 'FST_CATALOGUE_CONDITION_OFF', message: /the rate limiter is not registered \(the rateLimit option is off\)/ }, condition)
  }
  t.throws(() => app.errorCatalogue.codeFor('route-not-found'), {
    code: 'FST_CATALOGUE_CONDITION_OFF',
    message: 'The plugin never answers this condition in this app: "route-not-found": the plugin\'s not-found handler is not installed (setNotFoundHandler: false)'
  })
  t.throws(() => app.errorCatalogue.responses(['rate-limited']), { code: 'FST_CATALOGUE_CONDITION_OFF' })
  t.equal(app.errorCatalogue.codeFor('invalid-json'), 'invalid_json')
})

t.test('a condition listed twice in when is named as a duplicate, with its place', async t => {
  const dir = mkdtempSync(join(tmpdir(), 'bindings-twice-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const file = join(dir, 'errors.yaml')
  writeFileSync(file, 'bad:\n  status: 400\n  message: Bad\n  when: [invalid-json, validation, invalid-json]\n')
  const error = await registrationError(t, { catalogue: file })
  t.match(error.message, /errors\.yaml:4:\d+ bad: "invalid-json" is listed twice in when: claim a condition once/)
  writeFileSync(file, 'bad:\n  status: 400\n  message: Bad\n  when: [unexpected-error]\n')
  const server = await registrationError(t, { catalogue: file })
  t.match(server.problems, [{ line: 1, code: 'bad', message: /"unexpected-error" can only be answered by a 5xx entry/ }])
})
