/**
 * Errors declared per route. A route names the codes it may answer, in `config.errors` or by
 * spreading `app.errorCatalogue.responses([...])` into `schema.response` (what it writes for
 * OpenAPI anyway). The types narrow `reply.fail` and `reply.errors` in that route's handler
 * and hooks; the `undeclared` option checks every answer at run time. A route that declares
 * nothing accepts every code.
 * @module
 */
import type { FastifyBaseLogger, FastifyInstance, FastifyReply, RouteOptions } from 'fastify'
import type { Deprecation } from '../load/catalogue-schema.js'
import { deprecationText } from '../load/deprecation.js'
import type { CatalogueError } from './catalogue-error.js'
import type { CompiledCatalogue, CompiledEntry } from '../load/compile.js'
import type { BindingKey } from '../load/bind.js'
import { CONDITION_NAMES, RATE_LIMIT_CONDITIONS, type NamedCondition } from '../load/conditions.js'
import { FASTIFY_ERROR_CONDITIONS } from './classify.js'
import { FST_CATALOGUE_OPTION_INVALID, FST_CATALOGUE_UNKNOWN_CODE } from '../errors.js'
import type { Catalogue, CatalogueCode, FailArgs } from '../types.js'
import type { BuiltinPluginCode } from '../builtins.generated.js'

// ---------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------

/** The codes of an `errorCatalogue.responses()` result, under a key only symbol-aware readers see. */
export const kResponseCodes: unique symbol = Symbol.for('fastify-error-catalogue.response-codes')

/**
 * The codes the plugin answers by itself, whatever a route declares: malformed requests,
 * validation, unknown routes, size and media type limits, timeouts, rate limits and crashes.
 * A route never has to declare them. Derived from the built-in catalogue's bindings by the
 * generator ({@link BuiltinPluginCode}), as {@link pluginCodesFor} derives them at run time.
 */
export type PluginCode = Extract<BuiltinPluginCode, CatalogueCode>

/**
 * An element of `config.errors` that is no catalogue code. Only the compile error reads it:
 * `Type '"resource_not_fund"' is not assignable to type '{ readonly "is not a code of the
 * catalogue, whose codes are": CatalogueCode; } & "resource_not_fund"'`. Without it, the
 * route's inferred config met the declared type in `never`, and the error named neither.
 */
export type NotACatalogueCode = string & { readonly 'is not a code of the catalogue, whose codes are': CatalogueCode }

/** A route's declaration, as the types see it: its codes, `never` for an empty one. */
interface Declared<C> {
  readonly codes: C
}

/** `config: { errors: [...] }`; `never` when the route's config has no `errors`. */
type ConfigDeclaration<ContextConfig> = ContextConfig extends { errors: readonly (infer C)[] } ? Declared<C> : never

/**
 * An `errorCatalogue.responses()` spread into `schema.response`; `never` when none.
 * Read through any symbol key rather than `kResponseCodes` itself: two copies of this package
 * in one program (a build beside its sources, a duplicated install) have two symbol types,
 * and the declaration merged from the other copy must find the codes too.
 */
type ResponsesDeclaration<SchemaCompiler> = SchemaCompiler extends { response: infer R }
  ? R extends { readonly [key: symbol]: { readonly codes: readonly (infer C)[] } }
    ? unknown extends C // no symbol key at all: nothing to infer from
      ? never
      : Declared<C>
    : never
  : never

/**
 * Codes declared for an app or an encapsulation context with `declareErrors()`: they ride on
 * the instance's type provider, the one type argument Fastify hands from an instance to its
 * routes' replies (type arguments on a route fix the others to their defaults).
 */
export interface DeclaredErrors<C extends string> {
  readonly '~declaredErrors': { readonly [K in C]: true }
}

type ContextCodes<TypeProvider> = TypeProvider extends { readonly '~declaredErrors': infer D } ? keyof D : never

