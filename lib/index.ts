/**
 * fastify-error-catalogue: one catalogue file → typed constructors, `reply.fail`, and one
 * error handler, not-found handler and body format for the whole app.
 * @module
 */
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { CatalogueError } from './request/catalogue-error.js'
import { buildCatalogue } from './load/build.js'
import type { CompiledCatalogue } from './load/compile.js'
import { docsTypeBase, registerDocsRoute } from './docs/route.js'
import { answerError, errorHandler, kCatalogue, notFoundHandler } from './request/handler.js'
import { readSource } from './load/read.js'
import { resolveOptions, type FastifyErrorCatalogueOptions } from './options.js'
import { notFoundLimit, registerRateLimit } from './request/rate-limit.js'
import { errorResponses, type ErrorResponses, type OpenApiSettings } from './docs/openapi.js'
import { createErrors, createFail, createLiveErrors, type ErrorConstructor } from './request/reply.js'
import { watchCatalogue } from './load/live.js'
import { watchablePaths } from './load/watch.js'
import { collectRoutes, pluginCodesFor, type RouteErrors } from './request/route-errors.js'
import { endpointIndex, listedRoutes, type EndpointIndex } from './docs/endpoints.js'
import { writeReference, type ReferenceOptions } from './docs/reference.js'
import type { CatalogueCode, FailArgs } from './types.js'
import { RATE_LIMIT_CONDITIONS, isCondition, type Condition as ErrorCondition, type NamedCondition } from './load/conditions.js'
import { FST_CATALOGUE_UNKNOWN_CODE } from './errors.js'
import { warnStaleTypes } from './load/generated-types.js'

async function fastifyErrorCatalogue(fastify: FastifyInstance, options: FastifyErrorCatalogueOptions): Promise<void> {
  const resolved = resolveOptions(options)
  const load = () => buildCatalogue({
    sources: resolved.sources.map(readSource),
    builtins: resolved.builtins,
    rateLimit: resolved.rateLimit !== undefined,
    compile: {
      format: resolved.format,
      includeFix: resolved.includeFix,
      maxValidationItems: resolved.maxValidationItems,
      includeParams: resolved.includeParams,
      includeRequestId: resolved.includeRequestId,
      includeRetryAfter: resolved.includeRetryAfter,
      problemTypeBase: resolved.problemTypeBase ?? docsTypeBase(fastify.prefix, resolved.docs),
      clientErrorLevel: resolved.clientErrorLevel,
      serverErrorLevel: resolved.serverErrorLevel,
      onFail: resolved.onFail,
      defaultLocale: resolved.defaultLocale
    }
  })
  // Everything reads the catalogue through `live`, so `watch` can swap it between requests.
  const live = { catalogue: load(), errors: {} as Readonly<Record<string, ErrorConstructor>> }
  live.errors = createErrors(live.catalogue)
  const current = () => live.catalogue
  if (resolved.watch !== undefined) {
    watchCatalogue(fastify, {
      paths: watchablePaths(resolved.sources),
      settings: resolved.watch,
      load,
      current,
      swap: next => {
        live.errors = createErrors(next)
        live.catalogue = next
      }
    })
  }
  warnStaleTypes(fastify.log, resolved.sources, () => resolved.sources.map(readSource), resolved.defaultLocale)

  const pluginCodes = pluginCodesFor(live.catalogue, { rateLimit: resolved.rateLimit !== undefined, notFoundHandler: resolved.setNotFoundHandler })
  const declared = collectRoutes({ mode: resolved.undeclared, has: code => current().entries.has(code), pluginCodes })
  const endpoints = () => endpointIndex(declared.routes, pluginCodes)
  fastify.addHook('onRoute', declared.onRoute)

  if (live.catalogue.ignoredTitles.length > 0) {
    fastify.log.warn(
      `fastify-error-catalogue: title of ${live.catalogue.ignoredTitles.join(', ')} not sent: problem bodies without problemTypeBase or docs ` +
        'have type about:blank, whose title is the status phrase (RFC 9457 §4.2.1)'
    )
  }
  fastify.decorate(kCatalogue, { getter: current })
  // The constructors are built from the catalogue at run time; the types come from the generated declarations.
  // Without `watch` they never change: a plain object, no proxy on the way to every thrown error.
  const errors = (resolved.watch === undefined ? live.errors : createLiveErrors(() => live.errors)) as unknown as ErrorConstructors
  fastify.decorate('errors', errors)
  fastify.decorateReply('errors', { getter: () => errors })
  fastify.decorateReply('fail', createFail(current))
  fastify.decorate('errorCatalogue', errorCatalogueApi(current, resolved, declared.routes, endpoints))

  if (resolved.setErrorHandler) fastify.setErrorHandler(answerError)
  if (resolved.rateLimit !== undefined) await registerRateLimit(fastify, resolved.rateLimit, live.catalogue)
  if (resolved.setNotFoundHandler) {
    // Unknown routes skip the global rate-limit hook unless the not-found handler adds it.
    const limit = resolved.rateLimit === undefined ? {} : notFoundLimit(fastify, resolved.rateLimit)
    fastify.setNotFoundHandler(limit as Parameters<FastifyInstance['setNotFoundHandler']>[0], notFoundHandler)
  }
  if (resolved.docs !== undefined) registerDocsRoute(fastify, resolved.docs, current, resolved.format.name, endpoints)
}

