/**
 * Errors declared per route. A route names the codes it may answer, in `config.errors` or by
 * spreading `app.errorCatalogue.responses([...])` into `schema.response` (what it writes for
 * OpenAPI anyway). The types narrow `reply.fail` and `reply.errors` in that route's handler
 * and hooks; the `undeclared` option checks every answer at run time. A route that declares
 * nothing accepts every code.
 * @module
 */
import type { FastifyReply, RouteOptions } from 'fastify'
import type { CatalogueError } from './catalogue-error.js'
import type { CompiledCatalogue, CompiledEntry } from '../load/compile.js'
import { CONDITION_NAMES, RATE_LIMIT_CONDITIONS, type NamedCondition } from '../load/conditions.js'
import { FASTIFY_ERROR_CONDITIONS } from './classify.js'
import { FST_CATALOGUE_OPTION_INVALID, FST_CATALOGUE_UNKNOWN_CODE } from '../errors.js'
import type { CatalogueCode, FailArgs } from '../types.js'

// ---------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------

/** The codes of an `errorCatalogue.responses()` result, under a key only symbol-aware readers see. */
export const kResponseCodes: unique symbol = Symbol.for('fastify-error-catalogue.response-codes')

/**
 * The codes the plugin answers by itself, whatever a route declares: malformed requests,
 * validation, unknown routes, size and media type limits, timeouts, rate limits and crashes.
 * A route never has to declare them.
 */
export type PluginCode = Extract<
  | 'bad_request'
  | 'invalid_json'
  | 'validation_error'
  | 'route_not_found'
  | 'not_found'
  | 'uri_too_long'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limit_exceeded'
  | 'rate_limit_banned'
  | 'service_unavailable'
  | 'internal_error',
  CatalogueCode
>

/** Codes named in `config: { errors: [...] }`; `never` when the route has none. */
type ConfigCodes<ContextConfig> = ContextConfig extends { errors: readonly (infer C)[] } ? C : never

/**
 * Codes of an `errorCatalogue.responses()` spread into `schema.response`; `never` when none.
 * Read through any symbol key rather than `kResponseCodes` itself: two copies of this package
 * in one program (a build beside its sources, a duplicated install) have two symbol types,
 * and the declaration merged from the other copy must find the codes too.
 */
type ResponseCodes<SchemaCompiler> = SchemaCompiler extends { response: infer R }
  ? R extends { readonly [key: symbol]: readonly (infer C)[] }
    ? unknown extends C // no symbol key at all: nothing to infer from
      ? never
      : C
    : never
  : never

/**
 * The codes a route may answer: what it declares plus {@link PluginCode}, or every code
 * when it declares nothing.
 * @example
 * type Codes = RouteErrorCodes<{ errors: ['job_locked'] }, FastifySchema> // 'job_locked' | 'validation_error' | …
 */
export type RouteErrorCodes<ContextConfig, SchemaCompiler> = [ConfigCodes<ContextConfig> | ResponseCodes<SchemaCompiler>] extends [never]
  ? CatalogueCode
  : Extract<ConfigCodes<ContextConfig> | ResponseCodes<SchemaCompiler>, CatalogueCode> | PluginCode

