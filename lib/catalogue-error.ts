/**
 * The error `fastify.errors.<code>()` returns: a real `Error`, carrying everything the
 * handler needs to answer with its catalogue entry.
 * @module
 */
import type { CompiledEntry } from './compile.js'
import type { CatalogueCode, FailOptionsBase } from './types.js'

/** Shared across copies of this package, so `isCatalogueError` works with duplicate installs. */
const kBrand = Symbol.for('fastify-error-catalogue.CatalogueError')
/** The compiled entry that made this error (this copy of the package only). */
export const kEntry = Symbol('fastify-error-catalogue.entry')

/**
 * An error from the catalogue. Create one with `fastify.errors.<code>(params, options)`;
 * throw it, or pass it anywhere an `Error` goes. Errors below 500 capture no stack trace:
 * they are expected answers, not bugs, and a stack costs far more than the response.
 * @example
 * if (body.services.length > 50) throw app.errors.batch_too_large({ max: 50 })
 */
export class CatalogueError<C extends string = CatalogueCode> extends Error {
  declare readonly code: C
  declare readonly statusCode: number
  declare readonly params: Readonly<Record<string, unknown>> | undefined
  declare readonly details: unknown
  declare readonly retryAfter: number | undefined
  declare readonly headers: Readonly<Record<string, string>> | undefined
  declare readonly [kEntry]: CompiledEntry

  /** @internal use `fastify.errors.<code>()` */
  constructor(entry: CompiledEntry, params?: unknown, options?: FailOptionsBase & { details?: unknown }) {
    const stackTraceLimit = Error.stackTraceLimit
    if (entry.status < 500) Error.stackTraceLimit = 0
    try {
      super(entry.message.render(params), options?.cause === undefined ? undefined : { cause: options.cause })
    } finally {
      Error.stackTraceLimit = stackTraceLimit
    }
    this.code = entry.code as C
    this.statusCode = entry.status
    this.params = params === null || typeof params !== 'object' ? undefined : (params as Record<string, unknown>)
    this.details = options?.details
    this.retryAfter = options?.retryAfter ?? entry.retryAfter
    this.headers = options?.headers
    this[kEntry] = entry
  }
}

Object.defineProperty(CatalogueError.prototype, 'name', { value: 'CatalogueError', writable: true, configurable: true })
Object.defineProperty(CatalogueError.prototype, kBrand, { value: true })

/** True for a `CatalogueError` from any copy of this package. */
export function isCatalogueError(value: unknown): value is CatalogueError<string> {
  return typeof value === 'object' && value !== null && (value as { [kBrand]?: unknown })[kBrand] === true
}
