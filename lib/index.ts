/**
 * fastify-error-catalogue: one catalogue file → typed constructors, `reply.fail`, and one
 * error handler, not-found handler and body format for the whole app.
 * @module
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { CatalogueError } from './request/catalogue-error.js'
import { buildCatalogue } from './load/build.js'
import type { CompiledCatalogue } from './load/compile.js'
import { docsTypeBase, registerDocsRoute } from './docs/route.js'
import { errorHandler, kCatalogue, notFoundHandler } from './request/handler.js'
import { readSource } from './load/read.js'
import { resolveOptions, type FastifyErrorCatalogueOptions } from './options.js'
import { registerRateLimit } from './request/rate-limit.js'
import { errorResponses, type ErrorResponses, type OpenApiSettings } from './docs/openapi.js'
import { createErrors, createFail } from './request/reply.js'
import type { CatalogueCode, FailArgs } from './types.js'
import { RATE_LIMIT_CONDITIONS, isCondition, type Condition as ErrorCondition, type NamedCondition } from './load/conditions.js'
import { FST_CATALOGUE_UNKNOWN_CODE } from './errors.js'

async function fastifyErrorCatalogue(fastify: FastifyInstance, options: FastifyErrorCatalogueOptions): Promise<void> {
  const resolved = resolveOptions(options)
  const catalogue = buildCatalogue({
    sources: resolved.sources.map(readSource),
    builtins: resolved.builtins,
    rateLimit: resolved.rateLimit !== undefined,
    compile: {
      format: resolved.format,
      includeFix: resolved.includeFix,
      includeParams: resolved.includeParams,
      includeRequestId: resolved.includeRequestId,
      problemTypeBase: resolved.problemTypeBase ?? docsTypeBase(fastify.prefix, resolved.docs),
      clientErrorLevel: resolved.clientErrorLevel,
      serverErrorLevel: resolved.serverErrorLevel,
      onFail: resolved.onFail,
      defaultLocale: resolved.defaultLocale
    }
  })

  fastify.decorate(kCatalogue, catalogue)
  // The constructors are built from the catalogue at run time; the types come from the generated declarations.
  fastify.decorate('errors', createErrors(catalogue) as unknown as ErrorConstructors)
  fastify.decorateReply('fail', createFail(catalogue))
  fastify.decorate('errorCatalogue', errorCatalogueApi(catalogue, resolved))

  if (resolved.setErrorHandler) fastify.setErrorHandler(answerError)
  if (resolved.rateLimit !== undefined) await registerRateLimit(fastify, resolved.rateLimit, catalogue)
  if (resolved.setNotFoundHandler) {
    // Unknown routes skip the global rate-limit hook unless the not-found handler adds it.
    const preHandler = resolved.rateLimit === undefined ? undefined : fastify.rateLimit()
    fastify.setNotFoundHandler(preHandler === undefined ? {} : { preHandler }, notFoundHandler)
  }
  if (resolved.docs !== undefined) registerDocsRoute(fastify, resolved.docs, catalogue, resolved.format.name)
}

/**
 * `errorHandler` as the plugin installs it: the same answer, returning nothing. A returned
 * reply is a thenable to Fastify, which waits on it (`reply.then`) for a send that has already
 * happened; the exported `errorHandler` keeps returning the reply, which an app's own async
 * handler must return when it composes ours.
 */
function answerError(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
  errorHandler(error, request, reply)
}

function errorCatalogueApi(catalogue: CompiledCatalogue, settings: OpenApiSettings): ErrorCatalogueApi {
  const codeOf = (name: string): string => {
    if (!isCondition(name)) return name
    const entry = catalogue.bound(name)
    if (entry === undefined) throw new FST_CATALOGUE_UNKNOWN_CODE(`condition "${name}" (no entry answers it${RATE_LIMIT_CONDITIONS.includes(name as NamedCondition) ? ': rateLimit is off' : ''})`)
    return entry.code
  }
  return Object.freeze({
    codes: () => [...catalogue.entries.keys()],
    has: (code: string) => catalogue.entries.has(code),
    codeFor: (condition: ErrorCondition) => {
      if (!isCondition(condition)) throw new FST_CATALOGUE_UNKNOWN_CODE(`condition ${JSON.stringify(condition)}`)
      return codeOf(condition) as CatalogueCode
    },
    responses: (codes: readonly (CatalogueCode | ErrorCondition)[]) => errorResponses(catalogue, settings, codes.map(codeOf)),
    errorHandler,
    notFoundHandler
  })
}

