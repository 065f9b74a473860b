/**
 * What the error handler maps: Fastify's own errors, @fastify/rate-limit's, errors of
 * other libraries that carry a status, and everything else. One table, one function.
 * @module
 */
import type { FastifyReply } from 'fastify'
import { pointerKeys } from '../json-pointer.js'
import { STATUS_CODES } from 'node:http'
import { isCatalogueError, kEntry } from './catalogue-error.js'
import type { CompiledCatalogue, CompiledEntry } from '../load/compile.js'
import { truncate } from '../load/template.js'
import type { ValidationItem } from '../types.js'
import { capItems } from './bounds.js'
import { SchemaItem } from '../formats/json.js'
import { keptHeaders } from './kept-headers.js'
import { entryNamed, namedTexts } from './named-error.js'
import type { BindingKey } from '../load/bind.js'
import type { NamedCondition, StatusCondition, ValidationPart } from '../load/conditions.js'

/** Fastify's error codes → the conditions they are. Mapped errors use the catalogue's message, never Fastify's. */
export const FASTIFY_ERROR_CONDITIONS: Readonly<Record<string, NamedCondition | StatusCondition>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid-json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'empty-json-body',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'malformed-request',
  FST_ERR_CTP_BODY_TOO_LARGE: 'body-too-large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported-media-type',
  FST_ERR_ROUTE_MISSING_CONTENT_TYPE: 'malformed-request',
  FST_ERR_VALIDATION: 'validation',
  FST_ERR_HANDLER_TIMEOUT: 'handler-timeout',
  FST_ERR_NOT_FOUND: 'status-404',
  FST_ERR_BAD_URL: 'malformed-request',
  FST_ERR_MAX_PARAM_LENGTH: 'uri-too-long',
  FST_ERR_ASYNC_CONSTRAINT: 'unexpected-error',
  FST_ERR_FAILED_ERROR_SERIALIZATION: 'unexpected-error',
  FST_ERR_SEND_UNDEFINED_ERR: 'unexpected-error'
}

/** Fastify's `validationContext` → the `in` of a validation item. */
const VALIDATION_PARTS: Readonly<Record<string, ValidationPart>> = {
  body: 'body',
  querystring: 'query',
  params: 'params',
  headers: 'headers'
}

/** Each part's two binding keys, written once rather than built on every schema failure. */
const PART_KEYS: Readonly<Record<ValidationPart, { readonly missing: BindingKey; readonly failed: BindingKey }>> = {
  body: { missing: 'missing-required/body', failed: 'validation-body' },
  query: { missing: 'missing-required/query', failed: 'validation-query' },
  params: { missing: 'missing-required/params', failed: 'validation-params' },
  headers: { missing: 'missing-required/headers', failed: 'validation-headers' }
}

/** A foreign 4xx message is shown (it was written for the client), but bounded. */
const MAX_MESSAGE_LENGTH = 1024

/** How the handler will answer one thrown value. */
export interface Classified {
  entry: CompiledEntry
  params?: unknown
  message?: string
  details?: unknown
  validation?: ValidationItem[]
  retryAfter?: number
  headers?: Readonly<Record<string, string>>
}

/**
 * Decides the catalogue entry for any thrown value. Reading a hostile value's properties
 * can throw (getters, proxies): the caller treats a throw as `internal_error`.
 */
export function classify(error: unknown, reply: FastifyReply, catalogue: CompiledCatalogue): Classified {
  if (isCatalogueError(error)) {
    const entry = (error as { [kEntry]?: CompiledEntry })[kEntry] ?? catalogue.entries.get(error.code) ?? catalogue.forStatus(clampStatus(error.statusCode))
    return { entry, params: error.params, details: error.details, retryAfter: error.retryAfter, headers: error.headers }
  }
  if (typeof error !== 'object' || error === null) return { entry: catalogue.internal }

  const fields = error as Record<string, unknown>
  const condition = typeof fields.code === 'string' && Object.hasOwn(FASTIFY_ERROR_CONDITIONS, fields.code) ? FASTIFY_ERROR_CONDITIONS[fields.code]! : undefined
  if (condition === 'validation') return validationAnswer(fields, catalogue)
  if (condition !== undefined) return { entry: catalogue.answer(condition) }
  // Fastify before 5.5 reports invalid JSON as a SyntaxError whose message echoes the body.
  if (error instanceof SyntaxError && fields.statusCode === 400) return { entry: catalogue.answer('invalid-json') }
  const named = typeof fields.code === 'string' ? entryNamed(catalogue, fields.code) : undefined
  if (named !== undefined) return namedAnswer(named, fields, reply)

  const given = statusOf(fields)
  const status = clampStatus(given)
  // A 5xx never shows its own message: it may hold a query, a path or a secret. Without a usable
  // status it is the unexpected error itself, whatever answers a thrown 500.
  if (status >= 500) return { entry: status === given ? catalogue.forStatus(status) : catalogue.internal, headers: keptHeaders(fields, status) }
  const entry = catalogue.forStatus(status)
  return {
    entry,
    message: exposedMessage(fields, status),
    retryAfter: status === 429 ? retryAfterHeader(reply) : undefined,
    headers: keptHeaders(fields, status)
  }
}

/** An error whose `code` is a catalogue code (@fastify/error's): that entry, its status, and its texts (named-error.ts). */
function namedAnswer(entry: CompiledEntry, fields: Record<string, unknown>, reply: FastifyReply): Classified {
  return {
    entry,
    ...namedTexts(entry, exposedMessage(fields, entry.status)),
    retryAfter: entry.status === 429 ? retryAfterHeader(reply) : undefined,
    headers: keptHeaders(fields, entry.status)
  }
}