/** The constructors of a route's codes, as `reply.errors`. */
export type RouteErrorConstructors<C extends CatalogueCode> = {
  readonly [K in C]: (...args: FailArgs<K>) => CatalogueError<K>
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The catalogue codes this route may answer, besides those the plugin answers by itself
     * (validation, not found, rate limit, internal). Narrows `reply.fail` and `reply.errors`
     * in the route's handler and hooks, lists the route under each code in the reference, and
     * is checked at run time by the `undeclared` option.
     * @example
     * app.get('/projects/:id', { config: { errors: ['resource_not_found'] } }, handler)
     */
    errors?: readonly CatalogueCode[]
  }
  // The type parameters repeat FastifyReply's own: a merged declaration must match them.
  /* eslint-disable @typescript-eslint/no-unused-vars -- unused here, required by the merge */
  interface FastifyReply<
    RouteGeneric,
    RawServer,
    RawRequest,
    RawReply,
    ContextConfig,
    SchemaCompiler,
    TypeProvider,
    ReplyType
  > {
    /* eslint-enable @typescript-eslint/no-unused-vars */
    /**
     * Answers with a catalogue error: status, headers and body from the entry for `code`.
     * In a route that declares its errors, only those codes (and the plugin's own) compile.
     * @example
     * return reply.fail('resource_not_found', { resource: 'Project', id: req.params.id })
     */
    fail<C extends RouteErrorCodes<ContextConfig, SchemaCompiler>>(code: C, ...args: FailArgs<C>): FastifyReply
    /**
     * `app.errors`, typed for this route: only the codes it declares (and the plugin's own).
     * @example
     * throw reply.errors.resource_not_found({ resource: 'Project', id })
     */
    errors: RouteErrorConstructors<RouteErrorCodes<ContextConfig, SchemaCompiler>>
  }
}

// ---------------------------------------------------------------------------------------
// Run time
// ---------------------------------------------------------------------------------------

/** What `undeclared` does when a route answers a code it did not declare. */
export const UNDECLARED_MODES = ['warn', 'fail', 'ignore'] as const
export type UndeclaredMode = (typeof UNDECLARED_MODES)[number]

/**
 * The codes the plugin answers by itself in an app, always of the catalogue in force (`watch`
 * rebinds them): those of the entries bound to its conditions (yours when you claim one with
 * `when`) and to the statuses Fastify's own errors carry (`not_found` for FST_ERR_NOT_FOUND),
 * the rate limit's only when it is on, route_not_found only with the not-found handler.
 */
export function pluginCodesFor(current: () => CompiledCatalogue, settings: { rateLimit: boolean; notFoundHandler: boolean }): () => ReadonlySet<string> {
  let of: CompiledCatalogue | undefined
  let codes: ReadonlySet<string> = new Set()
  return () => {
    const catalogue = current()
    if (catalogue !== of) {
      codes = pluginCodesOf(catalogue, settings)
      of = catalogue
    }
    return codes
  }
}

function pluginCodesOf(catalogue: CompiledCatalogue, settings: { rateLimit: boolean; notFoundHandler: boolean }): ReadonlySet<string> {
  const codes = new Set([catalogue.internal.code])
  for (const condition of [...CONDITION_NAMES, ...FASTIFY_CONDITIONS]) {
    if (!settings.rateLimit && RATE_LIMIT_CONDITIONS.includes(condition as NamedCondition)) continue
    if (!settings.notFoundHandler && condition === 'route-not-found') continue
    const entry = catalogue.bound(condition)
    if (entry !== undefined) codes.add(entry.code)
  }
  return codes
}

/** The conditions Fastify's own errors are, `status-404` among them. */
const FASTIFY_CONDITIONS = [...new Set(Object.values(FASTIFY_ERROR_CONDITIONS))]

/** One route and the codes it declares, as `errorCatalogue.routes()` lists it. */
export interface RouteErrors {
  /** `GET`, or `GET, POST` for a route with several methods. */
  readonly method: string
  /** The full path pattern, prefix included: `/v1/projects/:id`. */
  readonly url: string
  /** The codes it declares (without the plugin's own), in declaration order; undefined when it declares none. */
  readonly codes: readonly string[] | undefined
}

/** Where a route's declaration lives at run time: in its `config`, under a symbol. */
const kRouteCheck = Symbol.for('fastify-error-catalogue.route-check')

/**
 * Whether any route in this process carries a check. Until one does, an answer skips reading
 * `request.routeOptions`, which Fastify builds afresh, as a new object, on every read.
 */
let routesChecked = false

interface RouteCheck {
  readonly mode: 'warn' | 'fail'
  /** The codes the route declares. */
  readonly declared: ReadonlySet<string>
  /** The plugin's own codes, of the catalogue in force. */
  readonly pluginCodes: () => ReadonlySet<string>
  /** `METHOD code` pairs already warned about: one line per pair. */
  readonly warned: Set<string>
}

