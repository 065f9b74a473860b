/**
 * Every shared type. The registry interfaces (`ErrorCatalogue`, `ErrorCatalogueSettings`)
 * are what generated modules augment, so that `reply.fail` and `fastify.errors` know
 * each code's parameters and details at compile time.
 * @module
 */
import type { FastifyRequest } from 'fastify'
import type { BuiltinErrorCatalogue } from './builtins.generated.js'

// ---------------------------------------------------------------------------------------
// The type registry
// ---------------------------------------------------------------------------------------

/**
 * The user's codes. `fastify-error-catalogue generate errors.yaml --out src/errors.generated.ts`
 * writes a module that augments this interface; one member per code:
 * `{ params?: {…}; details?: … }`.
 * @example
 * declare module 'fastify-error-catalogue' {
 *   interface ErrorCatalogue {
 *     batch_too_large: { params: { max: number } }
 *   }
 * }
 */
export interface ErrorCatalogue {}

/**
 * Type-level settings. A catalogue generated with `--no-builtins` adds `builtins: false`,
 * which removes the built-in codes from the types, as `builtins: false` does at run time.
 */
export interface ErrorCatalogueSettings {}

/**
 * Every code known to the types: the built-ins (unless switched off) overlaid by the user's.
 * A user code equal to a built-in apart from case (`RATE_LIMIT_EXCEEDED`) replaces it, as at run time.
 */
export type Catalogue = ErrorCatalogueSettings extends { builtins: false }
  ? ErrorCatalogue
  : Omit<BuiltinErrorCatalogue, keyof ErrorCatalogue | Lowercase<keyof ErrorCatalogue & string>> & ErrorCatalogue

export type CatalogueCode = keyof Catalogue & string

/** The parameters a code's templates take; `never` when it has none. */
export type ParamsOf<C extends CatalogueCode> = Catalogue[C] extends { params: infer P } ? P : never

/** The type of a code's `details`; `never` when the catalogue declares none. */
export type DetailsOf<C extends CatalogueCode> = Catalogue[C] extends { details: infer D } ? D : never

/**
 * A parameter object for a code without placeholders: only `{}` fits. A parameter given
 * anyway fails with a sentence (test/type-messages.test.ts): `Type 'string' is not
 * assignable to type '{ readonly 'this code has no parameters': never; }'`.
 */
export type NoParams = { readonly [name: string]: { readonly 'this code has no parameters': never } }

/**
 * Per-call options of `reply.fail` and the `fastify.errors` constructors. There is no
 * per-call `message`: the catalogue is the one source of messages (translated, documented,
 * the same for every caller); put what varies in a `{placeholder}`.
 */
export interface FailOptionsBase {
  /** Retry-After in seconds for this response; overrides the catalogue's `retryAfter`. */
  retryAfter?: number
  /** The underlying failure: logged, never sent to the client. */
  cause?: unknown
  /** Extra response headers for this response. */
  headers?: Record<string, string>
}

/**
 * `details` is typed by the entry's schema; for an entry without one, nothing fits and the
 * compiler says why: `'why' does not exist in type '{ readonly 'this code declares no details': never; }'`.
 */
export type FailOptions<C extends CatalogueCode> = FailOptionsBase &
  ([DetailsOf<C>] extends [never] ? { details?: { readonly 'this code declares no details': never } } : { details?: DetailsOf<C> })

/** The arguments after the code: parameters are required exactly when the code has placeholders. */
export type FailArgs<C extends CatalogueCode> = [ParamsOf<C>] extends [never]
  ? [params?: NoParams, options?: FailOptions<C>]
  : [params: ParamsOf<C>, options?: FailOptions<C>]

// ---------------------------------------------------------------------------------------
// Run-time shapes
// ---------------------------------------------------------------------------------------

/** One field-level validation failure, as sent to clients. */
export interface ValidationItem {
  /** Dotted path with array indexes, `items[2].id`; empty for the whole part. */
  field: string
  in: 'body' | 'query' | 'params' | 'headers'
  message: string
}

export type ParamValue = string | number | boolean

/** Everything needed to write one error response, in any format. */
export interface ErrorView {
  readonly code: string
  readonly status: number
  readonly title: string
  readonly message: string
  readonly params: Readonly<Record<string, ParamValue>> | undefined
  readonly fix: string | undefined
  readonly details: unknown
  readonly validation: readonly ValidationItem[] | undefined
  readonly retryAfter: number | undefined
  readonly requestId: string
  /** The request path, RFC 9457's `instance`. */
  readonly instance: string
}

export type BuiltinFormatName = 'nested' | 'flat' | 'oauth' | 'problem'

/** A format of your own: a function from the error to the body, and the body's JSON Schema. */
export interface CustomFormat {
  /** Builds the body object; it is sent with `JSON.stringify`. */
  format(error: ErrorView): unknown
  /** JSON Schema of the body, for documentation and OpenAPI. */
  schema: Record<string, unknown>
  /** Default: `application/json; charset=utf-8`. */
  contentType?: string
}

export type LogLevelName = 'silent' | 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal'

// ---------------------------------------------------------------------------------------
// Observability
// ---------------------------------------------------------------------------------------

/** What is published for every error response, and what `onFail` receives. */
export interface FailEvent {
  code: string
  statusCode: number
  message: string
  params: Readonly<Record<string, unknown>> | undefined
  /** The route pattern (`/projects/:id`), or undefined for unknown routes. */
  route: string | undefined
  method: string
  requestId: string
  /** Milliseconds since the request arrived. */
  duration: number
  /** The thrown value or the `cause` option: for your logs and metrics, never sent to clients. */
  error: unknown
}

/**
 * Called for every error response. It may be async (`void | Promise<void>`): a throw or a
 * rejection is logged once (`fastify-error-catalogue: onFail threw`) and never reaches the
 * client or the process. Written as a union of two function types, not one returning
 * `void | Promise<void>`, so that a callback returning something else (`e => counts.push(e)`)
 * still fits, as it fits `=> void`.
 */
export type OnFail = ((event: FailEvent, request: FastifyRequest) => void) | ((event: FailEvent, request: FastifyRequest) => Promise<void>)
