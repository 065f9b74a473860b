/**
 * The plugin's options: documented here, checked and defaulted once at registration.
 * @module
 */
import { LOCALE_PATTERN, LOG_LEVELS } from './load/catalogue-schema.js'
import { FST_CATALOGUE_OPTION_INVALID } from './errors.js'
import { BUILTIN_FORMATS, DEFAULT_ITEM_MEMBERS, customFormat, isBuiltinFormatName, type AnswerShape, type BodyFormat, type ValidationItemMembers } from './formats/index.js'
import type { DocsRouteSettings } from './artifacts/route.js'
import { DEFAULT_MAX_VALIDATION_ITEMS } from './load/compile.js'
import type { CatalogueSource } from './load/read.js'
import type { WatchSettings } from './load/live.js'
import type { OnFail } from './types.js'
import { UNDECLARED_MODES, type UndeclaredMode } from './request/route-errors.js'
import { STORE_ERROR_MODES, type RateLimitOptions } from './request/rate-limit.js'
import type { BuiltinFormatName, CustomFormat, LogLevelName } from './types.js'

export interface FastifyErrorCatalogueOptions {
  /**
   * Your catalogue: a path to a `.yaml`/`.yml`/`.json` file (relative to the working
   * directory), a `file:` URL, a parsed object, or an array of them, merged in order over
   * the built-ins (a later entry with the same code replaces an earlier one).
   * Default: none (built-ins only).
   */
  catalogue?: CatalogueSource | readonly CatalogueSource[]
  /** Include the built-in catalogue (`catalogue/errors.yaml`). Default: `true`. */
  builtins?: boolean
  /** Body format: `'nested'`, `'flat'`, `'oauth'`, `'problem'`, or `{ format, schema }`. Default: `'nested'`. */
  format?: BuiltinFormatName | CustomFormat
  /**
   * Validation items one answer carries at most; when a request fails more checks (Ajv with
   * `allErrors`), one more item says how many were cut: `{ field: '', in, message: '<n> more items not shown' }`.
   * Default: `100`.
   */
  maxValidationItems?: number
  /**
   * Send validation items (one per failing field) in validation answers, in every format; an
   * entry's `validationItems` (or a condition's, in `when`) overrides it. Default: `true`.
   */
  includeValidationItems?: boolean
  /**
   * The members of a validation item: rename `field`, `in` and `message`, or leave `in` out with
   * `false`: `{ in: false }` sends `{"field":"name","message":"is required"}`. On the command line,
   * `--validation-item-members field=param,in=false`. Default: `{ field: 'field', in: 'in', message: 'message' }`.
   */
  validationItemMembers?: { field?: string; in?: string | false; message?: string }
  /** Send `retry_after` in bodies beside the Retry-After header (the header is always sent). Default: `true`. */
  includeRetryAfter?: boolean
  /** Send each entry's `fix` to clients. Default: `true`. */
  includeFix?: boolean
  /** Send `params` (the values of the message's placeholders) in bodies. Default: `true`. */
  includeParams?: boolean
  /** Send `request_id` in bodies (nested, flat, problem). Default: `true`. */
  includeRequestId?: boolean
  /** Base URI of the problem format's `type` (`type` = base + code). Default: none (`about:blank`). */
  problemTypeBase?: string
  /**
   * Register @fastify/rate-limit with these options (`true` for its defaults), its 429s
   * answered as `rate_limit_exceeded` and bans as `forbidden`; unknown routes are limited too.
   * Pass `redis: new Redis(…)` to share the limit across instances; `onStoreError`
   * (`'unavailable'` or `'fail-open'`) says what a failing store does.
   * Default: `false`.
   */
  rateLimit?: boolean | RateLimitOptions
  /** Log level for 4xx answers (`'silent'` for none); a catalogue entry's `log` wins. Default: `'info'`. */
  clientErrorLogLevel?: LogLevelName
  /** Log level for 5xx answers, logged with the original error. Default: `'error'`. */
  serverErrorLogLevel?: LogLevelName
  /** Install the error handler with `setErrorHandler`. Set `false` to compose `errorHandler` into yours. Default: `true`. */
  setErrorHandler?: boolean
  /** Install the not-found handler (`route_not_found`). Default: `true`. */
  setNotFoundHandler?: boolean
  /**
   * The language of plain (untranslated) texts, and the answer when Accept-Language matches
   * no locale of the catalogue. Every translated text must include it. Default: `'en'`.
   */
  defaultLocale?: string
  /**
   * Serve the error reference as one self-contained HTML page at `route` (`true`: `/errors`),
   * `<route>/<code>` redirecting to the code's entry. Each code says which routes return it;
   * `codes: 'sent'` (the default) details only the codes some route declares or the plugin answers, lists the
   * others by name and links to `?codes=all`, the page of every code (`codes: 'all'` serves that one first). The routes
   * are never rate-limited. With `format: 'problem'` and no
   * `problemTypeBase`, each problem's `type` is the relative reference of its entry on that
   * page (`/errors#route_not_found`).
   * Default: `false`.
   */
  docs?: boolean | { route?: string; title?: string; codes?: 'all' | 'sent' }
  /**
   * Called for every error response (after it is built, before it is sent), for metrics.
   * A throw is logged, never sent. Every error is also published on the
   * `fastify-error-catalogue:error` diagnostics channel. Default: none.
   */
  onFail?: OnFail
  /**
   * What happens when a route that declares its errors (`config.errors`, or `responses()` in
   * `schema.response`) answers another code, thrown from however deep: `'warn'` logs it once
   * per route, method and code; `'fail'` answers `internal_error` instead and logs at error
   * level, so a test catches it; `'ignore'` checks nothing. The codes the plugin answers by
   * itself (validation, not found, rate limit, internal) are always allowed. Default: `'warn'`.
   */
  undeclared?: UndeclaredMode
  /**
   * Development: watch the catalogue files and reload on save (read, validate, compile, swap
   * between requests). A bad edit keeps the last good catalogue and logs each problem with
   * file, line and column. Refused when NODE_ENV is `production`; closes with the app.
   * `{ debounceMs }` sets the quiet time after the last file event. Default: `false`.
   */
  watch?: boolean | { debounceMs?: number }
  /**
   * OpenTelemetry: when `@opentelemetry/api` is installed, every error answer sets `error.type`
   * to its code on the request's span (@fastify/otel's, else the active span), and a 5xx sets
   * the span's status to ERROR (a 4xx leaves it unset). `false` turns it off. Default: `true`.
   */
  tracing?: boolean
}