/** A valid 4xx or 5xx status is kept; anything else (302, 200, '404', NaN) is 500. */
export function clampStatus(status: unknown): number {
  return typeof status === 'number' && Number.isInteger(status) && status >= 400 && status <= 599 ? status : 500
}

/** http-errors and @fastify/error use `statusCode` (or `status`); Boom keeps it in `output`. */
function statusOf(fields: Record<string, unknown>): unknown {
  if (fields.statusCode !== undefined) return fields.statusCode
  if (fields.status !== undefined) return fields.status
  if (fields.isBoom === true && typeof fields.output === 'object' && fields.output !== null) {
    return (fields.output as Record<string, unknown>).statusCode
  }
  return undefined
}

function exposedMessage(fields: Record<string, unknown>, status: number): string | undefined {
  // http-errors marks messages that must not reach clients with `expose: false`; a bare reason
  // phrase (`createError(404)`: "Not Found") is a library's default, and the catalogue says it better.
  if (fields.expose === false || typeof fields.message !== 'string' || fields.message === '' || fields.message === STATUS_CODES[status]) return undefined
  const message = fields.message
  return message.length > MAX_MESSAGE_LENGTH ? truncate(message.slice(0, MAX_MESSAGE_LENGTH)) : message
}

/** @fastify/rate-limit sets Retry-After before it throws; keep the limiter's number. */
function retryAfterHeader(reply: FastifyReply): number | undefined {
  const seconds = Number(reply.getHeader('retry-after'))
  return Number.isInteger(seconds) && seconds >= 0 ? seconds : undefined
}

/**
 * A schema failure: the entry bound to the most specific condition (a missing required field,
 * then the part that failed, then validation in general) and one item per failing field.
 */
function validationAnswer(fields: Record<string, unknown>, catalogue: CompiledCatalogue): Classified {
  const context = String(fields.validationContext)
  // Own keys only: a hand-made error's `validationContext: 'toString'` is not a part.
  const part = Object.hasOwn(VALIDATION_PARTS, context) ? VALIDATION_PARTS[context]! : 'body'
  const ajvItems = Array.isArray(fields.validation) ? (fields.validation as unknown[]) : []
  const missing = ajvItems.length > 0 && ajvItems.every(item => wordedOrItself(item as Record<string, unknown>).keyword === 'required')
  const entry = catalogue.answer(missing ? PART_KEYS[part].missing : PART_KEYS[part].failed)
  const validation = validationItems(fields, part, catalogue.shape.maxValidationItems)
  if (entry.fieldMessages !== undefined) for (const item of validation) item.message = entry.fieldMessages.get(item.field) ?? item.message
  // The first failing field fills {field} and {in}: `Missing required '{field}' parameter`.
  return { entry, params: { field: validation[0]!.field, in: validation[0]!.in }, validation }
}

/** Ajv errors (or a custom validator's single error) → one item per failing field. */
export function validationItems(fields: Record<string, unknown>, where: ValidationPart, max: number): ValidationItem[] {
  if (!Array.isArray(fields.validation) || fields.validation.length === 0) {
    const message = typeof fields.message === 'string' ? truncate(fields.message) : 'is invalid'
    return [new SchemaItem('', where, message)]
  }
  // Capped before mapping: with Ajv's allErrors one body can fail hundreds of thousands of times.
  return capItems(fields.validation, max, item => validationItem(item as Record<string, unknown>, where))
}

function validationItem(given: Record<string, unknown>, where: ValidationItem['in']): SchemaItem {
  // ajv-errors' `errorMessage` wraps the errors it words: the field is the original's, the message the team's.
  const worded = given.keyword === 'errorMessage' && typeof given.message === 'string'
  const item = worded ? originalOf(given) : given
  const params = (typeof item.params === 'object' && item.params !== null ? item.params : {}) as Record<string, unknown>
  // Ajv's JSON pointer: '' for the part itself (a missing property at the top, the commonest failure).
  const pointer = typeof item.instancePath === 'string' ? item.instancePath : ''
  const segments = pointerKeys(pointer)
  let message = typeof item.message === 'string' ? truncate(item.message) : 'is invalid'
  if (item.keyword === 'required' && typeof params.missingProperty === 'string') {
    segments.push(params.missingProperty)
    message = 'is required'
  } else if (item.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') {
    segments.push(params.additionalProperty)
    message = 'is not allowed'
  }
  return new SchemaItem(fieldPath(segments), where, worded ? truncate(given.message as string) : message)
}

/** An Ajv error, or, for an ajv-errors `errorMessage` error, the first error it words. */
function wordedOrItself(item: Record<string, unknown>): Record<string, unknown> {
  return item.keyword === 'errorMessage' ? originalOf(item) : item
}

/** The Ajv error an ajv-errors `errorMessage` error words (its first), or the error itself. */
function originalOf(item: Record<string, unknown>): Record<string, unknown> {
  const errors = (item.params as { errors?: unknown } | undefined)?.errors
  const first: unknown = Array.isArray(errors) ? errors[0] : undefined
  return typeof first === 'object' && first !== null ? (first as Record<string, unknown>) : item
}

const INDEX = /^\d+$/

/** `['items', '2', 'id']` → `items[2].id`. */
function fieldPath(segments: string[]): string {
  let path = ''
  for (const segment of segments) {
    if (INDEX.test(segment)) path += `[${segment}]`
    else path += path === '' ? segment : `.${segment}`
  }
  return truncate(path)
}
