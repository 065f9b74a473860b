/**
 * Registers @fastify/rate-limit so that its answers come out of the catalogue: the entries
 * bound to `rate-limited` (429, `rate_limit_exceeded`), `rate-limit-ban` (403,
 * `rate_limit_banned`) and `rate-limit-store-down` (a failing shared store, Redis down: 503
 * `service_unavailable`, or a request let through, as `onStoreError` says), with the
 * limiter's own window as Retry-After, in the header and the body alike.
 * @module
 */
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor, RateLimitPluginOptions } from '@fastify/rate-limit'
import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify'
import { createCatalogueError } from './catalogue-error.js'
import { FST_CATALOGUE_OPTION_INVALID } from '../errors.js'
import { callGuarded } from '../user-callback.js'
import type { CompiledCatalogue, CompiledEntry } from '../load/compile.js'

/** What the limiter does when its store (Redis) fails: answer 503, or let the request through. */
export const STORE_ERROR_MODES = ['unavailable', 'fail-open'] as const
export type StoreErrorMode = (typeof STORE_ERROR_MODES)[number]

/** The plugin's `rateLimit` option: @fastify/rate-limit's own options plus `onStoreError`. */
export interface RateLimitOptions extends RateLimitPluginOptions {
  /**
   * When the store fails (Redis unreachable, a command timing out): `'unavailable'` answers
   * `service_unavailable` (503, with the entry's Retry-After); `'fail-open'` lets the request
   * through unlimited (rate-limit's `skipOnError`). Either way the store error is logged.
   * Default: `'unavailable'`.
   */
  onStoreError?: StoreErrorMode
}

/** A store as @fastify/rate-limit 11 calls it: its exported type, plus the `read` its stores have (`createRateLimit`). */
type Store = FastifyRateLimitStore & { read?: FastifyRateLimitStore['incr'] }
type StoreCallback = Parameters<Store['incr']>[1]
/** What @fastify/rate-limit passes a store's constructor (its `globalParams`). */
interface StoreParams {
  continueExceeding: boolean
  exponentialBackoff: boolean
}
type RedisStoreConstructor = new (continueExceeding: boolean, exponentialBackoff: boolean, redis: unknown, nameSpace?: string) => Store

/**
 * The one place that reaches into @fastify/rate-limit's files: it builds its Redis store
 * from a `redis` option but exports no store class, and we wrap the store to recognise its
 * failures. The package has no exports map, so the file can be imported; test/rate-limit.test.ts
 * builds it with a fake client and fails the day the file moves.
 */
const REDIS_STORE = '@fastify/rate-limit/store/RedisStore.js'

interface RateLimitPackage {
  plugin: typeof import('@fastify/rate-limit').default
  RedisStore: RedisStoreConstructor | undefined
}

/**
 * @fastify/rate-limit is an optional peer dependency, imported only when the `rateLimit`
 * option is set (and its Redis store only with `redis`). Missing, it is a registration
 * error that says what to install.
 */
async function loadRateLimit(redis: boolean): Promise<RateLimitPackage> {
  try {
    const { default: plugin } = await import('@fastify/rate-limit')
    const RedisStore = redis ? ((await import(REDIS_STORE)) as { default: RedisStoreConstructor }).default : undefined
    return { plugin, RedisStore }
  } catch (error) {
    const message = `rateLimit needs @fastify/rate-limit 11, an optional peer dependency: npm install @fastify/rate-limit (${(error as Error).message})`
    throw Object.assign(new FST_CATALOGUE_OPTION_INVALID(message), { cause: error })
  }
}

/** The limiter as a function of the request, for answers that run no hooks (frameworkErrors). */
export type Limiter = (request: FastifyRequest, reply: FastifyReply) => Promise<void>

/** Where the global limiter lives on the instance, once registered. */
export const kLimiter = Symbol.for('fastify-error-catalogue.limiter')

export async function registerRateLimit(fastify: FastifyInstance, options: RateLimitOptions, catalogue: CompiledCatalogue): Promise<void> {
  const limited = catalogue.answer('rate-limited')
  const banned = catalogue.answer('rate-limit-ban')
  const { onStoreError = 'unavailable', ...limiterOptions } = options
  const { plugin, RedisStore } = await loadRateLimit(limiterOptions.store === undefined && limiterOptions.redis != null)
  await fastify.register(plugin, {
    ...limiterOptions,
    ...guardedHooks(limiterOptions, fastify.log),
    ...guardedStore(limiterOptions, RedisStore, onStoreError, catalogue.answer('rate-limit-store-down'), fastify.log),
    errorResponseBuilder(_request, context) {
      // Same number as the limiter's Retry-After header: whole seconds left in the window (or the ban).
      const retryAfter = Math.ceil(context.ttl / 1000)
      return context.ban
        ? createCatalogueError(banned, { seconds: retryAfter }, { retryAfter })
        : createCatalogueError(limited, { seconds: retryAfter }, { retryAfter })
    }
  })
  fastify.decorate(kLimiter, fastify.rateLimit() as Limiter)
}