/** What `fastify.errorCatalogue` offers. */
export interface ErrorCatalogueApi {
  /** Every code of the loaded catalogue (built-ins and yours). */
  codes(): string[]
  has(code: string): boolean
  /**
   * The code that answers a condition the plugin meets by itself: `codeFor('rate-limited')`
   * is `rate_limit_exceeded`, or the code of yours that claims it with `when`.
   * @example
   * app.errorCatalogue.codeFor('validation') // 'validation_failed'
   */
  codeFor(condition: ErrorCondition): CatalogueCode
  /**
   * The error responses of a route, by status, for its `schema.response`: the body schema of
   * the configured format (several codes with one status → `oneOf`), headers and an example
   * per code, so @fastify/swagger documents them. A condition stands for the code that answers
   * it (`'rate-limited'`). An unknown code throws FST_CATALOGUE_UNKNOWN_CODE.
   * @example
   * app.get('/projects/:id', {
   *   schema: { response: { 200: Project, ...app.errorCatalogue.responses(['resource_not_found', 'rate-limited']) } }
   * }, handler)
   */
  responses(codes: readonly (CatalogueCode | ErrorCondition)[]): ErrorResponses
  errorHandler: typeof errorHandler
  notFoundHandler: typeof notFoundHandler
}

/** One constructor per catalogue code, typed by the catalogue. */
export type ErrorConstructors = {
  readonly [C in CatalogueCode]: (...args: FailArgs<C>) => CatalogueError<C>
}

declare module 'fastify' {
  interface FastifyReply {
    /**
     * Answers with a catalogue error: status, headers and body from the entry for `code`.
     * @example
     * return reply.fail('resource_not_found', { resource: 'Project', id: req.params.id })
     */
    fail<C extends CatalogueCode>(code: C, ...args: FailArgs<C>): FastifyReply
  }
  interface FastifyInstance {
    /**
     * One constructor per catalogue code: `throw app.errors.batch_too_large({ max: 50 })`.
     */
    errors: ErrorConstructors
    errorCatalogue: ErrorCatalogueApi
  }
}

const plugin = fp(fastifyErrorCatalogue, { fastify: '5.x', name: 'fastify-error-catalogue' })

export default plugin
export { plugin as fastifyErrorCatalogue }
export { CatalogueError, isCatalogueError } from './request/catalogue-error.js'
export { defineCatalogue, type CatalogueTypes, type DefinedCatalogue, type DefinedEntry, type PlaceholdersOf } from './load/define.js'
export { errorCodes } from './errors.js'
export type { ErrorMediaType, ErrorResponseSchema, ErrorResponses } from './docs/openapi.js'
export { errorHandler, frameworkErrors, notFoundHandler } from './request/handler.js'
export type { CatalogueSource } from './load/read.js'
export { ERROR_CHANNEL, type FailEvent, type OnFail } from './request/observe.js'
export type { CatalogueEntry, CatalogueFile } from './load/catalogue-schema.js'
export type { Condition as ErrorCondition, NamedCondition, StatusCondition } from './load/conditions.js'
export type { FastifyErrorCatalogueOptions } from './options.js'
export type { RateLimitOptions, StoreErrorMode } from './request/rate-limit.js'
export type {
  BuiltinFormatName,
  Catalogue,
  CatalogueCode,
  CustomFormat,
  DetailsOf,
  ErrorCatalogue,
  ErrorCatalogueSettings,
  ErrorView,
  FailArgs,
  FailOptions,
  FailOptionsBase,
  LogLevelName,
  ParamsOf,
  ValidationItem
} from './types.js'
