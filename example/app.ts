// The demo: a small discovery API in the style of ../shared/reference/discovery-api-errors.txt.
// `npm start` runs it (example/server.ts); the README lists curl lines that show each kind of error.
import Fastify, { type FastifyRequest } from 'fastify'
import errorsPlugin, { frameworkErrors } from '../lib/index.js'
import './errors.generated.js'

interface Token {
  services: string[]
  maxBatch: number
  requestsPerMinute: number
  revoked?: boolean
  expired?: boolean
  allowedOrigins?: string[]
  requireReferer?: boolean
  allowedIps?: string[]
}

/** Demo keys; a real API keeps these in its access-grants table. */
const TOKENS: Record<string, Token> = {
  'demo-token': { services: ['compute', 'storage', 'dns'], maxBatch: 3, requestsPerMinute: 10 },
  'revoked-token': { services: [], maxBatch: 1, requestsPerMinute: 5, revoked: true },
  'expired-token': { services: [], maxBatch: 1, requestsPerMinute: 5, expired: true },
  'browser-token': { services: ['compute'], maxBatch: 3, requestsPerMinute: 5, requireReferer: true, allowedOrigins: ['https://app.example.com'] },
  'office-token': { services: ['compute'], maxBatch: 3, requestsPerMinute: 5, allowedIps: ['203.0.113.7'] }
}
const SERVICES = new Set(['compute', 'storage', 'dns', 'queues', 'functions'])
const REGIONS = new Set(['eu-west-1', 'us-east-1', 'ap-south-1'])

export async function buildDemo(logLevel: string) {
  const app = Fastify({ logger: { level: logLevel }, frameworkErrors })

  await app.register(errorsPlugin, {
    catalogue: new URL('./errors.yaml', import.meta.url),
    rateLimit: {
      // Per token, as the reference page describes: each key has its own rate_limit_rpm.
      keyGenerator: (request: FastifyRequest) => bearer(request) ?? request.ip,
      max: (request: FastifyRequest) => TOKENS[bearer(request) ?? '']?.requestsPerMinute ?? 5,
      timeWindow: 60_000
    }
  })

  app.addHook('onRequest', async (request, reply) => {
    if (request.url === '/health') return
    const header = request.headers.authorization
    if (header === undefined) return reply.fail('unauthenticated')
    const token = TOKENS[bearer(request) ?? '']
    if (token === undefined) return reply.fail('invalid_token')
    if (token.revoked) return reply.fail('token_revoked')
    if (token.expired) return reply.fail('token_expired')
    if (token.allowedIps && !token.allowedIps.includes(request.ip)) return reply.fail('ip_not_allowed')
    if (token.requireReferer && request.headers.referer === undefined) return reply.fail('referer_required')
    const origin = request.headers.origin ?? request.headers.referer
    if (token.allowedOrigins && origin !== undefined && !token.allowedOrigins.some(o => origin.startsWith(o))) {
      return reply.fail('origin_not_allowed')
    }
    request.token = token
  })

  app.get('/health', async () => ({ ok: true }))

  app.post<{ Body: { services: string[]; region?: string } }>(
    '/v1/discover',
    {
      schema: {
        body: {
          type: 'object',
          required: ['services'],
          properties: {
            services: { type: 'array', minItems: 1, items: { type: 'string' } },
            region: { type: 'string' }
          }
        }
      }
    },
    async (request, reply) => {
      const token = request.token!
      const { services, region = 'eu-west-1' } = request.body
      if (services.length > token.maxBatch) {
        return reply.fail('batch_too_large', { count: services.length, max: token.maxBatch })
      }
      const unknown = services.find(service => !SERVICES.has(service))
      if (unknown !== undefined) return reply.fail('invalid_service', { service: unknown })
      if (!REGIONS.has(region)) return reply.fail('invalid_region', { region })
      const denied = services.find(service => !token.services.includes(service))
      if (denied !== undefined) throw app.errors.service_not_permitted({ service: denied })
      if (services.includes('dns') && region === 'ap-south-1') {
        // The demo's stand-in for a provider that does not answer in time.
        throw app.errors.discovery_timeout({}, { cause: new Error('provider ap-south-1 did not answer in 10s') })
      }
      return { region, resources: services.map(service => ({ service, count: service.length })) }
    }
  )

  app.get('/v1/crash', async () => {
    // An unexpected failure: the client gets internal_error, the log gets this message and stack.
    throw new Error('connection to db-primary:5432 refused (password authentication failed)')
  })

  return app
}

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization
  return header?.startsWith('Bearer ') ? header.slice(7) : undefined
}

declare module 'fastify' {
  interface FastifyRequest {
    token?: Token
  }
}
