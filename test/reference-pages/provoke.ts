// What the page tests share: one app per page with routes that provoke every condition the
// plugin answers by itself, and the requests that provoke them (through app.inject only).
import createFastifyError from '@fastify/error'
import sensible from '@fastify/sensible'
import Fastify, { type FastifyInstance, type FastifyServerOptions, type InjectOptions, type LightMyRequestResponse } from 'fastify'
import httpErrors from 'http-errors'
import { fileURLToPath } from 'node:url'
import type { Test } from 'tap'
import errorsPlugin, { frameworkErrors, type ErrorCondition, type FastifyErrorCatalogueOptions } from '../../lib/index.js'

/** The catalogue a page's team wrote, next to this file. */
export const pageCatalogue = (name: string) => fileURLToPath(new URL(`./${name}.yaml`, import.meta.url))

/** A row of a page, sent with `reply.fail` and thrown with `app.errors.<code>()`. */
export interface Row {
  code: string
  params?: Record<string, string | number>
  details?: unknown
  /** The page's example body, or the body built from the row's code and message. */
  body: unknown
}

const JSON_HEADERS = { 'content-type': 'application/json' }

/**
 * Every condition, as a request that provokes it. The key names the case; `condition` is
 * the condition the plugin meets (`codeFor(condition)` must be the code the answer carries).
 */
export const CASES = {
  'invalid JSON': { condition: 'invalid-json', request: { method: 'POST', url: '/things', payload: '{"name":', headers: JSON_HEADERS } },
  'empty JSON body': { condition: 'empty-json-body', request: { method: 'POST', url: '/things', payload: '', headers: JSON_HEADERS } },
  'missing required field (body)': { condition: 'missing-required', request: { method: 'POST', url: '/things', payload: '{}', headers: JSON_HEADERS } },
  'schema validation (body)': {
    condition: 'validation-body',
    request: { method: 'POST', url: '/things', payload: '{"name":"a","size":"big"}', headers: JSON_HEADERS }
  },
  'schema validation (querystring)': { condition: 'validation-query', request: { method: 'GET', url: '/things?limit=many' } },
  'schema validation (params)': { condition: 'validation-params', request: { method: 'GET', url: '/things/seven' } },
  'schema validation (headers)': { condition: 'validation-headers', request: { method: 'GET', url: '/versioned', headers: { 'x-api-version': 'two' } } },
  'unknown route': { condition: 'route-not-found', request: { method: 'GET', url: '/nope?token=abc' } },
  'body too large': {
    condition: 'body-too-large',
    request: { method: 'POST', url: '/things', payload: JSON.stringify({ name: 'x'.repeat(100) }), headers: JSON_HEADERS }
  },
  'unsupported media type': {
    condition: 'unsupported-media-type',
    request: { method: 'POST', url: '/things', payload: '<name>a</name>', headers: { 'content-type': 'application/xml' } }
  },
  'malformed request (bad Content-Length)': {
    condition: 'malformed-request',
    request: { method: 'POST', url: '/things', payload: '{"name":"a"}', headers: { ...JSON_HEADERS, 'content-length': '3' } }
  },
  'malformed request (bad URL, frameworkErrors)': { condition: 'malformed-request', request: { method: 'GET', url: '/r%zz' } },
  'path parameter too long (frameworkErrors)': { condition: 'uri-too-long', request: { method: 'GET', url: `/things/${'9'.repeat(30)}` } },
  'handler timeout': { condition: 'handler-timeout', request: { method: 'GET', url: '/slow' } },
  'unexpected error': { condition: 'unexpected-error', request: { method: 'GET', url: '/crash' } },
  'http-errors 404': { condition: 'status-404', request: { method: 'GET', url: '/foreign/http-errors' } },
  '@fastify/sensible 401': { condition: 'status-401', request: { method: 'GET', url: '/foreign/sensible' } },
  '@fastify/error 409': { condition: 'status-409', request: { method: 'GET', url: '/foreign/fastify-error' } },
  'Boom 503': { condition: 'status-503', request: { method: 'GET', url: '/foreign/boom' } }
} as const satisfies Record<string, { condition: ErrorCondition; request: InjectOptions }>

export type CaseName = keyof typeof CASES

/** What a page expects of one case: the exact body, or (no example on the page) status and code. */
export type Expected = { status: number; body: unknown; headers?: Record<string, string> } | { status: number; code: string }

