/**
 * Validated entries → compiled entries: templates, headers and the body serializer are
 * built once here, so a request only looks up and sends.
 * @module
 */
import { STATUS_CODES } from 'node:http'
import type { CatalogueEntry } from './catalogue-schema.js'
import type { BodyFormat } from './formats/index.js'
import { compileTemplate, ownValue, paramValue, type Template } from './template.js'
import type { OnFail } from './observe.js'
import type { ErrorView, LogLevelName, ParamValue } from './types.js'
import type { ValidatedEntry } from './validate.js'

export interface CompiledEntry {
  readonly code: string
  readonly status: number
  readonly title: string
  readonly message: Template
  readonly fix: Template | undefined
  readonly placeholders: readonly string[]
  readonly retryAfter: number | undefined
  readonly retryable: boolean
  readonly logLevel: LogLevelName
  /** Catalogue headers, values already made safe; a function when they use placeholders. */
  readonly headers: readonly (readonly [string, Template])[]
  readonly serialize: (view: ErrorView) => string
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
}

export interface CompiledCatalogue {
  readonly entries: ReadonlyMap<string, CompiledEntry>
  readonly contentType: string
  readonly includeFix: boolean
  readonly internal: CompiledEntry
  readonly onFail: OnFail | undefined
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
    forStatus: status => byStatus.get(status) ?? internal
  }
}

function compileEntry(code: string, entry: CatalogueEntry, source: ValidatedEntry | undefined, settings: CompileSettings): CompiledEntry {
  const message = compileTemplate(entry.message)
  const fix = entry.fix === undefined || !settings.includeFix ? undefined : compileTemplate(entry.fix)
  const headerTemplates = Object.entries(entry.headers ?? {}).map(([name, value]) => [name, compileTemplate(value)] as const)
  const placeholders = [...new Set([...message.placeholders, ...(fix?.placeholders ?? []), ...headerTemplates.flatMap(([, t]) => t.placeholders)])]
  const title = entry.title ?? STATUS_CODES[entry.status] ?? (entry.status < 500 ? 'Client Error' : 'Server Error')
  return {
    code,
    status: entry.status,
    title,
    message,
    fix,
    placeholders,
    retryAfter: entry.retryAfter,
    retryable: entry.retryable ?? false,
    logLevel: entry.log ?? (entry.status >= 500 ? settings.serverErrorLevel : settings.clientErrorLevel),
    headers: headerTemplates,
    serialize: settings.format.compile({ code, status: entry.status, title, typeBase: settings.problemTypeBase }),
    source
  }
}

/** An entry for a status the catalogue does not cover, so every status has a well-formed answer. */
function synthesize(status: number, code: string, settings: CompileSettings): CompiledEntry {
  const reason = STATUS_CODES[status] ?? (status < 500 ? 'Client Error' : 'Internal Server Error')
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