/**
 * The codes a route may answer: what it declares (in `config.errors`, a `responses()` spread,
 * and its context's `declareErrors()`) plus {@link PluginCode}; every code when the route
 * declares nothing itself. An empty declaration (`errors: []`) leaves the plugin's own codes
 * and the context's, as at run time.
 * @example
 * type Codes = RouteErrorCodes<{ errors: ['job_locked'] }, FastifySchema> // 'job_locked' | 'validation_error' | …
 */
export type RouteErrorCodes<ContextConfig, SchemaCompiler, TypeProvider = unknown> = DeclaredCodes<
  ConfigDeclaration<ContextConfig> | ResponsesDeclaration<SchemaCompiler>,
  ContextCodes<TypeProvider>
>

type DeclaredCodes<Own extends Declared<unknown>, Context> = [Own] extends [never]
  ? CatalogueCode
  : string extends Own['codes'] // declared through a value typed wider than its codes (ErrorResponses)
    ? CatalogueCode
    : Extract<Own['codes'] | Context, CatalogueCode> | PluginCode

/**
 * The constructors of a route's codes, as `reply.errors`. Mapped over the catalogue's own keys,
 * filtered to `C`, so each keeps its code's JSDoc (a `@deprecated` code is struck through).
 */
export type RouteErrorConstructors<C extends CatalogueCode> = {
  readonly [K in keyof Catalogue as K extends C ? K : never]: K extends C ? (...args: FailArgs<K>) => CatalogueError<K> : never
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The catalogue codes this route may answer, besides those the plugin answers by itself
     * (validation, not found, rate limit, internal) and those its context declares with
     * `declareErrors()`. Narrows `reply.fail` and `reply.errors` in the route's handler and
     * hooks, lists the route under each code in the reference, and is checked at run time by
     * the `undeclared` option. `[]` declares that the route answers only those.
     * @example
     * app.get('/projects/:id', { config: { errors: ['resource_not_found'] } }, handler)
     */
    errors?: readonly (CatalogueCode | NotACatalogueCode)[]
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
    fail<C extends RouteErrorCodes<ContextConfig, SchemaCompiler, TypeProvider>>(code: C, ...args: FailArgs<C>): FastifyReply
    /**
     * `app.errors`, typed for this route: only the codes it declares (and the plugin's own).
     * @example
     * throw reply.errors.resource_not_found({ resource: 'Project', id })
     */
    errors: RouteErrorConstructors<RouteErrorCodes<ContextConfig, SchemaCompiler, TypeProvider>>
  }
  // The type parameters repeat FastifyInstance's own, for the instance declareErrors returns.
  interface FastifyInstance<RawServer, RawRequest, RawReply, Logger, TypeProvider> {
    /**
     * Declares codes every route of this instance's context (and of the contexts registered
     * in it) may answer, as if each route listed them in `config.errors`: for the run-time
     * check, the reference's "Returned by" and each route's OpenAPI responses. Call it before
     * adding the routes. Returns the instance, typed so that its routes' `reply.fail` accepts
     * the codes: add routes through what it returns.
     * @example
     * app.register(async api => {
     *   const authed = api.declareErrors(['unauthenticated'])
     *   authed.addHook('onRequest', async (request, reply) => { if (!request.headers.authorization) return reply.fail('unauthenticated') })
     *   authed.get('/projects/:id', { config: { errors: ['resource_not_found'] } }, handler)
     * })
     */
    declareErrors<const C extends readonly (CatalogueCode | NotACatalogueCode)[]>(
      codes: C
    ): FastifyInstance<RawServer, RawRequest, RawReply, Logger, TypeProvider & DeclaredErrors<Extract<C[number], CatalogueCode>>>
  }
}

// ---------------------------------------------------------------------------------------
// Run time
// ---------------------------------------------------------------------------------------

/** What `undeclared` does when a route answers a code it did not declare. */
export const UNDECLARED_MODES = ['warn', 'fail', 'ignore'] as const
export type UndeclaredMode = (typeof UNDECLARED_MODES)[number]

/** What {@link pluginCodesFor} reads of a catalogue: the code bound to each condition (a compiled catalogue, or the generator's bindings). */
export interface ConditionCodes {
  readonly internal: { readonly code: string }
  bound(condition: BindingKey): { readonly code: string } | undefined
}