/** A page app: the plugin with the page's options, the condition routes and one route per row. */
export async function pageApp(
  t: Test,
  options: FastifyErrorCatalogueOptions,
  rows: readonly Row[] = [],
  routes: (app: FastifyInstance) => void = () => {},
  factory: FastifyServerOptions = {}
): Promise<FastifyInstance> {
  // frameworkErrors: a malformed URL and an over-long parameter never reach setErrorHandler otherwise.
  const app = Fastify({ frameworkErrors, routerOptions: { maxParamLength: 20 }, ...factory })
  t.teardown(() => app.close())
  await app.register(errorsPlugin, options)
  await app.register(sensible)

  const ok = async () => ({ ok: true })
  app.post('/things', {
    bodyLimit: 64,
    schema: { body: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, size: { type: 'integer' } } } }
  }, ok)
  app.get('/things', { schema: { querystring: { type: 'object', properties: { limit: { type: 'integer' } } } } }, ok)
  app.get('/things/:id', { schema: { params: { type: 'object', properties: { id: { type: 'integer' } } } } }, ok)
  app.get('/versioned', { schema: { headers: { type: 'object', properties: { 'x-api-version': { type: 'integer' } } } } }, ok)
  app.get('/slow', { handlerTimeout: 20 }, () => new Promise(resolve => setTimeout(() => resolve('late'), 500)))
  app.get('/crash', async () => {
    throw new Error('connect ECONNREFUSED db-7:5432')
  })
  const Locked = createFastifyError('APP_WIDGET_LOCKED', 'Widget is locked', 409)
  app.get('/foreign/http-errors', async () => {
    throw httpErrors(404)
  })
  app.get('/foreign/sensible', async () => {
    throw app.httpErrors.unauthorized()
  })
  app.get('/foreign/fastify-error', async () => {
    throw new Locked()
  })
  app.get('/foreign/boom', async () => {
    // Boom's shape (@hapi/boom is not a dependency): the status lives in output.
    throw Object.assign(new Error('upstream pool exhausted'), {
      isBoom: true,
      output: { statusCode: 503, payload: { statusCode: 503, error: 'Service Unavailable', message: 'upstream pool exhausted' }, headers: {} }
    })
  })

  const fail = (code: string) => code as 'bad_request'
  rows.forEach((row, index) => {
    const options = row.details === undefined ? {} : { details: row.details }
    app.get(`/rows/${index}`, (_req, reply) => reply.fail(fail(row.code), row.params as never, options as never))
    app.get(`/thrown/${index}`, async () => {
      throw app.errors[fail(row.code)](row.params as never, options as never)
    })
  })
  routes(app)
  return app
}

/**
 * Sends every row with `reply.fail` and with its thrown constructor; each body is the page's.
 * `normalize` takes out what differs per request (a request id) after checking it.
 */
export async function checkRows(
  t: Test,
  app: FastifyInstance,
  rows: readonly Row[],
  status: (code: string) => number,
  normalize: (body: Record<string, unknown>) => unknown = body => body
): Promise<void> {
  for (const [index, row] of rows.entries()) {
    for (const via of ['rows', 'thrown']) {
      const res = await app.inject(`/${via}/${index}`)
      t.equal(res.statusCode, status(row.code), `${row.code} (${via}): status`)
      t.same(normalize(res.json()), row.body, `${row.code} (${via}): body`)
    }
  }
}

/** Provokes every case; compares the answer with what the page expects of it. */
export async function checkCases(
  t: Test,
  app: FastifyInstance,
  expected: Readonly<Record<CaseName, Expected>>,
  codeOf: (res: LightMyRequestResponse) => string
): Promise<void> {
  t.same(Object.keys(expected).sort(), Object.keys(CASES).sort(), 'every case has an expectation')
  for (const [name, { condition, request }] of Object.entries(CASES) as [CaseName, (typeof CASES)[CaseName]][]) {
    const want = expected[name]
    const res = await app.inject(request as InjectOptions)
    t.equal(res.statusCode, want.status, `${name}: status`)
    const code = codeOf(res)
    t.equal(code, app.errorCatalogue.codeFor(condition), `${name}: the code codeFor('${condition}') names`)
    if ('code' in want) t.equal(code, want.code, `${name}: code`)
    else t.same(res.json(), want.body, `${name}: body`)
    if ('headers' in want && want.headers !== undefined) {
      for (const [header, value] of Object.entries(want.headers)) t.equal(res.headers[header], value, `${name}: ${header}`)
    }
  }
}

type StoreCallback = (error: Error | null, result?: { current: number; ttl: number } | null) => void

/** A rate-limit store that is down: every call fails (Redis unreachable). */
export class DownStore {
  incr(_key: string, callback: StoreCallback): void {
    setImmediate(() => callback(new Error('connect ECONNREFUSED redis:6379')))
  }

  child(): DownStore {
    return this
  }
}

/** The limiter's three conditions: over the limit, banned (the next request), the store down. */
export async function rateLimitAnswers(
  t: Test,
  options: FastifyErrorCatalogueOptions
): Promise<{ limited: LightMyRequestResponse; banned: LightMyRequestResponse; storeDown: LightMyRequestResponse; app: FastifyInstance }> {
  const app = await pageApp(t, { ...options, rateLimit: { max: 1, timeWindow: 60_000, ban: 1 } })
  t.equal((await app.inject('/things')).statusCode, 200)
  const limited = await app.inject('/things')
  const banned = await app.inject('/things')
  const down = await pageApp(t, { ...options, rateLimit: { max: 1, store: DownStore as never } })
  const storeDown = await down.inject('/things')
  return { limited, banned, storeDown, app }
}