/**
 * The not-found handler's options that limit unknown routes at the same hook as known
 * routes (`onRequest` unless `hook` says otherwise), so a limited request is answered before
 * its body is read or parsed. Fastify's typings offer only `preValidation` and `preHandler`
 * here, but its 404 context takes every lifecycle hook from these options
 * (lib/four-oh-four.js); test/reliability/limiter-first.test.ts fails the day it does not.
 */
export function notFoundLimit(fastify: FastifyInstance, options: RateLimitOptions): RouteShorthandOptions {
  return { [options.hook ?? 'onRequest']: (fastify as unknown as { [kLimiter]: Limiter })[kLimiter] }
}

/** The limiter's notification hooks: called by @fastify/rate-limit without a catch or an await. */
const HOOKS = ['onExceeding', 'onExceeded', 'onBanReach'] as const
type Hooks = Pick<RateLimitPluginOptions, (typeof HOOKS)[number]>

/**
 * The user's notification hooks, each wrapped so that a throw (which would turn a 429 into
 * a 500) or a rejection (which would reach the process) is logged and the answer stays the
 * limiter's. A route's own `config.rateLimit` hooks are @fastify/rate-limit's alone.
 */
function guardedHooks(options: RateLimitPluginOptions, log: FastifyBaseLogger): Hooks {
  const hooks: Hooks = {}
  for (const name of HOOKS) {
    const hook = options[name]
    if (typeof hook !== 'function') continue
    hooks[name] = (request, key) => callGuarded(hook, [request, key], error => log.error({ err: error }, `fastify-error-catalogue: rateLimit.${name} failed`))
  }
  return hooks
}

/**
 * A shared store (`redis` or a custom `store`) is wrapped so that its failures are
 * recognisable: with `'unavailable'` a failure becomes a `service_unavailable` error that
 * the limiter throws; with `'fail-open'` it is logged and the limiter skips the request.
 * The in-memory store cannot fail and is left alone.
 */
function guardedStore(
  options: RateLimitPluginOptions,
  RedisStore: RedisStoreConstructor | undefined,
  mode: StoreErrorMode,
  unavailable: CompiledEntry,
  log: FastifyBaseLogger
): Pick<RateLimitPluginOptions, 'store' | 'skipOnError'> {
  const { store: Inner, redis, nameSpace } = options
  if (Inner === undefined && RedisStore === undefined) return {}
  const failed = (error: unknown): Error => {
    if (mode === 'fail-open') {
      log.warn({ err: error }, 'fastify-error-catalogue: rate-limit store failed, request let through (onStoreError: fail-open)')
      return error as Error
    }
    return createCatalogueError(unavailable, undefined, { cause: error })
  }
  function GuardedStore(params: StoreParams): Store {
    return guard(Inner === undefined ? new RedisStore!(params.continueExceeding, params.exponentialBackoff, redis, nameSpace) : new Inner(params), failed)
  }
  return { store: GuardedStore as unknown as FastifyRateLimitStoreCtor, skipOnError: mode === 'fail-open' }
}

function guard(inner: Store, failed: (error: unknown) => Error): Store {
  const call = (method: 'incr' | 'read', key: string, callback: StoreCallback, timeWindow: number, max: number): void => {
    const checked: StoreCallback = (error, result) => (error ? callback(failed(error)) : callback(null, result))
    try {
      inner[method]!(key, checked, timeWindow, max)
    } catch (error) {
      // A store that throws instead of calling back fails the same way.
      callback(failed(error))
    }
  }
  const store: Store = {
    incr: (key, callback, timeWindow, max) => call('incr', key, callback, timeWindow, max),
    child: routeOptions => guard(inner.child(routeOptions), failed)
  }
  // `createRateLimit()(req, { increment: false })` needs `read`; offer it only when the store has it.
  if (typeof inner.read === 'function') store.read = (key, callback, timeWindow, max) => call('read', key, callback, timeWindow, max)
  return store
}
