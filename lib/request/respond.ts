/**
 * Writes one error response: status, headers, the pre-serialized body with its content
 * type (so a route's response schema cannot reshape it), and one log line.
 * @module
 */
import type { FastifyReply } from 'fastify'
import { FRAMING_HEADERS, HEADER_NAME } from '../load/catalogue-schema.js'
import { SAFE_MESSAGE, bodyParams, type CompiledCatalogue, type CompiledEntry, type LocalizedEntry } from '../load/compile.js'
import type { Classified } from './classify.js'
import { isObserved, observe } from './observe.js'
import { checkDeclared } from './route-errors.js'
import type { ErrorView, ValidationItem } from '../types.js'
import { bodyRequestId, capItems, isRetryAfter, retryAfterOf } from './bounds.js'
import { isKept } from './kept-headers.js'
import { markerOf } from './trace.js'

/** Per-response extras: from `reply.fail`'s options or from the classified error. */
export type ResponseExtras = Omit<Classified, 'entry' | 'params'> & { cause?: unknown }

/** The serializer of a body that is already a string. */
const asIs = (body: string): string => body

/** Characters Node refuses in a header value (CR, LF, NUL, other controls, non-Latin-1). */
const UNSAFE_HEADER_CHARS = /[^\t\x20-\x7e\x80-\xff]/g

/** One error response to write. */
export interface Answer {
  readonly reply: FastifyReply
  readonly catalogue: CompiledCatalogue
  readonly entry: CompiledEntry
  /** The values of the entry's placeholders. */
  readonly params?: unknown
  /** Per-response extras: `reply.fail`'s options or what the classifier read off the error. */
  readonly extras?: ResponseExtras | undefined
  /** The thrown value, logged with 5xx answers. */
  readonly error?: unknown
}

export function respond({ reply, catalogue, entry, params, extras, error }: Answer): FastifyReply {
  const declared = checkDeclared(reply, entry, catalogue.internal)
  if (declared !== entry) return respond({ reply, catalogue, entry: declared, error: error ?? extras?.cause })
  let body: string
  let retryAfter: number | undefined
  let message: string
  const onReply = reply.getHeader('retry-after')
  try {
    const text = catalogue.negotiate === undefined ? entry : localized(reply, entry, catalogue.negotiate)
    retryAfter = retryAfterOf({ onReply, entry, extras })
    message = extras?.message ?? text.message.render(params)
    // A validation code whose items are off sends no details at all, as its schema says.
    const details = entry.answersValidation && !entry.carriesValidation ? undefined : jsonSafe(extras?.details)
    // Items passed by hand for an entry that answers validation go where schema failures go: one code, one shape.
    const handMadeItems = extras?.validation === undefined && entry.carriesValidation && Array.isArray(details)
    const view: ErrorView = {
      code: entry.code,
      status: entry.status,
      title: text.title,
      message,
      params: bodyParams(entry, params),
      fix: text.fix?.render(params),
      details: handMadeItems ? undefined : details,
      validation: handMadeItems ? capItems(details as unknown[], catalogue.shape.maxValidationItems, item => item as ValidationItem) : entry.carriesValidation ? extras?.validation : undefined,
      retryAfter: catalogue.shape.includeRetryAfter ? retryAfter : undefined,
      requestId: bodyRequestId(reply.request.id),
      instance: pathOf(reply.request.url)
    }
    body = text.serialize(view)
    if (entry.headers.length > 0) setEntryHeaders(reply, entry, params)
    if (extras?.headers !== undefined) setExtraHeaders(reply, extras.headers)
  } catch (failure) {
    return respondSafely({ reply, catalogue, failure, original: error ?? extras?.cause })
  }

  // Whoever set Retry-After, the header says what the body says, or there is none.
  if (retryAfter !== undefined) reply.header('retry-after', retryAfter)
  else if (onReply !== undefined) reply.removeHeader('retry-after')
  const cause = error ?? extras?.cause
  log(reply, entry, message, cause)
  if (isObserved(catalogue.onFail)) {
    observe({ reply, onFail: catalogue.onFail, code: entry.code, statusCode: entry.status, message, params: safeParams(params), error: cause })
  }
  markerOf(reply)?.(reply, entry.code, entry.status)
  // The body is already a string: a serializer that returns it unchanged also keeps Fastify from
  // adding a charset. Sending bytes would do the same, at the cost of a copy and a second chunk per write.
  const format = catalogue.shape.format
  if (format.contentTypeAsIs) reply.serializer(asIs)
  return reply.code(entry.status).header('content-type', format.contentType).send(body)
}

