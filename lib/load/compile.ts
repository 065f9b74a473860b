/**
 * Validated entries → compiled entries: templates, headers and the body serializer are
 * built once here, so a request only looks up and sends.
 * @module
 */
import { STATUS_CODES } from 'node:http'
import type { CatalogueEntry } from './catalogue-schema.js'
import type { BodyFormat } from '../formats/index.js'
import { compileTemplate, ownValue, paramValue, type Template } from './template.js'
import { isPathAbsolute } from '../formats/problem.js'
import { createNegotiator } from '../request/locale.js'
import type { OnFail } from '../request/observe.js'
import type { ErrorView, LogLevelName, ParamValue } from '../types.js'
import type { ValidatedEntry } from './validate.js'

/** The texts of an entry in one locale, and the body serializer that bakes in its title. */
export interface LocalizedEntry {
  /** The locale of these texts, sent as Content-Language when the catalogue is translated. */
  readonly locale: string
  readonly title: string
  readonly message: Template
  readonly fix: Template | undefined
  readonly serialize: (view: ErrorView) => string
}

export interface CompiledEntry extends LocalizedEntry {
  readonly code: string
  readonly status: number
  /** Other locales' texts, by locale as written; undefined when the entry is not translated. */
  readonly translations: ReadonlyMap<string, LocalizedEntry> | undefined
  readonly placeholders: readonly string[]
  readonly retryAfter: number | undefined
  readonly retryable: boolean
  readonly logLevel: LogLevelName
  /** Catalogue headers, values already made safe; a function when they use placeholders. */
  readonly headers: readonly (readonly [string, Template])[]
  /** The entry as written, and where (for documentation and the CLI). */
  readonly source: ValidatedEntry | undefined
}

export interface CompileSettings {
  readonly format: BodyFormat
  readonly includeFix: boolean
  readonly problemTypeBase: string | undefined
  readonly clientErrorLevel: LogLevelName
  readonly serverErrorLevel: LogLevelName
  readonly onFail?: OnFail | undefined
  /** The locale of the catalogue's plain texts and the fallback of negotiation. Default: `'en'`. */
  readonly defaultLocale?: string | undefined
}

export interface CompiledCatalogue {
  readonly entries: ReadonlyMap<string, CompiledEntry>
  readonly contentType: string
  readonly includeFix: boolean
  readonly internal: CompiledEntry
  readonly onFail: OnFail | undefined
  /** True when bodies need the request's origin (problem `type` from a path-absolute base): only then is it computed. */
  readonly needsOrigin: boolean
  /** Picks the locale for an Accept-Language header; undefined when no entry is translated (no negotiation at all). */
  readonly negotiate: ((acceptLanguage: string | undefined) => string) | undefined
  /** The catalogue's generic entry for a status (404 → not_found), or one made from the reason phrase. */
  forStatus(status: number): CompiledEntry
}

/** The generic code for each status, used for foreign errors that carry only a status. */
export const GENERIC_CODES: Readonly<Record<number, string>> = {
  400: 'bad_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  414: 'uri_too_long',
  415: 'unsupported_media_type',
  429: 'rate_limit_exceeded',
  500: 'internal_error',
  502: 'bad_gateway',
  503: 'service_unavailable',
  504: 'upstream_timeout'
}

