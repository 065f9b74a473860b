// Spans name the code: with @fastify/otel and the OpenTelemetry SDK's in-memory exporter, every
// error answer the plugin sends sets error.type to its catalogue code on the request span; a 5xx
// marks the span ERROR, a 4xx leaves it UNSET (HTTP semantic conventions, server spans).
import { FastifyOtelInstrumentation } from '@fastify/otel'
import { context, SpanStatusCode, trace } from '@opentelemetry/api'
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks'
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base'
import Fastify, { type FastifyInstance, type InjectOptions } from 'fastify'
import t, { type Test } from 'tap'
import errorsPlugin, { frameworkErrors, type FastifyErrorCatalogueOptions } from '../lib/index.js'

const exporter = new InMemorySpanExporter()
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] })
trace.setGlobalTracerProvider(provider)
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable())
const instrumentation = new FastifyOtelInstrumentation()
instrumentation.setTracerProvider(provider)

/** An app with @fastify/otel registered first (so its not-found handler patch sees ours), then the plugin. */
async function otelApp(t: Test, options: FastifyErrorCatalogueOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({ bodyLimit: 64 })
  t.teardown(() => app.close())
  await app.register(instrumentation.plugin())
  await app.register(errorsPlugin, options)
  app.get('/ok', async () => ({ ok: true }))
  app.get('/fail/:id', (request, reply) => reply.fail('resource_not_found', { resource: 'Project', id: (request.params as { id: string }).id }))
  app.get('/fail-503', (_request, reply) => reply.fail('service_unavailable'))
  app.get('/throw-503', async () => {
    throw app.errors.service_unavailable()
  })
  app.get('/throw-409', async () => {
    throw app.errors.conflict()
  })
  app.get('/return-403', async () => app.errors.forbidden())
  app.get('/foreign', async () => {
    throw new Error('database connection refused')
  })
  app.post('/body', { schema: { body: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } } }, async () => ({ ok: true }))
  return app
}

/** The request span @fastify/otel ended for the last request. */
function requestSpan(): ReadableSpan {
  const spans = exporter.getFinishedSpans().filter(span => span.name === 'request')
  exporter.reset()
  if (spans.length !== 1) throw new Error(`expected one request span, got ${spans.length}`)
  return spans[0]!
}

t.beforeEach(() => exporter.reset())

// The span status each answer ends with under @fastify/otel 0.21: ours for reply.fail and the
// not-found handler; for any error that reaches Fastify's onError hooks (thrown, returned, a
// validation or body failure, the limiter) @fastify/otel has already set ERROR before the error
// handler runs (fastify/otel#91), and the SDK ignores a later UNSET, so the plugin cannot undo it.
// The day @fastify/otel leaves 4xx alone these rows say UNSET; without @fastify/otel (below) they do.
const OTEL_ON_ERROR = SpanStatusCode.ERROR

t.test('every kind of error answer names its code on the @fastify/otel request span', async t => {
  const app = await otelApp(t)
  const json = { 'content-type': 'application/json' }
  const cases: [string | InjectOptions, number, string, SpanStatusCode][] = [
    ['/fail/7', 404, 'resource_not_found', SpanStatusCode.UNSET],
    ['/fail-503', 503, 'service_unavailable', SpanStatusCode.ERROR],
    ['/throw-503', 503, 'service_unavailable', SpanStatusCode.ERROR],
    ['/throw-409', 409, 'conflict', OTEL_ON_ERROR],
    ['/return-403', 403, 'forbidden', OTEL_ON_ERROR],
    ['/foreign', 500, 'internal_error', SpanStatusCode.ERROR],
    [{ method: 'POST', url: '/body', payload: { nope: 1 } }, 400, 'validation_error', OTEL_ON_ERROR],
    [{ method: 'POST', url: '/body', payload: '{"name":', headers: json }, 400, 'invalid_json', OTEL_ON_ERROR],
    [{ method: 'POST', url: '/body', payload: JSON.stringify({ name: 'x'.repeat(100) }), headers: json }, 413, 'payload_too_large', OTEL_ON_ERROR],
    [{ method: 'POST', url: '/body', payload: 'x', headers: { 'content-type': 'text/x-nothing' } }, 415, 'unsupported_media_type', OTEL_ON_ERROR],
    ['/nope', 404, 'route_not_found', SpanStatusCode.UNSET]
  ]
  for (const [request, status, code, spanStatus] of cases) {
    const response = await app.inject(request)
    t.equal(response.statusCode, status, `${code}: status`)
    const span = requestSpan()
    t.equal(span.attributes['error.type'], code, `${code}: error.type`)
    t.equal(span.attributes['http.response.status_code'], status, `${code}: the span's status code`)
    t.equal(span.status.code, spanStatus, `${code}: span status`)
  }
})