/**
 * The codes the plugin answers by itself in an app, always of the catalogue in force (`watch`
 * rebinds them): those of the entries bound to its conditions (yours when you claim one with
 * `when`) and to the statuses Fastify's own errors carry (`not_found` for FST_ERR_NOT_FOUND),
 * the rate limit's only when it is on, route_not_found only with the not-found handler.
 */
export function livePluginCodes(current: () => CompiledCatalogue, settings: { rateLimit: boolean; notFoundHandler: boolean }): () => ReadonlySet<string> {
  let of: CompiledCatalogue | undefined
  let codes: ReadonlySet<string> = new Set()
  return () => {
    const catalogue = current()
    if (catalogue !== of) {
      codes = pluginCodesFor(catalogue, settings)
      of = catalogue
    }
    return codes
  }
}

/** The plugin's own codes of one catalogue (a compiled catalogue, or the generator's bindings). */
export function pluginCodesFor(catalogue: ConditionCodes, settings: { rateLimit: boolean; notFoundHandler: boolean }): ReadonlySet<string> {
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
  /**
   * The codes declared for it, its own and its context's (`declareErrors()`), without the
   * plugin's own, in declaration order; undefined when neither declares any.
   */
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
  /** `errorCatalogue.responses(codes)`: what a context's codes add to each route's `schema.response`. */
  responses(codes: readonly string[]): object
  /** A code's deprecation, if it has one: a route declaring it is warned about once per code. */
  deprecation(code: string): Deprecation | undefined
  readonly log: FastifyBaseLogger
}

export interface CollectedRoutes {
  /** The plugin's onRoute hook. */
  onRoute(this: FastifyInstance, route: RouteOptions): void
  /** The `declareErrors` decorator. */
  declareErrors(this: FastifyInstance, codes: unknown): FastifyInstance
  /** Every route seen, in registration order (hidden ones left out). */
  readonly routes: RouteErrors[]
}

/**
 * The plugin's onRoute hook and `declareErrors`: reads each route's declaration and its
 * context's, refuses unknown codes, keeps the list.
 */
export function collectRoutes(settings: RouteErrorsSettings): CollectedRoutes {
  const routes: RouteErrors[] = []
  const contexts = contextDeclarations()
  const warnedDeprecated = new Set<string>()
  function onRoute(this: FastifyInstance, route: RouteOptions) {
    const method = Array.isArray(route.method) ? route.method.join(', ') : String(route.method)
    const own = declaredCodes(route)
    const context = contexts.codesOf(this)
    if (own !== undefined) {
      const unknown = own.filter(code => !settings.has(code))
      if (unknown.length > 0) throw new FST_CATALOGUE_UNKNOWN_CODE(`${quoted(unknown)} declared by ${method} ${route.url}`)
      warnDeprecated(settings, warnedDeprecated, own, `${method} ${route.url}`)
      if (settings.mode !== 'ignore') {
        const check: RouteCheck = { mode: settings.mode, declared: new Set([...own, ...context]), pluginCodes: settings.pluginCodes, warned: new Set() }
        // A new object: a config shared by several routes must not carry one route's check.
        route.config = { ...route.config, [kRouteCheck]: check } as RouteOptions['config']
        routesChecked = true
      }
    }
    if (context.length > 0) route.schema = withContextResponses(route.schema, context, settings)
    // Like @fastify/swagger, leave out routes hidden from the API's documentation (the reference page's own).
    if ((route.schema as { hide?: unknown } | undefined)?.hide !== true) {
      contexts.routeAdded(this)
      const codes = own === undefined && context.length === 0 ? undefined : [...new Set([...(own ?? []), ...context])]
      routes.push({ method, url: route.url, codes })
    }
  }
  function declareErrors(this: FastifyInstance, codes: unknown): FastifyInstance {
    if (!Array.isArray(codes) || codes.some(code => typeof code !== 'string')) {
      throw new FST_CATALOGUE_OPTION_INVALID('declareErrors() takes an array of catalogue codes')
    }
    const unknown = codes.filter(code => !settings.has(code))
    if (unknown.length > 0) throw new FST_CATALOGUE_UNKNOWN_CODE(`${quoted(unknown)} declared by declareErrors()`)
    contexts.declare(this, codes)
    return this
  }
  return { onRoute, declareErrors, routes }
}

