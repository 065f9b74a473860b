/**
 * The benchmark's variants: each is its own Fastify app answering one request the same
 * way a real API would, so that the only difference between two variants is how the
 * error is produced and sent. The plugin is imported from `dist/`, as users run it.
 * @module
 */
import createError from '@fastify/error'
import rateLimit from '@fastify/rate-limit'
import sensible from '@fastify/sensible'
import Fastify, { type FastifyInstance } from 'fastify'
import errorsPlugin, { schemaErrorFormatter, type FastifyErrorCatalogueOptions } from '../dist/index.js'
import { catalogueObject, middleCode, translatedCatalogue } from './generated.js'

export interface BenchRequest {
  readonly method: 'GET' | 'POST'
  readonly url: string
  readonly headers?: Readonly<Record<string, string>>
  readonly payload?: string
}

export interface Variant {
  readonly name: string
  /**
   * `404`: the same 404 answered many ways; `mapped`: a path our handler maps, paired with its
   * baseline (the same app without the plugin); `scale`: `reply.fail` in a bigger app, paired
   * with the same answer in the smallest one.
   */
  readonly group: '404' | 'mapped' | 'scale'
  /** What the variant does, for the table. */
  readonly description: string
  /** For a mapped path with our plugin: the same app without it; for a scale row: the smallest app. */
  readonly baseline?: string
  readonly status: number
  readonly request: BenchRequest
  build(): Promise<FastifyInstance>
}

const RESOURCE = 'Project'
const ID = '7'
const MESSAGE = `${RESOURCE} '${ID}' not found`
/** The built-in catalogue's `fix` for resource_not_found, so raw and ok200 send our body byte for byte. */
const FIX = 'Verify the identifier, or list the resources to find the right one'

/** The nested body `reply.fail('resource_not_found', …)` sends, written by hand. */
const errorBodySchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        params: { type: 'object', properties: { resource: { type: 'string' }, id: { type: 'string' } } },
        fix: { type: 'string' },
        request_id: { type: 'string' }
      }
    }
  }
} as const

/** The smallest hand-written error body: code and message only. */
const minimalBodySchema = {
  type: 'object',
  properties: { error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } } } }
} as const

function handWritten(requestId: string) {
  return { error: { code: 'resource_not_found', message: MESSAGE, params: { resource: RESOURCE, id: ID }, fix: FIX, request_id: requestId } }
}

const getProject: BenchRequest = { method: 'GET', url: `/projects/${ID}` }

const validationRequest: BenchRequest = { method: 'POST', url: '/items', headers: { 'content-type': 'application/json' }, payload: '{"count":1}' }
function validationRoutes(instance: FastifyInstance): void {
  const schema = { body: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, count: { type: 'integer' } } } }
  instance.post('/items', { schema }, async () => ({ ok: true }))
}
const RATE_LIMIT = { max: 1, timeWindow: 10 * 60 * 1000 }

/** A Fastify app as the benchmark runs it: no logger (the default), nothing else registered. */
function app(): FastifyInstance {
  return Fastify()
}

async function withPlugin(options: FastifyErrorCatalogueOptions = {}): Promise<FastifyInstance> {
  const instance = app()
  await instance.register(errorsPlugin, options)
  return instance
}

type Params = { Params: { id: string } }

function failIn(format: 'nested' | 'flat' | 'oauth' | 'problem'): Variant {
  return {
    name: format === 'nested' ? 'reply.fail' : `reply.fail ${format}`,
    group: '404',
    description: `ours: \`reply.fail('resource_not_found', …)\`, ${format} format`,
    status: 404,
    request: getProject,
    async build() {
      const instance = await withPlugin({ format })
      instance.get<Params>('/projects/:id', async (request, reply) => reply.fail('resource_not_found', { resource: RESOURCE, id: request.params.id }))
      return instance
    }
  }
}

const NotFoundError = createError('APP_NOT_FOUND', "%s '%s' not found", 404)

/** An app's own error class, made without Error's constructor (no stack), as ours and @fastify/error's 4xx are. */
class AppError extends Error {
  declare statusCode: number
}
function appError(statusCode: number, message: string): AppError {
  const error = Object.create(AppError.prototype) as AppError
  error.message = message
  error.statusCode = statusCode
  return error
}

/** The generated codes are not in the package's types (no `generate` run for them). */
type UntypedReply = { fail(code: string, params: unknown): unknown }
const failUntyped = (reply: unknown, code: string) => (reply as UntypedReply).fail(code, { id: ID })
const ROUTES = 5000

