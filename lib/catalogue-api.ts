/**
 * `fastify.errorCatalogue`: what an app can ask of its catalogue at run time (codes, the
 * code that answers a condition, OpenAPI responses, routes and the reference), always of
 * the catalogue in force (`watch` swaps it).
 * @module
 */
import { errorResponses, type ErrorResponses } from './artifacts/openapi.js'
import { listedRoutes, type EndpointIndex } from './artifacts/endpoints.js'
import { writeReference, type ReferenceOptions } from './artifacts/reference.js'
import { contractDocument, type ContractDocument } from './artifacts/contract-document.js'
import { FST_CATALOGUE_CONDITION_OFF, FST_CATALOGUE_UNKNOWN_CODE } from './errors.js'
import type { CompiledCatalogue } from './load/compile.js'
import { RATE_LIMIT_CONDITIONS, isCondition, type Condition as ErrorCondition, type NamedCondition } from './load/conditions.js'
import { errorHandler, notFoundHandler } from './request/handler.js'
import type { RouteErrors } from './request/route-errors.js'
import type { CatalogueCode } from './types.js'

export function errorCatalogueApi(
  current: () => CompiledCatalogue,
  features: FeatureSettings,
  routes: readonly RouteErrors[],
  endpoints: () => EndpointIndex
): ErrorCatalogueApi {
  const codeOf = (name: string): string => {
    if (!isCondition(name)) return name
    const off = featureOff(name, features)
    if (off !== undefined) throw new FST_CATALOGUE_CONDITION_OFF(`"${name}": ${off}`)
    const entry = current().bound(name)
    if (entry === undefined) throw new FST_CATALOGUE_UNKNOWN_CODE(`condition "${name}" (no entry answers it)`)
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
      errorResponses(current(), codes.map(codeOf)) as ErrorResponses<C[number]>,
    routes: () => listedRoutes(routes),
    returnedBy: (code: string) => [...endpoints().returnedBy(code)],
    reference: (options: ReferenceOptions = {}) => writeReference(current(), endpoints(), options),
    contract: () => contractDocument({ catalogue: current(), endpoints: endpoints() }),
    errorHandler,
    notFoundHandler
  })
}

/** The options that turn conditions on: a condition whose feature is off is never answered. */
export interface FeatureSettings {
  readonly rateLimit: boolean
  readonly notFoundHandler: boolean
}

function featureOff(condition: ErrorCondition, settings: FeatureSettings): string | undefined {
  if (!settings.rateLimit && RATE_LIMIT_CONDITIONS.includes(condition as NamedCondition)) {
    return 'the rate limiter is not registered (the rateLimit option is off)'
  }
  if (!settings.notFoundHandler && condition === 'route-not-found') return "the plugin's not-found handler is not installed (setNotFoundHandler: false)"
  return undefined
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
  /**
   * The app's error contract (what `fastify-error-catalogue contract` writes): every code with
   * its status, texts per locale, typed parameters, body schema in the app's format, retry
   * behaviour, conditions, deprecation and the routes that declare it. Call after `ready()`.
   * @example
   * await app.ready()
   * writeFileSync('errors.contract.json', JSON.stringify(app.errorCatalogue.contract(), null, 2))
   */
  contract(): ContractDocument
  errorHandler: typeof errorHandler
  notFoundHandler: typeof notFoundHandler
}