/** The entry's texts in the request's language, with Content-Language and Vary set to say so. */
function localized(reply: FastifyReply, entry: CompiledEntry, negotiate: (header: string | undefined) => string): LocalizedEntry {
  const text = entry.translations?.get(negotiate(reply.request.headers['accept-language'])) ?? entry
  reply.header('content-language', text.locale)
  const vary = reply.getHeader('vary')
  if (vary === undefined) reply.header('vary', 'Accept-Language')
  else if (!/accept-language/i.test(String(vary))) reply.header('vary', `${String(vary)}, Accept-Language`)
  return text
}

/**
 * The answer when building the real one failed (a custom format or a header template threw):
 * a fixed body with the catalogue's internal code that cannot fail, and the failure in the log.
 */
export function respondSafely({ reply, catalogue, failure, original }: SafeAnswer): FastifyReply {
  try {
    reply.log.error({ err: failure, original }, 'fastify-error-catalogue: could not build the error response')
  } catch {
    // The logger could not serialize the thrown value (a getter or toJSON that throws).
    reply.log.error('fastify-error-catalogue: could not build the error response (the error itself cannot be logged)')
  }
  reply.removeHeader('retry-after')
  const { code, body } = catalogue.safeAnswer
  if (isObserved(catalogue.onFail)) {
    observe({ reply, onFail: catalogue.onFail, code, statusCode: 500, message: SAFE_MESSAGE, params: undefined, error: original ?? failure })
  }
  markerOf(reply)?.(reply, code, 500)
  return reply.code(500).header('content-type', 'application/json; charset=utf-8').send(body)
}

interface SafeAnswer {
  readonly reply: FastifyReply
  readonly catalogue: CompiledCatalogue
  /** Why the real answer could not be built. */
  readonly failure: unknown
  /** The error being answered, if any. */
  readonly original?: unknown
}

function log(reply: FastifyReply, entry: CompiledEntry, message: string, error: unknown): void {
  const level = entry.logLevel
  if (level === 'silent') return
  if (entry.status >= 500) {
    try {
      reply.log[level]({ err: error, code: entry.code, statusCode: entry.status }, message)
    } catch {
      // A thrown value the logger cannot serialize (a getter that throws) must not turn a
      // sent-safe answer into Fastify's default one, which shows the getter's message.
      reply.log[level]({ code: entry.code, statusCode: entry.status, err: 'the thrown value cannot be logged' }, message)
    }
  } else {
    reply.log[level]({ code: entry.code, statusCode: entry.status }, message)
  }
}

function setEntryHeaders(reply: FastifyReply, entry: CompiledEntry, params: unknown): void {
  for (const [name, template] of entry.headers) {
    // The app's own challenge (reply.header('WWW-Authenticate', …) before the throw) is kept, as a thrown error's is.
    if (!isKept(name, entry.status) || !reply.hasHeader(name)) reply.header(name, headerValue(template.render(params)))
  }
}

function headerValue(value: string): string {
  return value.replace(UNSAFE_HEADER_CHARS, '')
}

function setExtraHeaders(reply: FastifyReply, headers: Readonly<Record<string, unknown>>): void {
  let dropped: string[] | undefined
  for (const name of Object.keys(headers)) {
    const value = headers[name]
    if (!HEADER_NAME.test(name) || isRetryAfter(name) || (typeof value !== 'string' && typeof value !== 'number')) continue
    // Forwarding an upstream's headers is the plausible way here: its framing is not this body's.
    if (FRAMING_HEADERS.has(name.toLowerCase())) (dropped ??= []).push(name)
    else reply.header(name, headerValue(String(value)))
  }
  if (dropped !== undefined) reply.log.debug({ dropped }, 'fastify-error-catalogue: per-call headers dropped: they frame the response')
}

function safeParams(params: unknown): Readonly<Record<string, unknown>> | undefined {
  return params === null || typeof params !== 'object' ? undefined : (params as Record<string, unknown>)
}

/** Details are sent only when JSON can encode them (no cycles, no BigInt). */
function jsonSafe(details: unknown): unknown {
  if (details === undefined) return undefined
  try {
    return JSON.stringify(details) === undefined ? undefined : details
  } catch {
    return undefined
  }
}

/** The request path without its query string. */
export function pathOf(url: string): string {
  const query = url.indexOf('?')
  return query === -1 ? url : url.slice(0, query)
}