export const VARIANTS: readonly Variant[] = [
  {
    name: 'ok200',
    group: '404',
    description: '200 with the same body and a response schema (the ceiling)',
    status: 200,
    request: getProject,
    async build() {
      const instance = app()
      instance.get('/projects/:id', { schema: { response: { 200: errorBodySchema } } }, async request => handWritten(request.id))
      return instance
    }
  },
  {
    name: 'raw',
    group: '404',
    description: '`reply.code(404).send(obj)` by hand, with a response schema, the same body bytes as `reply.fail` (checked)',
    status: 404,
    request: getProject,
    async build() {
      const instance = app()
      instance.get('/projects/:id', { schema: { response: { 404: errorBodySchema } } }, async (request, reply) =>
        reply.code(404).send(handWritten(request.id))
      )
      return instance
    }
  },
  {
    name: 'raw minimal',
    group: '404',
    description: '`reply.code(404).send(obj)` by hand, `{error:{code,message}}` only, with a response schema',
    status: 404,
    request: getProject,
    async build() {
      const instance = app()
      instance.get<Params>('/projects/:id', { schema: { response: { 404: minimalBodySchema } } }, async (request, reply) =>
        reply.code(404).send({ error: { code: 'resource_not_found', message: `${RESOURCE} '${request.params.id}' not found` } })
      )
      return instance
    }
  },
  failIn('nested'),
  failIn('flat'),
  failIn('oauth'),
  failIn('problem'),
  {
    name: 'throw errors.x()',
    group: '404',
    description: 'ours: `throw app.errors.resource_not_found(…)` through our error handler',
    status: 404,
    request: getProject,
    async build() {
      const instance = await withPlugin()
      instance.get<Params>('/projects/:id', async request => {
        throw instance.errors.resource_not_found({ resource: RESOURCE, id: request.params.id })
      })
      return instance
    }
  },
  {
    name: 'return errors.x()',
    group: '404',
    description: "ours: `return app.errors.resource_not_found(…)`: Fastify's error path (onError hooks, our error handler) without a throw",
    status: 404,
    request: getProject,
    async build() {
      const instance = await withPlugin()
      instance.get<Params>('/projects/:id', async request => instance.errors.resource_not_found({ resource: RESOURCE, id: request.params.id }))
      return instance
    }
  },
  {
    name: 'throw + own handler',
    group: '404',
    description:
      "the floor of any thrown path: the route throws an error made without a stack (as ours is), the app's own `setErrorHandler` answers `reply.code(404).send(obj)` with the same body through the route's response schema; no plugin",
    status: 404,
    request: getProject,
    async build() {
      const instance = app()
      instance.setErrorHandler((error: AppError, request, reply) => reply.code(error.statusCode).send(handWritten(request.id)))
      instance.get<Params>('/projects/:id', { schema: { response: { 404: errorBodySchema } } }, async request => {
        throw appError(404, `${RESOURCE} '${request.params.id}' not found`)
      })
      return instance
    }
  },
  {
    name: 'sensible',
    group: '404',
    description: "@fastify/sensible `reply.notFound(message)`, Fastify's default handler",
    status: 404,
    request: getProject,
    async build() {
      const instance = app()
      await instance.register(sensible)
      instance.get<Params>('/projects/:id', async (request, reply) => reply.notFound(`${RESOURCE} '${request.params.id}' not found`))
      return instance
    }
  },
  {
    name: 'fastify-error',
    group: '404',
    description: "a thrown @fastify/error class (stack captured), Fastify's default handler",
    status: 404,
    request: getProject,
    async build() {
      const instance = app()
      instance.get<Params>('/projects/:id', async request => {
        throw new NotFoundError(RESOURCE, request.params.id)
      })
      return instance
    }
  },
  {
    name: 'default',
    group: '404',
    description: "`throw Object.assign(new Error(msg), { statusCode: 404 })`, Fastify's default handler",
    status: 404,
    request: getProject,
    async build() {
      const instance = app()
      instance.get<Params>('/projects/:id', async request => {
        throw Object.assign(new Error(`${RESOURCE} '${request.params.id}' not found`), { statusCode: 404 })
      })
      return instance
    }
  },
  ...mapped('validation', 'body fails its JSON schema (missing required `name`)', 400, validationRequest, validationRoutes),
  {
    name: 'validation (ours + formatter)',
    group: 'mapped',
    description: 'ours, with `Fastify({ schemaErrorFormatter })` from the plugin: the same message without the stack',
    baseline: 'validation (without)',
    status: 400,
    request: validationRequest,
    async build() {
      const instance = Fastify({ schemaErrorFormatter })
      await instance.register(errorsPlugin)
      validationRoutes(instance)
      return instance
    }
  },
  ...mapped('unknown route', '`GET /nope` (no such route)', 404, { method: 'GET', url: '/nope' }, instance => {
    instance.get('/projects/:id', async () => ({ ok: true }))
  }),
  ...mapped(
    '429',
    '@fastify/rate-limit, `max: 1` per 10 minutes, so every request after the first is a 429',
    429,
    { method: 'GET', url: '/limited' },
    async (instance, ours) => {
      // Ours: the plugin registers the limiter (`rateLimit` option); without: the limiter's own default body.
      if (!ours) await instance.register(rateLimit, RATE_LIMIT)
      instance.get('/limited', async () => ({ ok: true }))
    },
    { rateLimit: RATE_LIMIT }
  ),
  ...mapped('internal_error', "a route throws `new Error('db down')`", 500, { method: 'GET', url: '/boom' }, instance => {
    instance.get('/boom', async () => {
      throw new Error('db down')
    })
  }),
  ...scale()
]