export interface ResolvedOptions {
  readonly sources: readonly CatalogueSource[]
  /** Every option that shapes an answer, carried whole into the contract. */
  readonly shape: AnswerShape
  readonly rateLimit: RateLimitOptions | undefined
  readonly clientErrorLevel: LogLevelName
  readonly serverErrorLevel: LogLevelName
  readonly setErrorHandler: boolean
  readonly setNotFoundHandler: boolean
  readonly docs: DocsRouteSettings | undefined
  readonly onFail: OnFail | undefined
  readonly undeclared: UndeclaredMode
  readonly watch: WatchSettings | undefined
  readonly tracing: boolean
}

/** The options that shape an answer, as the plugin takes them. */
export type AnswerShapeOptions = Pick<FastifyErrorCatalogueOptions, Exclude<keyof AnswerShape, 'rateLimit'>> & { rateLimit?: unknown }

/**
 * How the CLI sets each option that shapes an answer, for a run from catalogue files alone
 * (with `--app` the app's own contract is read instead). `off`: a flag that turns a default-on
 * option off; `on`: one that turns a default-off option on. The compiler refuses this table when
 * it misses a member of AnswerShape, so a new option cannot go without its flag.
 */
export const SHAPE_FLAGS: { readonly [K in keyof AnswerShape]-?: { readonly flag: string; readonly value: 'string' | 'integer' | 'on' | 'off' } } = {
  format: { flag: 'response-format', value: 'string' },
  builtins: { flag: 'no-builtins', value: 'off' },
  rateLimit: { flag: 'rate-limit', value: 'on' },
  includeFix: { flag: 'no-fix', value: 'off' },
  includeParams: { flag: 'no-params', value: 'off' },
  includeRequestId: { flag: 'no-request-id', value: 'off' },
  includeRetryAfter: { flag: 'no-retry-after', value: 'off' },
  maxValidationItems: { flag: 'max-validation-items', value: 'integer' },
  includeValidationItems: { flag: 'no-validation-items', value: 'off' },
  validationItemMembers: { flag: 'validation-item-members', value: 'string' },
  problemTypeBase: { flag: 'problem-type-base', value: 'string' },
  defaultLocale: { flag: 'default-locale', value: 'string' }
}

