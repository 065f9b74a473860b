/**
 * The error `fastify.errors.<code>()` returns: a real `Error`, carrying everything the
 * handler needs to answer with its catalogue entry.
 * @module
 */
import type { CompiledEntry } from '../load/compile.js'
import type { CatalogueCode, FailOptionsBase } from '../types.js'

/** Shared across copies of this package, so `isCatalogueError` works with duplicate installs. */
const kBrand = Symbol.for('fastify-error-catalogue.CatalogueError')
/** @internal The compiled entry that made this error (this copy of the package only). */
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
  /** @internal */
  declare readonly [kEntry]: CompiledEntry

  /**
   * Not callable: create one with `fastify.errors.<code>()`, which also skips this constructor
   * below 500. Private, so the published declaration names no internal type.
   */
  private constructor(entry: CompiledEntry, params?: unknown, options?: CatalogueErrorOptions) {
    super(entry.message.render(params), options?.cause === undefined ? undefined : { cause: options.cause })
    assign(this, entry, params, options)
  }
}

/** The options a CatalogueError is made with, untyped by code (the typed ones are `FailOptions<C>`). */
export type CatalogueErrorOptions = FailOptionsBase & { details?: unknown }

/** The private constructor, for createCatalogueError (its one caller). */
const PrivateCatalogueError = CatalogueError as unknown as new (entry: CompiledEntry, params: unknown, options: CatalogueErrorOptions | undefined) => CatalogueError<string>

/**
 * A CatalogueError for `entry`. Below 500 it is made without running Error's constructor,
 * as @fastify/error does: no stack is captured, which costs more than the whole response
 * (a 4xx is an answer, not a bug). It is still `instanceof CatalogueError` and `Error`;
 * its `stack` is the one line `CatalogueError: <message>`. 5xx errors get a real stack.
 */
export function createCatalogueError(entry: CompiledEntry, params?: unknown, options?: CatalogueErrorOptions): CatalogueError<string> {
  if (entry.status >= 500) return new PrivateCatalogueError(entry, params, options)
  const error = Object.create(CatalogueError.prototype) as CatalogueError<string>
  ;(error as { message: string }).message = entry.message.render(params)
  if (options?.cause !== undefined) (error as { cause: unknown }).cause = options.cause
  assign(error, entry, params, options)
  return error
}

function assign(error: CatalogueError<string>, entry: CompiledEntry, params: unknown, options: CatalogueErrorOptions | undefined): void {
  const fields = error as { -readonly [K in keyof CatalogueError<string>]: CatalogueError<string>[K] }
  fields.code = entry.code
  fields.statusCode = entry.status
  fields.params = params === null || typeof params !== 'object' ? undefined : (params as Record<string, unknown>)
  fields.details = options?.details
  fields.retryAfter = options?.retryAfter ?? entry.retryAfter
  fields.headers = options?.headers
  fields[kEntry] = entry
}

Object.defineProperty(CatalogueError.prototype, 'name', { value: 'CatalogueError', writable: true, configurable: true })
Object.defineProperty(CatalogueError.prototype, kBrand, { value: true })
// Errors made by createCatalogueError have no own stack: show the first line a stack would have.
Object.defineProperty(CatalogueError.prototype, 'stack', {
  get(this: CatalogueError<string>) {
    return `${this.name}: ${this.message}`
  },
  configurable: true
})

/** True for a `CatalogueError` from any copy of this package. */
export function isCatalogueError(value: unknown): value is CatalogueError<string> {
  return typeof value === 'object' && value !== null && (value as { [kBrand]?: unknown })[kBrand] === true
}
