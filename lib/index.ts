/**
 * fastify-error-catalogue: one catalogue file → typed constructors, `reply.fail`, and one
 * error handler, not-found handler and body format for the whole app.
 * @module
 */
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { CatalogueError } from './request/catalogue-error.js'
import { makeContract } from './load/contract.js'
import { docsTypeBase, registerDocsRoute } from './artifacts/route.js'
import { answerError, answerNotFound, kCatalogue } from './request/handler.js'
import { readSource } from './load/read.js'
import { resolveOptions, type FastifyErrorCatalogueOptions } from './options.js'
import { notFoundLimit, registerRateLimit } from './request/rate-limit.js'
import { createErrors, createFail, createLiveErrors, type ErrorConstructor } from './request/reply.js'
import { watchCatalogue } from './load/live.js'
import { watchablePaths } from './load/watch.js'
import { collectRoutes, livePluginCodes } from './request/route-errors.js'
import { endpointIndex, listedRoutes } from './artifacts/endpoints.js'
import { errorResponses } from './artifacts/openapi.js'
import { kArtifactSource, type ArtifactSource } from './artifacts/source.js'
import { errorCatalogueApi, type ErrorCatalogueApi } from './catalogue-api.js'
import type { Catalogue, CatalogueCode, FailArgs } from './types.js'
import { warnStaleTypes } from './artifacts/stale-types.js'
import { registerTracing } from './request/trace.js'

async function fastifyErrorCatalogue(fastify: FastifyInstance, options: FastifyErrorCatalogueOptions): Promise<void> {
  const resolved = resolveOptions(options)
  // The served page is the problem `type` base unless the app names one.
  const shape = resolved.shape.problemTypeBase === undefined && resolved.docs !== undefined
    ? Object.freeze({ ...resolved.shape, problemTypeBase: docsTypeBase(fastify.prefix, resolved.docs) })
    : resolved.shape
  const load = () => makeContract({
    sources: resolved.sources.map(readSource),
    shape,
    clientErrorLevel: resolved.clientErrorLevel,
    serverErrorLevel: resolved.serverErrorLevel,
    onFail: resolved.onFail
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
  warnStaleTypes(fastify.log, resolved.sources, () => resolved.sources.map(readSource), shape.defaultLocale)

  const features = { rateLimit: resolved.rateLimit !== undefined, notFoundHandler: resolved.setNotFoundHandler }
  const pluginCodes = livePluginCodes(current, features)
  const declared = collectRoutes({
    mode: resolved.undeclared,
    has: code => current().entries.has(code),
    pluginCodes,
    responses: codes => errorResponses(current(), codes),
    deprecation: code => current().entries.get(code)?.source?.entry.deprecated,
    log: fastify.log
  })
  const endpoints = () => endpointIndex(declared.routes, pluginCodes())
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
  fastify.decorate('errorCatalogue', errorCatalogueApi(current, features, declared.routes, endpoints))
  fastify.decorate('declareErrors', declared.declareErrors)
  fastify.decorate(kArtifactSource, { getter: (): ArtifactSource => ({ contract: current(), endpoints: endpoints(), routes: listedRoutes(declared.routes) }) })

  await registerTracing(fastify, resolved.tracing)
  if (resolved.setErrorHandler) fastify.setErrorHandler(answerError)
  if (resolved.rateLimit !== undefined) await registerRateLimit(fastify, resolved.rateLimit, live.catalogue)
  if (resolved.setNotFoundHandler) {
    // Unknown routes skip the global rate-limit hook unless the not-found handler adds it.
    const limit = resolved.rateLimit === undefined ? {} : notFoundLimit(fastify, resolved.rateLimit)
    fastify.setNotFoundHandler(limit as Parameters<FastifyInstance['setNotFoundHandler']>[0], answerNotFound)
  }
  if (resolved.docs !== undefined) registerDocsRoute(fastify, resolved.docs, current, endpoints)
}

/**
 * One constructor per catalogue code, typed by the catalogue. Mapped over `keyof Catalogue`
 * itself, so each constructor keeps its code's declaration and JSDoc: a `@deprecated` code is
 * struck through at `app.errors.token_revoked`.
 */
export type ErrorConstructors = {
  readonly [C in keyof Catalogue]: C extends CatalogueCode ? (...args: FailArgs<C>) => CatalogueError<C> : never
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
export { generatedTypes, type GeneratedTypes } from './artifacts/stale-types.js'
export type { ErrorMediaType, ErrorResponseSchema, ErrorResponses, ResponseCodesMark } from './artifacts/openapi.js'
export { errorHandler, frameworkErrors, notFoundHandler } from './request/handler.js'
export { schemaErrorFormatter } from './request/schema-error.js'
export type { CatalogueSource } from './load/read.js'
export { ERROR_CHANNEL, type FailEvent, type OnFail } from './request/observe.js'
export type { CatalogueEntry, CatalogueFile } from './load/catalogue-schema.js'
export type { Condition as ErrorCondition, NamedCondition, StatusCondition } from './load/conditions.js'
export type { FastifyErrorCatalogueOptions } from './options.js'
export type { RateLimitOptions, StoreErrorMode } from './request/rate-limit.js'
export type {
  DeclaredErrors,
  NotACatalogueCode,
  PluginCode,
  RouteErrorCodes,
  RouteErrorConstructors,
  RouteErrors,
  UndeclaredMode
} from './request/route-errors.js'
export type { ReferenceOptions } from './artifacts/reference.js'
export type { ErrorCatalogueApi } from './catalogue-api.js'
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
