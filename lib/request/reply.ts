/**
 * `reply.fail(code, params, options)` and `fastify.errors.<code>()`, built once per app.
 * `reply.fail` writes the response directly: no Error, no stack, no trip through the
 * error handler, so a catalogued 4xx costs what a hand-written `reply.code().send()` costs.
 * @module
 */
import type { FastifyReply } from 'fastify'
import { createCatalogueError, type CatalogueError, type CatalogueErrorOptions as LooseOptions } from './catalogue-error.js'
import type { CompiledCatalogue } from '../load/compile.js'
import { respond } from './respond.js'
import { paramText } from '../load/template.js'
export type ErrorConstructor = (params?: unknown, options?: LooseOptions) => CatalogueError<string>

/** `current` returns the catalogue in force: the one loaded at registration, or the last good one saved (`watch`). */
export function createFail(current: () => CompiledCatalogue) {
  return function fail(this: FastifyReply, code: string, params?: unknown, options?: LooseOptions): FastifyReply {
    const catalogue = current()
    const entry = typeof code === 'string' ? catalogue.entries.get(code) : undefined
    if (entry === undefined) {
      // Only plain JavaScript (or a cast) gets here: the types accept catalogue codes only.
      this.log.error({ code: paramText(code) }, 'fastify-error-catalogue: reply.fail called with an unknown code')
      return respond({ reply: this, catalogue, entry: catalogue.internal })
    }
    return respond({ reply: this, catalogue, entry, params, extras: documented(options) })
  }
}

/**
 * The documented options only: a plain JavaScript caller's `message` (or anything else) is
 * not passed on, so every message comes from the catalogue, as the types say.
 */
function documented(options: LooseOptions | undefined): LooseOptions | undefined {
  if (typeof options !== 'object' || options === null) return undefined
  return { retryAfter: options.retryAfter, details: options.details, cause: options.cause, headers: options.headers }
}

/** One constructor per code, on an object with no prototype, so `errors.toString` is not a code. */
export function createErrors(catalogue: CompiledCatalogue): Readonly<Record<string, ErrorConstructor>> {
  const errors: Record<string, ErrorConstructor> = Object.create(null)
  // By code: an entry is compiled when its constructor is first called, not when the app starts.
  // A bound function rather than a closure: no context object per code (10,000 codes: 0.25 MB less).
  for (const code of catalogue.entries.keys()) errors[code] = construct.bind(catalogue.entries, code)
  return Object.freeze(errors)
}

function construct(this: CompiledCatalogue['entries'], code: string, params?: unknown, options?: LooseOptions): CatalogueError<string> {
  return createCatalogueError(this.get(code)!, params, options)
}

/**
 * `fastify.errors` under `watch`: one object whose constructors are always those of the
 * catalogue in force, so a code added on save is there and a removed one is gone.
 */
export function createLiveErrors(current: () => Readonly<Record<string, ErrorConstructor>>): Readonly<Record<string, ErrorConstructor>> {
  return new Proxy(Object.create(null) as Record<string, ErrorConstructor>, {
    get: (_target, key) => (typeof key === 'string' ? current()[key] : undefined),
    has: (_target, key) => key in current(),
    ownKeys: () => Reflect.ownKeys(current()),
    // The constructors' objects are frozen; the proxy's target is not, so it may not report non-configurable properties.
    getOwnPropertyDescriptor: (_target, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(current(), key)
      return descriptor === undefined ? undefined : { ...descriptor, configurable: true }
    },
    set: () => false,
    defineProperty: () => false,
    deleteProperty: () => false
  })
}