t.test('a thrown 5xx keeps the description @fastify/otel gave its ERROR status', async t => {
  const app = await otelApp(t)
  await app.inject('/foreign')
  t.same(requestSpan().status, { code: SpanStatusCode.ERROR, message: 'database connection refused' })
})

t.test('successes are untouched', async t => {
  const app = await otelApp(t)
  t.equal((await app.inject('/ok')).statusCode, 200)
  const span = requestSpan()
  t.notOk('error.type' in span.attributes)
  t.equal(span.status.code, SpanStatusCode.UNSET)
})

t.test('the limiter answers name their code', async t => {
  const app = await otelApp(t, { rateLimit: { max: 1, timeWindow: 60_000 } })
  await app.inject('/ok')
  requestSpan()
  const response = await app.inject('/ok')
  t.equal(response.statusCode, 429)
  const span = requestSpan()
  t.equal(span.attributes['error.type'], 'rate_limit_exceeded')
  t.equal(span.status.code, OTEL_ON_ERROR)
})

t.test('the safe answer (building the real one failed) names internal_error, status ERROR', async t => {
  const app = await otelApp(t, {
    format: {
      format: () => {
        throw new Error('format broke')
      },
      schema: { type: 'object' }
    }
  })
  t.equal((await app.inject('/fail/1')).statusCode, 500)
  const span = requestSpan()
  t.equal(span.attributes['error.type'], 'internal_error')
  t.equal(span.status.code, SpanStatusCode.ERROR)
})

t.test('tracing: false writes nothing on the span', async t => {
  const app = await otelApp(t, { tracing: false })
  await app.inject('/fail-503')
  const span = requestSpan()
  t.notOk('error.type' in span.attributes)
  // @fastify/otel's own onSend hook still marks a 5xx.
  t.equal(span.status.code, SpanStatusCode.ERROR)
})

t.test('without @fastify/otel, the active span (an HTTP server span) is the one marked', async t => {
  const app = Fastify({ frameworkErrors })
  t.teardown(() => app.close())
  await app.register(errorsPlugin)
  app.get('/throw-409', async () => {
    throw app.errors.conflict()
  })
  app.get('/fail-502', (_request, reply) => reply.fail('bad_gateway'))
  app.get('/count', { schema: { querystring: { type: 'object', properties: { n: { type: 'integer' } } } } }, async () => ({ ok: true }))
  // Ready first: a request injected before would run in avvio's boot context, not in the span's.
  await app.ready()
  const tracer = provider.getTracer('test')
  const served = async (url: string) => {
    const server = tracer.startSpan('GET')
    // inject's chain starts on its first then(): awaited inside, so the request runs in the span's context.
    const response = await context.with(trace.setSpan(context.active(), server), async () => await app.inject(url))
    server.end()
    return { response, span: exporter.getFinishedSpans().at(-1)! }
  }
  const thrown = await served('/throw-409')
  t.equal(thrown.response.statusCode, 409)
  t.equal(thrown.span.attributes['error.type'], 'conflict')
  t.equal(thrown.span.status.code, SpanStatusCode.UNSET, 'a thrown 4xx leaves a server span UNSET')
  const invalid = await served('/count?n=many')
  t.equal(invalid.span.attributes['error.type'], 'validation_error')
  t.equal(invalid.span.status.code, SpanStatusCode.UNSET, 'so does a validation failure')
  const failed = await served('/fail-502')
  t.equal(failed.span.attributes['error.type'], 'bad_gateway')
  t.equal(failed.span.status.code, SpanStatusCode.ERROR)
  // A router error runs no hook: frameworkErrors answers through the same path.
  const router = await served('/%E0%A4%A')
  t.equal(router.response.statusCode, 400)
  t.equal(router.span.attributes['error.type'], 'bad_request')
})

t.test('no span at all (no SDK span active, no @fastify/otel): the answer is the same', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(errorsPlugin)
  app.get('/fail', (_request, reply) => reply.fail('conflict'))
  const response = await app.inject('/fail')
  t.equal(response.statusCode, 409)
  t.equal(response.json().error.code, 'conflict')
  t.same(exporter.getFinishedSpans(), [])
})