/** The answer shape of these options: every one checked and defaulted, then frozen. The plugin and the CLI both call it. */
export function resolveAnswerShape(options: AnswerShapeOptions): AnswerShape {
  return Object.freeze({
    format: format(options.format),
    builtins: boolean(options, 'builtins', true),
    rateLimit: options.rateLimit !== undefined && options.rateLimit !== false,
    includeFix: boolean(options, 'includeFix', true),
    includeParams: boolean(options, 'includeParams', true),
    includeRequestId: boolean(options, 'includeRequestId', true),
    includeRetryAfter: boolean(options, 'includeRetryAfter', true),
    maxValidationItems: positiveInteger(options.maxValidationItems, 'maxValidationItems', DEFAULT_MAX_VALIDATION_ITEMS),
    includeValidationItems: boolean(options, 'includeValidationItems', true),
    validationItemMembers: itemMembers(options.validationItemMembers),
    problemTypeBase: optionalString(options, 'problemTypeBase'),
    defaultLocale: locale(options.defaultLocale)
  })
}

/** One flag per option: the compiler refuses this object when it misses an option of the interface or has one too many. */
const OPTIONS: { readonly [K in keyof FastifyErrorCatalogueOptions]-?: true } = {
  catalogue: true,
  builtins: true,
  format: true,
  includeFix: true,
  maxValidationItems: true,
  includeValidationItems: true,
  validationItemMembers: true,
  includeRetryAfter: true,
  includeParams: true,
  includeRequestId: true,
  problemTypeBase: true,
  rateLimit: true,
  clientErrorLogLevel: true,
  serverErrorLogLevel: true,
  setErrorHandler: true,
  setNotFoundHandler: true,
  defaultLocale: true,
  docs: true,
  onFail: true,
  undeclared: true,
  watch: true,
  tracing: true
}

/** Every option the plugin accepts; any other key is refused at registration. */
export const OPTION_NAMES = Object.freeze(Object.keys(OPTIONS)) as readonly (keyof FastifyErrorCatalogueOptions)[]

const KNOWN_OPTIONS: ReadonlySet<string> = new Set(OPTION_NAMES)

export function resolveOptions(options: FastifyErrorCatalogueOptions): ResolvedOptions {
  for (const key of Object.keys(options)) {
    if (!KNOWN_OPTIONS.has(key)) throw new FST_CATALOGUE_OPTION_INVALID(`unknown option "${key}"`)
  }
  const sources = options.catalogue === undefined ? [] : Array.isArray(options.catalogue) ? options.catalogue : [options.catalogue]
  for (const source of sources) {
    if (typeof source !== 'string' && !(source instanceof URL) && (typeof source !== 'object' || source === null)) {
      throw new FST_CATALOGUE_OPTION_INVALID('catalogue must be a path, a URL, an object or an array of them')
    }
  }
  const limiter = rateLimit(options.rateLimit)
  return Object.freeze({
    sources,
    shape: resolveAnswerShape({ ...options, rateLimit: limiter }),
    rateLimit: limiter,
    clientErrorLevel: level(options, 'clientErrorLogLevel', 'info'),
    serverErrorLevel: level(options, 'serverErrorLogLevel', 'error'),
    setErrorHandler: boolean(options, 'setErrorHandler', true),
    setNotFoundHandler: boolean(options, 'setNotFoundHandler', true),
    docs: docs(options.docs),
    onFail: onFail(options.onFail),
    undeclared: undeclared(options.undeclared),
    watch: watch(options.watch),
    tracing: boolean(options, 'tracing', true)
  })
}

