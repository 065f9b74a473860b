/**
 * A compiled catalogue → the content of its error reference: codes grouped by status
 * class, each with cause, fix, retry behaviour and an example response written by the
 * catalogue's own serializer (so the example is byte for byte what the server sends,
 * only indented). Pure: no Fastify, no I/O; the Markdown and HTML renderers only lay it out.
 * @module
 */
import { STATUS_CODES } from 'node:http'
import type { CatalogueEntry } from '../load/catalogue-schema.js'
import type { CompiledCatalogue, CompiledEntry, LocalizedEntry } from '../load/compile.js'
import type { EndpointIndex } from './endpoints.js'
import { exampleView, sampleParams } from './example.js'
import { STATUS_CONDITION, chainOf, conditionInfo, type Condition } from '../load/conditions.js'

export type DocsFormatName = 'nested' | 'flat' | 'oauth' | 'problem' | 'custom'

export interface DocsOptions {
  /** The body format the catalogue was compiled with (for the field table and the retry snippet). */
  readonly format: DocsFormatName
  /** Page title. Default: `'Error reference'`. */
  readonly title?: string | undefined
  /** Write the texts of this locale where the catalogue translates them. Default: the default locale. */
  readonly locale?: string | undefined
  /** The app's routes: adds "Returned by" to each code and marks the built-ins. Default: none. */
  readonly endpoints?: EndpointIndex | undefined
  /** `'sent'`: only the codes the app can send (needs `endpoints`). Default: `'all'`. */
  readonly codes?: 'all' | 'sent' | undefined
}

export interface DocsParam {
  readonly name: string
  readonly type: string
}

export interface DocsExample {
  /** `HTTP/1.1 404 Not Found` */
  readonly statusLine: string
  readonly headers: readonly (readonly [string, string])[]
  /** The serialized body, indented for reading. */
  readonly body: string
}

export interface DocsEntry {
  readonly code: string
  readonly status: number
  readonly title: string
  /** The message template as written, placeholders and all. */
  readonly message: string
  readonly cause: string | undefined
  readonly fix: string | undefined
  readonly params: readonly DocsParam[]
  readonly retryable: boolean
  readonly retryAfter: number | undefined
  /** Catalogue headers as written (`WWW-Authenticate: Bearer`). */
  readonly headers: readonly (readonly [string, string])[]
  /** The `details` JSON Schema, indented; undefined when the entry declares none. */
  readonly details: string | undefined
  /** When the plugin sends this code by itself: `the request body is not valid JSON`, …; empty when only the app sends it. */
  readonly sentWhen: readonly string[]
  /** From the built-in catalogue, not written in the user's. */
  readonly builtin: boolean
  /** Its Retry-After is the rate limiter's window rather than the entry's default. */
  readonly limiterWindow: boolean
  readonly example: DocsExample
  /** The routes that declare it (`GET /projects/:id`); undefined when the routes are not known. */
  readonly returnedBy: readonly string[] | undefined
  /** The plugin answers it by itself (validation, not found, …); false when the routes are not known. */
  readonly byPlugin: boolean
}

export interface DocsGroup {
  /** Anchor id; always has a hyphen, so it never equals a code (codes are snake_case). */
  readonly id: string
  /** `Authentication and permissions (401, 403)` */
  readonly heading: string
  readonly summary: string
  readonly entries: readonly DocsEntry[]
}

export interface DocsModel {
  readonly title: string
  /** The language of the texts, for `<html lang>`; undefined for the default locale. */
  readonly locale: string | undefined
  readonly format: DocsFormatName
  readonly contentType: string
  readonly formatSummary: string
  /** `[field, meaning]` for each member of the body. */
  readonly fields: readonly (readonly [string, string])[]
  /** JavaScript expression reading the code from a parsed body named `body`. */
  readonly codeExpression: string
  readonly entries: readonly DocsEntry[]
  readonly groups: readonly DocsGroup[]
  readonly retryable: readonly DocsEntry[]
  /** Codes made for statuses the catalogue has no entry for (`i_m_a_teapot`): a problem `type` can name them too. */
  readonly otherStatuses: readonly DocsStatusCode[]
}

export interface DocsStatusCode {
  readonly code: string
  readonly statuses: readonly number[]
  readonly title: string
}

// ---------------------------------------------------------------------------------------
// Tables
// ---------------------------------------------------------------------------------------

type GroupKey = 'request' | 'auth' | 'resource' | 'rate' | 'server'

const GROUPS: Readonly<Record<GroupKey, { id: string; title: string; summary: string }>> = {
  request: {
    id: 'errors-400',
    title: 'Request errors',
    summary: 'The request itself is malformed or invalid. Correct it before sending it again: the same request gets the same error.'
  },
  auth: {
    id: 'errors-401-403',
    title: 'Authentication and permissions',
    summary:
      '401: the API cannot tell who is calling (credentials missing, invalid, expired or revoked); it sends a WWW-Authenticate header. ' +
      '403: the caller is known but not allowed to do this. Neither succeeds on retry until the credentials or permissions change.'
  },
  resource: {
    id: 'errors-404-409',
    title: 'Resources and other client errors',
    summary:
      'The resource does not exist or is in a conflicting state, or the request cannot be accepted as sent (method, size, media type).'
  },
  rate: {
    id: 'errors-429',
    title: 'Rate limiting',
    summary: 'Too many requests in the current window. Wait for the number of seconds in the Retry-After header before sending more.'
  },
  server: {
    id: 'errors-5xx',
    title: 'Server errors',
    summary:
      'Something failed on the server side; the request may be fine. These never carry internal details: quote the request_id when contacting support.'
  }
}