export interface RouteErrorsSettings {
  readonly mode: UndeclaredMode
  /** Codes of the current catalogue: a declared code must be one of them. */
  has(code: string): boolean
  /** The codes the plugin answers by itself in this app (rate limit only when it is on), of the catalogue in force. */
  readonly pluginCodes: () => ReadonlySet<string>
}

/** The plugin's onRoute hook: reads each route's declaration, refuses unknown codes, keeps the list. */
export function collectRoutes(settings: RouteErrorsSettings): { onRoute: (route: RouteOptions) => void; routes: RouteErrors[] } {
  const routes: RouteErrors[] = []
  const onRoute = (route: RouteOptions) => {
    const method = Array.isArray(route.method) ? route.method.join(', ') : String(route.method)
    const codes = declaredCodes(route)
    if (codes !== undefined) {
      const unknown = codes.filter(code => !settings.has(code))
      if (unknown.length > 0) {
        throw new FST_CATALOGUE_UNKNOWN_CODE(`${unknown.map(code => JSON.stringify(code)).join(', ')} declared by ${method} ${route.url}`)
      }
      if (settings.mode !== 'ignore') {
        const check: RouteCheck = { mode: settings.mode, declared: new Set(codes), pluginCodes: settings.pluginCodes, warned: new Set() }
        // A new object: a config shared by several routes must not carry one route's check.
        route.config = { ...route.config, [kRouteCheck]: check } as RouteOptions['config']
        routesChecked = true
      }
    }
    // Like @fastify/swagger, leave out routes hidden from the API's documentation (the reference page's own).
    if ((route.schema as { hide?: unknown } | undefined)?.hide !== true) routes.push({ method, url: route.url, codes })
  }
  return { onRoute, routes }
}

/** `config.errors` and the codes of a `responses()` spread into `schema.response`, in that order. */
function declaredCodes(route: RouteOptions): string[] | undefined {
  const fromConfig = (route.config as { errors?: unknown } | undefined)?.errors
  const response = (route.schema as { response?: unknown } | undefined)?.response
  const fromSchema = typeof response === 'object' && response !== null ? (response as Record<symbol, unknown>)[kResponseCodes] : undefined
  if (fromConfig === undefined && fromSchema === undefined) return undefined
  if (fromConfig !== undefined && (!Array.isArray(fromConfig) || fromConfig.some(code => typeof code !== 'string'))) {
    throw new FST_CATALOGUE_OPTION_INVALID(`config.errors of ${String(route.method)} ${route.url} must be an array of codes`)
  }
  return [...new Set([...((fromConfig as string[] | undefined) ?? []), ...((fromSchema as string[] | undefined) ?? [])])]
}

/**
 * The entry to answer with, after checking the route's declaration: `entry` itself, or with
 * `undeclared: 'fail'`, `internal` for a code the route did not declare.
 */
export function checkDeclared(reply: FastifyReply, entry: CompiledEntry, internal: CompiledEntry): CompiledEntry {
  if (!routesChecked) return entry
  // Router errors (frameworkErrors) can come before a route is known: no config, nothing to check.
  const config = reply.request.routeOptions.config as unknown as Record<symbol, RouteCheck | undefined> | undefined
  const check = config?.[kRouteCheck]
  if (check === undefined || check.declared.has(entry.code) || check.pluginCodes().has(entry.code)) return entry
  const request = reply.request
  const where = { route: request.routeOptions.url, method: request.method, code: entry.code }
  const said = `${where.method} ${where.route} answered ${entry.code}, which the route does not declare`
  if (check.mode === 'fail') {
    reply.log.error(where, `fastify-error-catalogue: ${said} (undeclared: 'fail' answers internal_error instead)`)
    return internal
  }
  const pair = `${where.method} ${entry.code}`
  if (!check.warned.has(pair)) {
    check.warned.add(pair)
    reply.log.warn(where, `fastify-error-catalogue: ${said}: add it to config.errors or to the route's responses()`)
  }
  return entry
}
