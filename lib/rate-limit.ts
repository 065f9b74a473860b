/**
 * Registers @fastify/rate-limit so that its answers come out of the catalogue: 429 as
 * `rate_limit_exceeded` with the limiter's own window as Retry-After, a ban as `forbidden`.
 * @module
 */
import rateLimitPlugin, { type RateLimitPluginOptions } from '@fastify/rate-limit'
import type { FastifyInstance } from 'fastify'
import { CatalogueError } from './catalogue-error.js'
import type { CompiledCatalogue } from './compile.js'

export async function registerRateLimit(fastify: FastifyInstance, options: RateLimitPluginOptions, catalogue: CompiledCatalogue): Promise<void> {
  const limited = catalogue.entries.get('rate_limit_exceeded') ?? catalogue.forStatus(429)
  const banned = catalogue.entries.get('forbidden') ?? catalogue.forStatus(403)
  await fastify.register(rateLimitPlugin, {
    ...options,
    errorResponseBuilder(_request, context) {
      // Same number as the limiter's Retry-After header: whole seconds left in the window.
      const retryAfter = Math.ceil(context.ttl / 1000)
      return context.ban ? new CatalogueError(banned) : new CatalogueError(limited, undefined, { retryAfter })
    }
  })
}
