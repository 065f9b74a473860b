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
import { exampleView, limiterAnswers, sampleItems, sampleParams, sampleRetryAfter } from './example.js'
import { STATUS_CONDITION, VALIDATION_CONDITIONS, chainOf, conditionInfo, type Condition } from '../load/conditions.js'
import { deprecationText } from '../load/deprecation.js'

export interface DocsOptions {
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
  /** Bodies carry `retry_after` beside the header (`includeRetryAfter`, in a format with a place for it). */
  readonly retryAfterInBody: boolean
  readonly example: DocsExample
  /** The routes that declare it (`GET /projects/:id`); undefined when the routes are not known. */
  readonly returnedBy: readonly string[] | undefined
  /** The plugin answers it by itself (validation, not found, …); false when the routes are not known. */
  readonly byPlugin: boolean
  /** The entry's deprecation in words (`Use token_invalid. …`); undefined when it is not deprecated. */
  readonly deprecated: string | undefined
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
  /** The body format's name (`nested`, `problem`, or `custom` for one of the app's own). */
  readonly format: string
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
  /** With `codes: 'sent'`, the catalogue's other codes (a problem `type` can name them too); empty otherwise. */
  readonly unlisted: readonly DocsUnlisted[]
}

export interface DocsUnlisted {
  readonly code: string
  readonly status: number
  readonly title: string
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

// ---------------------------------------------------------------------------------------
// The model
// ---------------------------------------------------------------------------------------

export function buildDocsModel(catalogue: CompiledCatalogue, options: DocsOptions): DocsModel {
  const { shape } = catalogue
  const format = shape.format
  const fields = format.members(shape, { validationCodes: validationCodes(catalogue) })
  const retryAfterInBody = fields.some(([field]) => field.endsWith('retry_after'))
  const sendable = options.codes === 'sent' ? options.endpoints?.sendable : undefined
  const entries = [...catalogue.entries.values()]
    .filter(entry => sendable === undefined || sendable.has(entry.code))
    .sort((a, b) => a.status - b.status)
    .map(entry => docsEntry(entry, catalogue, options, retryAfterInBody))
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
    format: format.name,
    contentType: format.contentType,
    formatSummary: format.summary,
    fields,
    codeExpression: format.codeExpression,
    entries,
    groups,
    retryable: entries.filter(entry => entry.retryable),
    otherStatuses: otherStatuses(catalogue),
    unlisted: sendable === undefined
      ? []
      : [...catalogue.entries.values()].filter(entry => !sendable.has(entry.code)).map(({ code, status, title }) => ({ code, status, title }))
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

/** The codes whose bodies carry validation items, in catalogue order. */
function validationCodes(catalogue: CompiledCatalogue): string[] {
  return [...catalogue.entries.keys()].filter(code => catalogue.conditionsOf(code).some(condition => VALIDATION_CONDITIONS.includes(condition as never)) && catalogue.entries.get(code)!.carriesValidation)
}

function docsEntry(entry: CompiledEntry, catalogue: CompiledCatalogue, options: DocsOptions, retryAfterInBody: boolean): DocsEntry {
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
    retryAfterInBody,
    headers: Object.entries(source.headers ?? {}),
    details: source.details === undefined ? undefined : compactJson(source.details, ''),
    sentWhen: sentWhen(catalogue.conditionsOf(entry.code), source.conditionTexts),
    builtin: entry.source!.builtin,
    limiterWindow: limiterAnswers(entry, catalogue),
    example: example(entry, catalogue, options),
    returnedBy: options.endpoints?.returnedBy(entry.code),
    byPlugin: options.endpoints?.pluginCodes.has(entry.code) ?? false,
    deprecated: source.deprecated === undefined ? undefined : deprecationText(source.deprecated)
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
  const values = sampleParams(entry, entry.carriesValidation ? sampleItems(entry, catalogue) : undefined)
  const view = exampleView(entry, text, catalogue)
  const headers: [string, string][] = [['Content-Type', catalogue.shape.format.contentType]]
  for (const [name, template] of entry.headers) headers.push([name, template.render(values)])
  const retryAfter = sampleRetryAfter(entry, catalogue)
  if (retryAfter !== undefined) headers.push(['Retry-After', String(retryAfter)])
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
