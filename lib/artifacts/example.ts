/**
 * Example responses: the body the server sends for an entry, with sample values standing in
 * for real ones, written by the entry's own serializer. The error reference and the OpenAPI
 * examples both use it, so they show the same thing.
 * @module
 */
import type { ParamType } from '../load/catalogue-schema.js'
import { bodyParams, type CompiledCatalogue, type CompiledEntry, type LocalizedEntry } from '../load/compile.js'
import { RATE_LIMIT_CONDITIONS, type Condition } from '../load/conditions.js'
import type { ErrorView, ParamValue, ValidationItem } from '../types.js'

/** Readable sample values for common placeholder names; other strings show as `<name>`. */
const SAMPLE_STRINGS: Readonly<Record<string, string>> = {
  method: 'DELETE',
  url: '/v1/projects/42/archive',
  path: '/v1/projects/42/archive',
  resource: 'Project',
  id: '42'
}
const SAMPLE_BY_TYPE: Readonly<Record<ParamType, ParamValue>> = { string: '', number: 50, integer: 50, boolean: true }
/**
 * A sample item as the plugin writes it for each validation condition: a code's example shows the
 * item of the first one it answers here (a body type error, else a missing field, a query type error…).
 */
const SAMPLE_ITEMS: readonly (readonly [Condition, ValidationItem])[] = [
  ['validation-body', { field: 'items[2].id', in: 'body', message: 'must be string' }],
  ['validation', { field: 'items[2].id', in: 'body', message: 'must be string' }],
  ['missing-required', { field: 'name', in: 'body', message: 'is required' }],
  ['validation-query', { field: 'limit', in: 'query', message: 'must be integer' }],
  ['validation-params', { field: 'id', in: 'params', message: 'must be integer' }],
  ['validation-headers', { field: 'x-api-version', in: 'headers', message: 'must be integer' }]
]

/** The sample validation items of an entry: one item, of the first validation condition it answers. */
export function sampleItems(entry: CompiledEntry, contract: CompiledCatalogue): readonly ValidationItem[] {
  const conditions = contract.conditionsOf(entry.code)
  // An entry carries validation items because it answers a validation condition: one of these.
  return [SAMPLE_ITEMS.find(([condition]) => conditions.includes(condition))![1]]
}
/** The seconds examples show as left in the rate limiter's window. */
export const SAMPLE_WINDOW = 60

/** The path examples show as the request's (`instance` in the problem format). */
export const SAMPLE_INSTANCE = '/v1/projects/42'

/**
 * A sample value per placeholder, typed as the catalogue declares it; `{field}` and `{in}` of a
 * validation answer are its first item's, as the plugin fills them.
 */
export function sampleParams(entry: CompiledEntry, items?: readonly ValidationItem[]): Record<string, ParamValue> {
  const declared = entry.source?.entry.params ?? {}
  const values: Record<string, ParamValue> = {}
  const first = items?.[0]
  for (const name of entry.placeholders) {
    if (first !== undefined && (name === 'field' || name === 'in')) {
      values[name] = first[name]
      continue
    }
    const type = declared[name]
    values[name] = type === undefined || type === 'string' ? (SAMPLE_STRINGS[name] ?? `<${name}>`) : SAMPLE_BY_TYPE[type]
  }
  return values
}

/**
 * The example's view: the entry's texts (in one locale), sample parameters, details and
 * validation, and what the contract puts in every body (`retry_after` only where it is sent).
 */
export function exampleView(entry: CompiledEntry, text: LocalizedEntry, contract: CompiledCatalogue): ErrorView {
  const validation = entry.carriesValidation
  const items = validation ? sampleItems(entry, contract) : undefined
  const values = sampleParams(entry, items)
  return {
    code: entry.code,
    status: entry.status,
    title: text.title,
    message: text.message.render(values),
    params: bodyParams(entry, values),
    fix: text.fix?.render(values),
    details: entry.answersValidation ? undefined : sampleOf(entry.source?.entry.details, 0),
    validation: items,
    retryAfter: contract.shape.includeRetryAfter ? sampleRetryAfter(entry, contract) : undefined,
    requestId: 'req-1',
    instance: SAMPLE_INSTANCE
  }
}

/** The Retry-After an answer of this entry carries: the limiter's window for the limiter's codes, else the entry's own. */
export function sampleRetryAfter(entry: CompiledEntry, contract: CompiledCatalogue): number | undefined {
  return limiterAnswers(entry, contract) ? SAMPLE_WINDOW : entry.retryAfter
}

/** The rate limiter is on and answers with this entry: its Retry-After is the window's. */
export function limiterAnswers(entry: CompiledEntry, contract: CompiledCatalogue): boolean {
  return contract.shape.rateLimit && contract.conditionsOf(entry.code).some(condition => RATE_LIMIT_CONDITIONS.includes(condition as never) && condition !== 'rate-limit-store-down')
}

/** A value a JSON Schema accepts: its own example first, else one built from its keywords. */
export function sampleOf(schema: unknown, depth: number): unknown {
  if (typeof schema !== 'object' || schema === null || depth > 8) return undefined
  const s = schema as Record<string, unknown>
  if (Array.isArray(s.examples) && s.examples.length > 0) return s.examples[0]
  if ('example' in s) return s.example
  if ('default' in s) return s.default
  if ('const' in s) return s.const
  if (Array.isArray(s.enum)) return s.enum[0]
  const union = s.anyOf ?? s.oneOf
  if (Array.isArray(union)) return sampleOf(union[0], depth + 1)
  const type = Array.isArray(s.type) ? s.type[0] : s.type
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {}
      const properties = (s.properties ?? {}) as Record<string, unknown>
      for (const [key, value] of Object.entries(properties)) out[key] = sampleOf(value, depth + 1)
      return out
    }
    case 'array':
      return s.items === undefined ? [] : [sampleOf(s.items, depth + 1)]
    case 'string':
      return typeof s.format === 'string' ? `<${s.format}>` : 'string'
    case 'number':
    case 'integer':
      return typeof s.minimum === 'number' ? s.minimum : 0
    case 'boolean':
      return true
    default:
      return null
  }
}