const GROUP_ORDER: readonly GroupKey[] = ['request', 'auth', 'resource', 'rate', 'server']

/** 400 and 422 are both "your request is wrong"; every other 4xx but 401/403/429 is about the resource or the request's form. */
function groupOf(status: number): GroupKey {
  if (status === 400 || status === 422) return 'request'
  if (status === 401 || status === 403) return 'auth'
  if (status === 429) return 'rate'
  if (status >= 500) return 'server'
  return 'resource'
}

const FLAT_FIELDS: readonly (readonly [string, string])[] = [
  ['code', 'The error code. Stable: match on it, never on the message.'],
  ['message', 'Human-readable message. Wording may change.'],
  ['params', 'The values shown in the message, by name (codes with parameters only).'],
  ['fix', 'What the caller should do.'],
  ['details', 'Structured details; for validation_error, one item per invalid field: field, in, message.'],
  ['retry_after', 'Seconds to wait before retrying; the same number as the Retry-After header.'],
  ['request_id', 'Identifies the request: include it when contacting support.']
]

const FORMATS: Readonly<Record<DocsFormatName, { summary: string; fields: readonly (readonly [string, string])[]; code: string }>> = {
  nested: {
    summary: 'Every error body is a JSON object with one member, `error`.',
    fields: FLAT_FIELDS.map(([field, meaning]) => [`error.${field}`, meaning] as const),
    code: 'body.error?.code'
  },
  flat: { summary: 'Every error body is a flat JSON object.', fields: FLAT_FIELDS, code: 'body.code' },
  oauth: {
    summary: 'Every error body follows the OAuth 2.0 (RFC 6749 §5.2) shape.',
    fields: [
      ['error', 'The error code. Stable: match on it, never on the description.'],
      ['error_description', 'Human-readable message. Wording may change.'],
      ['validation_errors', 'For validation_error, one item per invalid field: field, in, message.'],
      ['retry_after', 'Seconds to wait before retrying; the same number as the Retry-After header.']
    ],
    code: 'body.error'
  },
  problem: {
    summary: 'Every error body is an RFC 9457 problem details object.',
    fields: [
      ['type', 'URI identifying the problem type.'],
      ['title', 'Short summary of the problem type.'],
      ['status', 'The HTTP status code.'],
      ['detail', 'Human-readable message for this occurrence. Wording may change.'],
      ['instance', 'The request path.'],
      ['code', 'The error code. Stable: match on it, never on the detail.'],
      ['request_id', 'Identifies the request: include it when contacting support.'],
      ['params', 'The values shown in the detail, by name (codes with parameters only).'],
      ['fix', 'What the caller should do.'],
      ['errors', 'For validation_error, one item per invalid field: field, in, message.'],
      ['details', 'Structured details, for codes that declare them.'],
      ['retry_after', 'Seconds to wait before retrying; the same number as the Retry-After header.']
    ],
    code: 'body.code'
  },
  custom: { summary: 'Error bodies use this API\'s own format; see the example under each code.', fields: [], code: 'body.code' }
}

// ---------------------------------------------------------------------------------------
// The model
// ---------------------------------------------------------------------------------------

export function buildDocsModel(catalogue: CompiledCatalogue, options: DocsOptions): DocsModel {
  const format = FORMATS[options.format]
  const sendable = options.codes === 'sent' ? options.endpoints?.sendable : undefined
  const entries = [...catalogue.entries.values()]
    .filter(entry => sendable === undefined || sendable.has(entry.code))
    .sort((a, b) => a.status - b.status)
    .map(entry => docsEntry(entry, catalogue, options))
  const groups = GROUP_ORDER.map(key => ({ key, entries: entries.filter(entry => groupOf(entry.status) === key) }))
    .filter(group => group.entries.length > 0)
    .map(({ key, entries }) => ({
      id: GROUPS[key].id,
      heading: `${GROUPS[key].title} (${[...new Set(entries.map(entry => entry.status))].join(', ')})`,
      summary: GROUPS[key].summary,
      entries
    }))
  return {
    title: options.title ?? 'Error reference',
    locale: options.locale,
    format: options.format,
    contentType: catalogue.contentType,
    formatSummary: format.summary,
    fields: format.fields
      .filter(([field]) => catalogue.includeFix || !field.endsWith('fix'))
      .map(([field, meaning]) => [field, meaning.replace('validation_error', catalogue.answer('validation').code)] as const),
    codeExpression: format.code,
    entries,
    groups,
    retryable: entries.filter(entry => entry.retryable),
    otherStatuses: otherStatuses(catalogue)
  }
}