/**
 * Per-request cost against the size of the app (issue 21): the same `reply.fail` with 10 and
 * 10,000 codes; in an app of 5,000 routes where one route or every route declares its errors
 * (the same router in both, so only our per-route work differs); and with 1, 2 and 20 locales.
 */
function scale(): Variant[] {
  const codes = (size: number): Variant => ({
    name: `${size} codes`,
    group: 'scale',
    description: `\`reply.fail\` of the middle code of ${size.toLocaleString('en-US')} generated codes (+ the built-ins)`,
    baseline: size === 10 ? undefined : '10 codes',
    status: 404,
    request: getProject,
    async build() {
      const instance = await withPlugin({ catalogue: catalogueObject(size) })
      instance.get('/projects/:id', async (_request, reply) => failUntyped(reply, middleCode(size)))
      return instance
    }
  })
  const routes = (declaring: 1 | typeof ROUTES): Variant => ({
    name: `${declaring} of ${ROUTES} routes declare`,
    group: 'scale',
    description: `\`reply.fail('resource_not_found', …)\` in a route that declares its errors, among ${ROUTES} routes of which ${declaring === 1 ? 'only it declares' : 'every one declares'}`,
    baseline: declaring === 1 ? undefined : `1 of ${ROUTES} routes declare`,
    status: 404,
    request: { method: 'GET', url: `/r${ROUTES / 2}/projects/${ID}` },
    async build() {
      const instance = await withPlugin()
      for (let i = 0; i < ROUTES; i++) {
        const config = declaring === ROUTES || i === ROUTES / 2 ? { errors: ['resource_not_found' as const] } : {}
        instance.get<Params>(`/r${i}/projects/:id`, { config }, async (request, reply) => reply.fail('resource_not_found', { resource: RESOURCE, id: request.params.id }))
      }
      return instance
    }
  })
  // 2 against 1: what answering in the request's language costs at all (negotiation, Content-Language, Vary);
  // 20 against 2: whether that grows with the number of locales.
  const locales = (count: 1 | 2 | 20): Variant => ({
    name: `${count} locale${count === 1 ? '' : 's'}`,
    group: 'scale',
    description: `\`reply.fail\` of an entry ${count === 1 ? 'in one language' : `translated into ${count} locales`}, \`Accept-Language: de-CH, de;q=0.9\``,
    baseline: count === 1 ? undefined : count === 2 ? '1 locale' : '2 locales',
    status: 404,
    request: { ...getProject, headers: { 'accept-language': 'de-CH, de;q=0.9' } },
    async build() {
      const instance = await withPlugin({ catalogue: translatedCatalogue(count) })
      instance.get('/projects/:id', async (_request, reply) => failUntyped(reply, 'item_missing'))
      return instance
    }
  })
  return [codes(10), codes(10_000), routes(1), routes(ROUTES), locales(1), locales(2), locales(20)]
}

/** One mapped path twice: with our plugin, and the same app without it (Fastify's defaults). */
function mapped(
  name: string,
  what: string,
  status: number,
  request: BenchRequest,
  routes: (instance: FastifyInstance, ours: boolean) => void | Promise<void>,
  options: FastifyErrorCatalogueOptions = {}
): Variant[] {
  const without = `${name} (without)`
  return [
    {
      name: `${name} (ours)`,
      group: 'mapped',
      description: `ours: ${what}`,
      baseline: without,
      status,
      request,
      async build() {
        const instance = await withPlugin(options)
        await routes(instance, true)
        return instance
      }
    },
    {
      name: without,
      group: 'mapped',
      description: `without the plugin: ${what}`,
      status,
      request,
      async build() {
        const instance = app()
        await routes(instance, false)
        return instance
      }
    }
  ]
}

/** Builds, readies and checks one variant: its first answers must have the expected status. */
export async function buildChecked(variant: Variant): Promise<{ app: FastifyInstance; bytes: number; body: string; contentType: string }> {
  const instance = await variant.build()
  await instance.ready()
  // Two requests: the rate-limited variants answer 200 to the first.
  let response = await inject(instance, variant.request)
  response = await inject(instance, variant.request)
  if (response.statusCode !== variant.status) {
    throw new Error(`variant "${variant.name}" answered ${response.statusCode}, expected ${variant.status}: ${response.body}`)
  }
  return { app: instance, bytes: Buffer.byteLength(response.body), body: response.body, contentType: String(response.headers['content-type']) }
}

export function inject(instance: FastifyInstance, request: BenchRequest) {
  return instance.inject({ method: request.method, url: request.url, headers: request.headers, payload: request.payload })
}
