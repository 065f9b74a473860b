/**
 * `fastify.errorCatalogue.responses(codes)`: the error responses of a route, for its
 * `schema.response`, so @fastify/swagger documents them: per status the JSON Schema of
 * the configured body format (several codes → `oneOf`), the content type, the headers and
 * one example per code, written by the real serializer so it cannot drift from what is sent.
 * A route's response schema never reshapes the error bodies: they are sent pre-serialized.
 * @module
 */
import type { CompiledCatalogue, CompiledEntry } from '../load/compile.js'
import { FST_CATALOGUE_UNKNOWN_CODE } from '../errors.js'
import { exampleView, sampleRetryAfter } from './example.js'
import { kResponseCodes } from '../request/route-errors.js'
import { deprecationText } from '../load/deprecation.js'

/** One status of a route's error responses, in the shape Fastify and @fastify/swagger read. */
export interface ErrorResponseSchema {
  /** The titles and codes this status stands for: `Not Found (resource_not_found, not_found)`. */
  description: string
  /** Response headers, as JSON Schemas: `Retry-After`, and any the catalogue sets (`WWW-Authenticate`). */
  headers?: Record<string, Record<string, unknown>>
  /** One media type, the format's (`application/json`, `application/problem+json`). */
  content: Record<string, ErrorMediaType>
}

export interface ErrorMediaType {
  /** The body schema; several codes share a status as `oneOf`. */
  schema: Record<string, unknown>
  /** One example body per code, keyed by code; a deprecated code's says so and names its replacement. */
  examples: Record<string, { summary: string; value: unknown; description?: string; deprecated?: true }>
}

/**
 * `{ 404: …, 429: … }`: spread it into a route's `schema.response`. The codes ride along under
 * a symbol key (Fastify and @fastify/swagger read string keys only), for the route's types,
 * its run-time check and the reference; a spread keeps symbol keys, where it drops the number
 * index, so the spread adds nothing to the route's reply type (see {@link ResponseCodesMark}).
 */
export type ErrorResponses<C extends string = string> = Record<number, ErrorResponseSchema> & {
  readonly [kResponseCodes]: ResponseCodesMark<C>
}

/**
 * What rides under the symbol key. Fastify's type providers read every key of
 * `schema.response` into the route's reply type: a response with `content` contributes the
 * body type of each media type, and an empty `content` none, with any type provider. Without
 * it, TypeBox read the mark as `unknown`, and the handler could return anything.
 */
export interface ResponseCodesMark<C extends string = string> {
  readonly codes: readonly C[]
  readonly content: Readonly<Record<never, never>>
}

/**
 * The error responses for `codes`, grouped by status. Throws FST_CATALOGUE_UNKNOWN_CODE,
 * naming every unknown code, so a typo fails when the route is declared.
 */
export function errorResponses<C extends string>(catalogue: CompiledCatalogue, codes: readonly C[]): ErrorResponses<C> {
  const unknown = codes.filter(code => !catalogue.entries.has(code))
  if (unknown.length > 0) throw new FST_CATALOGUE_UNKNOWN_CODE(unknown.map(code => JSON.stringify(code)).join(', '))

  const byStatus = new Map<number, CompiledEntry[]>()
  for (const code of new Set(codes)) {
    const entry = catalogue.entries.get(code)!
    const group = byStatus.get(entry.status)
    if (group === undefined) byStatus.set(entry.status, [entry])
    else group.push(entry)
  }

  const mediaType = catalogue.shape.format.contentType.split(';')[0]!.trim()
  const mark: ResponseCodesMark<C> = Object.freeze({ codes: Object.freeze([...new Set(codes)]), content: Object.freeze({}) })
  const responses: ErrorResponses<C> = { [kResponseCodes]: mark }
  for (const [status, entries] of byStatus) {
    const schemas = uniqueSchemas(entries.map(entry => bodySchema(entry, catalogue)))
    const headers = responseHeaders(entries, catalogue)
    responses[status] = {
      description: `${[...new Set(entries.map(entry => entry.title))].join(' / ')} (${entries.map(codeText).join(', ')})`,
      ...(headers === undefined ? {} : { headers }),
      content: {
        [mediaType]: {
          schema: schemas.length === 1 ? schemas[0]! : { oneOf: schemas },
          examples: Object.fromEntries(entries.map(entry => [entry.code, { summary: entry.title, value: example(entry, catalogue), ...deprecation(entry) }]))
        }
      }
    }
  }
  return responses
}

/** The JSON Schema of the body the configured format writes for this entry. */
export function bodySchema(entry: CompiledEntry, catalogue: CompiledCatalogue): Record<string, unknown> {
  const shape = catalogue.shape
  return shape.format.schema(
    {
      code: entry.code,
      status: entry.status,
      title: entry.title,
      details: entry.answersValidation ? undefined : entry.source?.entry.details,
      placeholders: entry.placeholders,
      // A condition's own message may have placeholders the entry's has not (`Missing '{field}'`).
      hasParams: entry.sendsParams || catalogue.variantsOf(entry.code).some(variant => variant.sendsParams),
      validation: entry.carriesValidation
    },
    shape
  )
}

/** A custom format has one schema for every code: `oneOf` identical schemas would match none. */
function uniqueSchemas(schemas: Record<string, unknown>[]): Record<string, unknown>[] {
  const seen = new Map<string, Record<string, unknown>>()
  for (const schema of schemas) seen.set(JSON.stringify(schema), schema)
  return [...seen.values()]
}

function responseHeaders(entries: readonly CompiledEntry[], contract: CompiledCatalogue): Record<string, Record<string, unknown>> | undefined {
  const headers: Record<string, Record<string, unknown>> = {}
  if (entries.some(entry => sampleRetryAfter(entry, contract) !== undefined || entry.retryable)) {
    headers['Retry-After'] = { type: 'integer', minimum: 0, description: 'Seconds to wait before retrying' }
  }
  for (const entry of entries) {
    for (const [name] of entry.headers) headers[name] = { type: 'string', description: `Sent with ${entry.code}` }
  }
  return Object.keys(headers).length === 0 ? undefined : headers
}

/** `token_revoked (deprecated: Use token_invalid. …)` in a response's description. */
function codeText(entry: CompiledEntry): string {
  const deprecated = entry.source?.entry.deprecated
  return deprecated === undefined ? entry.code : `${entry.code} (deprecated: ${deprecationText(deprecated)})`
}

/**
 * A deprecated code's example: `deprecated: true` and the sentence. OpenAPI's Example Object
 * defines no `deprecated` (only Parameter, Operation and Schema do); it is written as asked by
 * issue 19, and tools that know only the defined fields still read the description.
 */
function deprecation(entry: CompiledEntry): { description: string; deprecated: true } | undefined {
  const deprecated = entry.source?.entry.deprecated
  return deprecated === undefined ? undefined : { description: `Deprecated. ${deprecationText(deprecated)}`, deprecated: true }
}

/** The body the server sends for this entry, with sample values standing in for real ones. */
function example(entry: CompiledEntry, contract: CompiledCatalogue): unknown {
  const view = exampleView(entry, entry, contract)
  return JSON.parse(entry.serialize(view))
}