function boolean<O extends object>(options: O, key: keyof O & string, fallback: boolean): boolean {
  const value = options[key]
  if (value === undefined) return fallback
  if (typeof value !== 'boolean') throw new FST_CATALOGUE_OPTION_INVALID(`${key} must be true or false`)
  return value
}

const MEMBER_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/

/** `{ field, in, message }` renamed or (`in`) left out; the command line's `field=param,in=false` too. */
function itemMembers(value: unknown): ValidationItemMembers {
  const given = typeof value === 'string' ? Object.fromEntries(value.split(',').map(pair => pair.split('=').map(part => part.trim()))) : value
  const wrong = () => new FST_CATALOGUE_OPTION_INVALID('validationItemMembers must be { field?, in?, message? }: member names, or in: false to leave it out (on the command line field=param,in=false)')
  if (given === undefined) return DEFAULT_ITEM_MEMBERS
  if (typeof given !== 'object' || given === null) throw wrong()
  const members: Record<string, unknown> = { ...DEFAULT_ITEM_MEMBERS }
  for (const [key, name] of Object.entries(given)) {
    if (!Object.hasOwn(DEFAULT_ITEM_MEMBERS, key)) throw wrong()
    if (key === 'in' && (name === false || name === 'false')) members.in = undefined
    else if (typeof name === 'string' && MEMBER_NAME.test(name)) members[key] = name
    else throw wrong()
  }
  const names = [members.field, members.in, members.message].filter(name => name !== undefined)
  if (new Set(names).size !== names.length) throw new FST_CATALOGUE_OPTION_INVALID('validationItemMembers must give each member its own name')
  return Object.freeze(members) as unknown as ValidationItemMembers
}

function positiveInteger(value: unknown, key: 'maxValidationItems', fallback: number): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) throw new FST_CATALOGUE_OPTION_INVALID(`${key} must be a positive integer`)
  return value
}

function optionalString(options: AnswerShapeOptions, key: 'problemTypeBase'): string | undefined {
  const value = options[key]
  if (value !== undefined && typeof value !== 'string') throw new FST_CATALOGUE_OPTION_INVALID(`${key} must be a string`)
  return value
}

function level(options: FastifyErrorCatalogueOptions, key: 'clientErrorLogLevel' | 'serverErrorLogLevel', fallback: LogLevelName): LogLevelName {
  const value = options[key]
  if (value === undefined) return fallback
  if (!(LOG_LEVELS as readonly unknown[]).includes(value)) {
    throw new FST_CATALOGUE_OPTION_INVALID(`${key} must be one of ${LOG_LEVELS.join(', ')}`)
  }
  return value
}

function format(value: FastifyErrorCatalogueOptions['format']): BodyFormat {
  if (value === undefined) return BUILTIN_FORMATS.nested
  if (isBuiltinFormatName(value)) return BUILTIN_FORMATS[value]
  if (typeof value === 'object' && value !== null && typeof value.format === 'function' && typeof value.schema === 'object') {
    return customFormat(value)
  }
  throw new FST_CATALOGUE_OPTION_INVALID(
    `format must be ${Object.keys(BUILTIN_FORMATS).map(name => `'${name}'`).join(', ')} or { format, schema }`
  )
}