/** The codes the catalogue makes for statuses it has no entry for, with the statuses each answers. */
export function otherStatuses(catalogue: CompiledCatalogue): DocsStatusCode[] {
  const made = new Map<string, { code: string; statuses: number[]; title: string }>()
  for (let status = 400; status <= 599; status++) {
    const entry = catalogue.forStatus(status)
    if (entry.source !== undefined) continue
    const known = made.get(entry.code)
    if (known === undefined) made.set(entry.code, { code: entry.code, statuses: [status], title: entry.title })
    else known.statuses.push(status)
  }
  return [...made.values()]
}

function docsEntry(entry: CompiledEntry, catalogue: CompiledCatalogue, options: DocsOptions): DocsEntry {
  // Only catalogue entries are documented, and each was compiled from its source.
  const source = entry.source!.entry
  const translated = options.locale === undefined ? undefined : source.translations?.[options.locale]
  const declared = source.params ?? {}
  const params = entry.placeholders.map(name => ({ name, type: declared[name] ?? 'string | number' }))
  return {
    code: entry.code,
    status: entry.status,
    title: localized(entry, options).title,
    message: translated?.message ?? source.message,
    cause: source.cause,
    fix: translated?.fix ?? source.fix,
    params,
    retryable: entry.retryable,
    retryAfter: entry.retryAfter,
    headers: Object.entries(source.headers ?? {}),
    details: source.details === undefined ? undefined : compactJson(source.details, ''),
    sentWhen: sentWhen(catalogue.conditionsOf(entry.code), source.conditionTexts),
    builtin: entry.source!.builtin,
    limiterWindow: catalogue.conditionsOf(entry.code).some(condition => condition === 'rate-limited' || condition === 'rate-limit-ban'),
    example: example(entry, catalogue, options),
    returnedBy: options.endpoints?.returnedBy(entry.code),
    byPlugin: options.endpoints?.pluginCodes.has(entry.code) ?? false
  }
}

function saidByParent(condition: Condition, answered: ReadonlySet<Condition>): boolean {
  const parent = chainOf(condition)[1]
  return parent !== undefined && !STATUS_CONDITION.test(parent) && answered.has(parent)
}

/** The conditions a code answers, in words; the statuses of thrown errors in one sentence. */
function sentWhen(conditions: readonly Condition[], own: CatalogueEntry['conditionTexts']): string[] {
  // A condition whose more general one the code also answers says nothing more (empty JSON body → invalid JSON).
  const answered = new Set(conditions)
  const withText = (condition: Condition, words: string) => {
    const message = own?.[condition]?.message
    return message === undefined ? words : `${words}, with the message "${message}"`
  }
  const named = conditions
    .filter(condition => !STATUS_CONDITION.test(condition) && (own?.[condition] !== undefined || !saidByParent(condition, answered)))
    .map(condition => withText(condition, conditionInfo(condition).sentWhen))
  const thrown = (statuses: readonly Condition[]) =>
    `a thrown error (http-errors, @fastify/sensible, @fastify/error, Boom) carries status ${statuses.map(condition => condition.slice('status-'.length)).join(' or ')}`
  const statuses = conditions.filter(condition => STATUS_CONDITION.test(condition))
  const plain = statuses.filter(condition => own?.[condition]?.message === undefined)
  if (plain.length > 0) named.push(thrown(plain))
  for (const condition of statuses.filter(condition => !plain.includes(condition))) named.push(withText(condition, thrown([condition])))
  return named
}

/** The entry's compiled texts in the documented locale (the default ones where it has none). */
function localized(entry: CompiledEntry, options: DocsOptions): LocalizedEntry {
  return (options.locale === undefined ? undefined : entry.translations?.get(options.locale)) ?? entry
}

function example(entry: CompiledEntry, catalogue: CompiledCatalogue, options: DocsOptions): DocsExample {
  const text = localized(entry, options)
  const values = sampleParams(entry)
  const view = exampleView(entry, text)
  const headers: [string, string][] = [['Content-Type', catalogue.contentType]]
  for (const [name, template] of entry.headers) headers.push([name, template.render(values)])
  if (entry.retryAfter !== undefined) headers.push(['Retry-After', String(entry.retryAfter)])
  return {
    statusLine: `HTTP/1.1 ${entry.status} ${STATUS_CODES[entry.status] ?? entry.title}`,
    headers,
    body: indentJson(text.serialize(view))
  }
}

/** JSON indented only where a value does not fit on one short line: schemas stay readable. */
export function compactJson(value: unknown, indent: string): string {
  const flat = JSON.stringify(value)
  if (flat.length + indent.length <= 72 || typeof value !== 'object' || value === null) return flat
  const inner = `${indent}  `
  const items = Array.isArray(value)
    ? value.map(item => inner + compactJson(item, inner))
    : Object.entries(value).map(([key, item]) => `${inner}${JSON.stringify(key)}: ${compactJson(item, inner)}`)
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}']
  return `${open}\n${items.join(',\n')}\n${indent}${close}`
}

/** Every format writes JSON (custom ones through JSON.stringify): indent it for reading. */
function indentJson(body: string): string {
  return JSON.stringify(JSON.parse(body), null, 2)
}