/**
 * The codes declared per encapsulation context. Fastify makes a child context with
 * `Object.create(parent)`, so a context's codes are its own and those along its prototype
 * chain. A declaration counts for the routes added after it: one made where routes already
 * are would miss them, so it throws rather than leave them undocumented.
 */
function contextDeclarations() {
  const declared = new WeakMap<object, readonly string[]>()
  const routed = new WeakSet<object>()
  const codesOf = (context: object): readonly string[] => {
    for (let at: object | null = context; at !== null; at = Object.getPrototypeOf(at) as object | null) {
      const codes = declared.get(at)
      if (codes !== undefined) return codes
    }
    return []
  }
  return {
    codesOf,
    declare(context: object, codes: readonly string[]) {
      if (routed.has(context)) {
        throw new FST_CATALOGUE_OPTION_INVALID('declareErrors() after routes were added in this context: call it before adding them')
      }
      declared.set(context, [...new Set([...codesOf(context), ...codes])])
    },
    /** Marks the route's context and every context it is registered in. */
    routeAdded(context: object) {
      for (let at: object | null = context; at !== null; at = Object.getPrototypeOf(at) as object | null) routed.add(at)
    }
  }
}

/**
 * The route's schema with its context's codes in `schema.response`, beside its own: one
 * `responses()` of both, so that codes sharing a status share its `oneOf`. The route's own
 * mark stays as it was: the context's codes are not the route's own declaration.
 */
function withContextResponses(schema: RouteOptions['schema'], context: readonly string[], settings: RouteErrorsSettings): RouteOptions['schema'] {
  const response = (schema as { response?: unknown } | undefined)?.response
  const current = typeof response === 'object' && response !== null ? response : {}
  const spread = (current as { [kResponseCodes]?: { codes?: unknown } })[kResponseCodes]?.codes
  const codes = [...new Set([...(Array.isArray(spread) ? (spread as string[]) : []), ...context])]
  // String keys only: the statuses, without the mark of `responses()`.
  const statuses = Object.fromEntries(Object.entries(settings.responses(codes)))
  return { ...schema, response: { ...current, ...statuses } }
}

function quoted(codes: readonly string[]): string {
  return codes.map(code => JSON.stringify(code)).join(', ')
}

/** One warning per deprecated code some route declares, naming the first such route and the replacement. */
function warnDeprecated(settings: RouteErrorsSettings, warned: Set<string>, codes: readonly string[], where: string): void {
  for (const code of codes) {
    const deprecated = settings.deprecation(code)
    if (deprecated === undefined || warned.has(code)) continue
    warned.add(code)
    settings.log.warn({ code, route: where, deprecated }, `fastify-error-catalogue: ${where} declares ${code}, which is deprecated: ${deprecationText(deprecated)}`)
  }
}

/** `config.errors` and the codes of a `responses()` spread into `schema.response`, in that order. */
function declaredCodes(route: RouteOptions): string[] | undefined {
  const fromConfig = (route.config as { errors?: unknown } | undefined)?.errors
  const response = (route.schema as { response?: unknown } | undefined)?.response
  const mark = typeof response === 'object' && response !== null ? (response as { [kResponseCodes]?: { codes: string[] } })[kResponseCodes] : undefined
  const fromSchema = mark?.codes
  if (fromConfig === undefined && fromSchema === undefined) return undefined
  if (fromConfig !== undefined && (!Array.isArray(fromConfig) || fromConfig.some(code => typeof code !== 'string'))) {
    throw new FST_CATALOGUE_OPTION_INVALID(`config.errors of ${String(route.method)} ${route.url} must be an array of codes`)
  }
  return [...new Set([...((fromConfig as string[] | undefined) ?? []), ...(fromSchema ?? [])])]
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