function locale(value: unknown): string {
  if (value === undefined) return 'en'
  if (typeof value !== 'string' || !LOCALE_PATTERN.test(value)) {
    throw new FST_CATALOGUE_OPTION_INVALID('defaultLocale must be a language tag such as "en" or "pt-BR"')
  }
  return value
}

function onFail(value: unknown): OnFail | undefined {
  if (value !== undefined && typeof value !== 'function') throw new FST_CATALOGUE_OPTION_INVALID('onFail must be a function')
  return value as OnFail | undefined
}

function undeclared(value: unknown): UndeclaredMode {
  if (value === undefined) return 'warn'
  if (!(UNDECLARED_MODES as readonly unknown[]).includes(value)) {
    throw new FST_CATALOGUE_OPTION_INVALID(`undeclared must be ${UNDECLARED_MODES.map(mode => `'${mode}'`).join(', ')}`)
  }
  return value as UndeclaredMode
}

/** One save fires several file events; 20 ms of quiet is enough to see the last of them. */
const DEFAULT_DEBOUNCE_MS = 20

function watch(value: unknown): WatchSettings | undefined {
  if (value === undefined || value === false) return undefined
  const given = value === true ? {} : value
  if (typeof given !== 'object' || given === null) throw new FST_CATALOGUE_OPTION_INVALID('watch must be true, false or { debounceMs }')
  const { debounceMs = DEFAULT_DEBOUNCE_MS } = given as { debounceMs?: unknown }
  if (typeof debounceMs !== 'number' || !Number.isInteger(debounceMs) || debounceMs < 0) {
    throw new FST_CATALOGUE_OPTION_INVALID('watch.debounceMs must be a whole number of milliseconds')
  }
  return Object.freeze({ debounceMs })
}

function rateLimit(value: FastifyErrorCatalogueOptions['rateLimit']): RateLimitOptions | undefined {
  if (value === undefined || value === false) return undefined
  if (value === true) return {}
  if (typeof value !== 'object' || value === null) throw new FST_CATALOGUE_OPTION_INVALID('rateLimit must be true, false or an options object')
  const mode = value.onStoreError
  if (mode !== undefined && !(STORE_ERROR_MODES as readonly unknown[]).includes(mode)) {
    throw new FST_CATALOGUE_OPTION_INVALID(`rateLimit.onStoreError must be ${STORE_ERROR_MODES.map(m => `'${m}'`).join(' or ')}`)
  }
  // rate-limit's own skipOnError is fail-open: a contradiction is a mistake, not a choice.
  if (mode === 'unavailable' && value.skipOnError === true) {
    throw new FST_CATALOGUE_OPTION_INVALID("rateLimit.onStoreError 'unavailable' contradicts skipOnError: true")
  }
  return value.skipOnError === true && mode === undefined ? { ...value, onStoreError: 'fail-open' } : value
}

/** A static path: `/errors`, `/v1/errors` (no trailing slash, no parameters or wildcards). */
const DOCS_ROUTE = /^(?:\/[A-Za-z0-9._~-]+)+$/

function docs(value: unknown): DocsRouteSettings | undefined {
  if (value === undefined || value === false) return undefined
  const given = value === true ? {} : value
  if (typeof given !== 'object' || given === null) throw new FST_CATALOGUE_OPTION_INVALID('docs must be true, false or { route, title }')
  const { route = '/errors', title, codes = 'sent' } = given as { route?: unknown; title?: unknown; codes?: unknown }
  if (typeof route !== 'string' || !DOCS_ROUTE.test(route)) {
    throw new FST_CATALOGUE_OPTION_INVALID('docs.route must be a static path such as /errors (no trailing slash, no parameters)')
  }
  if (title !== undefined && typeof title !== 'string') throw new FST_CATALOGUE_OPTION_INVALID('docs.title must be a string')
  if (codes !== 'all' && codes !== 'sent') throw new FST_CATALOGUE_OPTION_INVALID("docs.codes must be 'all' or 'sent'")
  return Object.freeze({ route, title, codes })
}