function errorCatalogueApi(
  current: () => CompiledCatalogue,
  settings: OpenApiSettings,
  routes: readonly RouteErrors[],
  endpoints: () => EndpointIndex
): ErrorCatalogueApi {
  const codeOf = (name: string): string => {
    if (!isCondition(name)) return name
    const entry = current().bound(name)
    if (entry === undefined) throw new FST_CATALOGUE_UNKNOWN_CODE(`condition "${name}" (no entry answers it${RATE_LIMIT_CONDITIONS.includes(name as NamedCondition) ? ': rateLimit is off' : ''})`)
    return entry.code
  }
  return Object.freeze({
    codes: () => [...current().entries.keys()],
    has: (code: string) => current().entries.has(code),
    codeFor: (condition: ErrorCondition) => {
      if (!isCondition(condition)) throw new FST_CATALOGUE_UNKNOWN_CODE(`condition ${JSON.stringify(condition)}`)
      return codeOf(condition) as CatalogueCode
    },
    responses: <const C extends readonly (CatalogueCode | ErrorCondition)[]>(codes: C) =>
      errorResponses(current(), settings, codes.map(codeOf)) as ErrorResponses<C[number]>,
    routes: () => listedRoutes(routes),
    returnedBy: (code: string) => [...endpoints().returnedBy(code)],
    reference: (options: ReferenceOptions = {}) => writeReference(current(), settings.format.name, endpoints(), options),
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
  responses<const C extends readonly (CatalogueCode | ErrorCondition)[]>(codes: C): ErrorResponses<C[number]>
  /**
   * Every route registered after the plugin, with the codes it declares (`codes` undefined
   * when it declares none). Complete after `ready()`.
   * @example
   * app.errorCatalogue.routes() // [{ method: 'GET', url: '/projects/:id', codes: ['resource_not_found'] }]
   */
  routes(): RouteErrors[]
  /**
   * The routes that declare `code`, as `METHOD /path`. Complete after `ready()`.
   * @example
   * app.errorCatalogue.returnedBy('resource_not_found') // ['GET /projects/:id', 'DELETE /projects/:id']
   */
  returnedBy(code: string): string[]
  /**
   * The error reference of the running app, Markdown or HTML: each code with the routes that
   * return it, built-ins marked; `codes: 'sent'` keeps only what the app can send. Call after `ready()`.
   * @example
   * await app.ready()
   * writeFileSync('ERRORS.md', app.errorCatalogue.reference({ codes: 'sent' }))
   */
  reference(options?: ReferenceOptions): string
  errorHandler: typeof errorHandler
  notFoundHandler: typeof notFoundHandler
}

/** One constructor per catalogue code, typed by the catalogue. */
export type ErrorConstructors = {
  readonly [C in CatalogueCode]: (...args: FailArgs<C>) => CatalogueError<C>
}

declare module 'fastify' {
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
export { generatedTypes, type GeneratedTypes } from './load/generated-types.js'
export type { ErrorMediaType, ErrorResponseSchema, ErrorResponses } from './docs/openapi.js'
export { errorHandler, frameworkErrors, notFoundHandler } from './request/handler.js'
export type { CatalogueSource } from './load/read.js'
export { ERROR_CHANNEL, type FailEvent, type OnFail } from './request/observe.js'
export type { CatalogueEntry, CatalogueFile } from './load/catalogue-schema.js'
export type { Condition as ErrorCondition, NamedCondition, StatusCondition } from './load/conditions.js'
export type { FastifyErrorCatalogueOptions } from './options.js'
export type { RateLimitOptions, StoreErrorMode } from './request/rate-limit.js'
export type { PluginCode, RouteErrorCodes, RouteErrorConstructors, RouteErrors, UndeclaredMode } from './request/route-errors.js'
export type { ReferenceOptions } from './docs/reference.js'
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