export function compileCatalogue(validated: ReadonlyMap<string, ValidatedEntry>, settings: CompileSettings): CompiledCatalogue {
  const entries = new Map<string, CompiledEntry>()
  for (const [code, source] of validated) entries.set(code, compileEntry(code, source.entry, source, settings))
  const defaultLocale = settings.defaultLocale ?? 'en'
  const locales = new Set<string>()
  for (const entry of entries.values()) for (const locale of entry.translations?.keys() ?? []) locales.add(locale)

  const internal = entries.get('internal_error') ?? synthesize(500, 'internal_error', settings)
  const byStatus = new Map<number, CompiledEntry>()
  for (let status = 400; status <= 599; status++) {
    const generic = entries.get(GENERIC_CODES[status] ?? '')
    if (generic !== undefined && generic.status === status) byStatus.set(status, generic)
    else if (status < 500) byStatus.set(status, synthesize(status, codeFromReason(status), settings))
    else byStatus.set(status, internal)
  }

  return {
    entries,
    contentType: settings.format.contentType,
    includeFix: settings.includeFix,
    internal,
    onFail: settings.onFail,
    needsOrigin: settings.format.name === 'problem' && isPathAbsolute(settings.problemTypeBase),
    negotiate: locales.size === 0 ? undefined : createNegotiator([defaultLocale, ...locales], defaultLocale),
    // Callers pass a status already clamped to 400-599 (clampStatus), all of which are in the map.
    forStatus: status => byStatus.get(status)!
  }
}

function compileEntry(code: string, entry: CatalogueEntry, source: ValidatedEntry | undefined, settings: CompileSettings): CompiledEntry {
  const defaultTitle = STATUS_CODES[entry.status] ?? (entry.status < 500 ? 'Client Error' : 'Server Error')
  const localize = (locale: string, texts: { message: string; fix?: string | undefined; title?: string | undefined }): LocalizedEntry => {
    const title = texts.title ?? defaultTitle
    const message = compileTemplate(texts.message)
    const fix = texts.fix === undefined || !settings.includeFix ? undefined : compileTemplate(texts.fix)
    const constantMessage = message.constant ? texts.message : undefined
    const constantFix = fix?.constant ? texts.fix : undefined
    return {
      locale,
      title,
      message,
      fix,
      serialize: settings.format.compile({ code, status: entry.status, title, typeBase: settings.problemTypeBase, constantMessage, constantFix })
    }
  }
  const base = localize(settings.defaultLocale ?? 'en', entry)
  const translations =
    entry.translations === undefined
      ? undefined
      : new Map(
          Object.entries(entry.translations).map(([locale, texts]) => [
            locale,
            localize(locale, { message: texts.message ?? entry.message, fix: texts.fix ?? entry.fix, title: texts.title ?? entry.title })
          ])
        )
  const headerTemplates = Object.entries(entry.headers ?? {}).map(([name, value]) => [name, compileTemplate(value)] as const)
  const placeholders = [
    ...new Set([...base.message.placeholders, ...(base.fix?.placeholders ?? []), ...headerTemplates.flatMap(([, t]) => t.placeholders)])
  ]
  return {
    ...base,
    code,
    status: entry.status,
    translations,
    placeholders,
    retryAfter: entry.retryAfter,
    retryable: entry.retryable ?? false,
    logLevel: entry.log ?? (entry.status >= 500 ? settings.serverErrorLevel : settings.clientErrorLevel),
    headers: headerTemplates,
    source
  }
}

/** An entry for a status the catalogue does not cover, so every status has a well-formed answer. */
function synthesize(status: number, code: string, settings: CompileSettings): CompiledEntry {
  // Only 4xx are synthesized (and internal_error, 500, when the catalogue has none).
  const reason = STATUS_CODES[status] ?? 'Client Error'
  return compileEntry(code, { status, message: reason }, undefined, settings)
}

/** 418 → `im_a_teapot`; statuses without a reason phrase → `client_error`. */
function codeFromReason(status: number): string {
  const reason = STATUS_CODES[status]
  if (reason === undefined) return 'client_error'
  return reason.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '')
}

/** The `params` member of a body: exactly the entry's placeholders, with JSON-safe values. */
export function bodyParams(entry: CompiledEntry, params: unknown): Record<string, ParamValue> | undefined {
  if (entry.placeholders.length === 0) return undefined
  let out: Record<string, ParamValue> | undefined
  for (const name of entry.placeholders) {
    const value = paramValue(ownValue(params, name))
    if (value === undefined) continue
    out ??= {}
    out[name] = value
  }
  return out
}
