/**
 * Where a request finds the compiled catalogue: on the Fastify instance it was routed to.
 * @module
 */
import type { FastifyRequest } from 'fastify'
import type { CompiledCatalogue } from '../load/compile.js'

/** Where the compiled catalogue lives on the Fastify instance. */
export const kCatalogue = Symbol.for('fastify-error-catalogue.catalogue')

/** The catalogue of the instance that handles this request; undefined where the plugin is not registered. */
export function catalogueOf(request: FastifyRequest): CompiledCatalogue | undefined {
  return (request.server as unknown as { [kCatalogue]?: CompiledCatalogue })[kCatalogue]
}
