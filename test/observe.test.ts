import diagnostics from 'node:diagnostics_channel'
import t from 'tap'
import { ERROR_CHANNEL, type FailEvent } from '../lib/index.js'
import { build, logCapture } from './helpers.js'

t.test('every error sent is published on the diagnostics channel', async t => {
  const events: FailEvent[] = []
  const listener = (message: unknown) => events.push(message as FailEvent)
  diagnostics.subscribe(ERROR_CHANNEL, listener)
  t.teardown(() => diagnostics.unsubscribe(ERROR_CHANNEL, listener))

  const app = await build(t)
  app.get('/p/:id', (req, reply) => reply.fail('resource_not_found', { resource: 'P', id: (req.params as { id: string }).id }))
  app.get('/boom', async () => {
    throw new Error('kaput')
  })
  await app.inject('/p/1')
  await app.inject('/boom')
  await app.inject('/nope')

  t.same(events.map(e => [e.code, e.statusCode, e.route, e.method, e.requestId]), [
    ['resource_not_found', 404, '/p/:id', 'GET', 'req-1'],
    ['internal_error', 500, '/boom', 'GET', 'req-2'],
    ['route_not_found', 404, undefined, 'GET', 'req-3']
  ])
  t.same(events[0]!.params, { resource: 'P', id: '1' })
  t.equal((events[1]!.error as Error).message, 'kaput')
  t.ok(events.every(e => typeof e.duration === 'number' && e.duration >= 0))
})

t.test('onFail counts errors per code; a throwing onFail is logged, the response unharmed', async t => {
  const counts = new Map<string, number>()
  const app = await build(t, {
    onFail: event => {
      counts.set(event.code, (counts.get(event.code) ?? 0) + 1)
    }
  })
  app.get('/a', (_req, reply) => reply.fail('forbidden'))
  app.get('/b', (_req, reply) => reply.fail('conflict'))
  for (const url of ['/a', '/a', '/b', '/nope']) await app.inject(url)
  t.same(Object.fromEntries(counts), { forbidden: 2, conflict: 1, route_not_found: 1 })

  const logs = logCapture()
  const throwing = await build(t, { onFail: () => { throw new Error('metrics down') } }, { logger: { stream: logs.stream } })
  throwing.get('/', (_req, reply) => reply.fail('forbidden'))
  const res = await throwing.inject('/')
  t.equal(res.statusCode, 403)
  t.ok(logs.lines.some(l => l.msg === 'fastify-error-catalogue: onFail threw'))
})

t.test('the safe fallback is observed as internal_error', async t => {
  const codes: string[] = []
  const app = await build(t, {
    onFail: event => codes.push(event.code),
    format: { format: () => { throw new Error('bug') }, schema: {} }
  })
  app.get('/', (_req, reply) => reply.fail('forbidden'))
  await app.inject('/')
  t.same(codes, ['internal_error'])
})
