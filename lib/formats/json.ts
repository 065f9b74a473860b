/**
 * Shared pieces of the built-in formats: each writes its body as a string, with the
 * parts that never change for an entry (code, title, status) encoded once, and the parts
 * that change per response written member by member rather than by `JSON.stringify`'s
 * generic walk over a whole object.
 * @module
 */
import type { ParamValue, ValidationItem } from '../types.js'
import type { ValidationItemMembers } from './format.js'

export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8'

/** Strings longer than this go to `JSON.stringify` at once: scanning them here would cost more. */
const SHORT_STRING = 128

/**
 * `JSON.stringify(text)`, the same bytes, for a fraction of the cost on the short strings of an
 * error body (a request id, a parameter, a field name): quoted as they are when nothing needs
 * escaping. Anything that might (a quote, a backslash, a control character, any surrogate,
 * so that lone ones are escaped exactly as `JSON.stringify` does) goes to `JSON.stringify`.
 */
export function jsonString(text: string): string {
  if (text.length > SHORT_STRING) return JSON.stringify(text)
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return JSON.stringify(text)
  }
  return `"${text}"`
}

/** `,"key":value` for an optional member, or nothing when the value is absent. */
export function member(key: string, value: unknown): string {
  return value === undefined ? '' : `,"${key}":${JSON.stringify(value)}`
}

/**
 * The encoder of one of an entry's texts (message, fix): `jsonString`, except that a text without
 * placeholders, the very same string on every response, is encoded once, at compile time.
 */
export function entryTextJson(constant: string | undefined): (value: string) => string {
  if (constant === undefined) return jsonString
  const encoded = JSON.stringify(constant)
  return value => (value === constant ? encoded : jsonString(value))
}

/**
 * The `params` member's value. The names are an entry's placeholders, identifiers that need
 * no escaping, known when the entry is compiled; the values are what `bodyParams` keeps
 * (strings, finite numbers, booleans).
 */
export function paramsWriter(placeholders: readonly string[]): (params: Readonly<Record<string, ParamValue>>) => string {
  const keys = placeholders.map(name => `"${name}":`)
  return params => {
    let out = ''
    for (let i = 0; i < placeholders.length; i++) {
      const value = params[placeholders[i]!]
      if (value === undefined) continue
      out += (out === '' ? '{' : ',') + keys[i] + (typeof value === 'string' ? jsonString(value) : JSON.stringify(value))
    }
    return `${out}}`
  }
}

/**
 * A validation item the plugin made itself, from a schema failure: its shape is known, so it is
 * written member by member. Items passed by hand may hold anything and go to `JSON.stringify`.
 */
export class SchemaItem implements ValidationItem {
  field: string
  in: ValidationItem['in']
  message: string
  constructor(field: string, part: ValidationItem['in'], message: string) {
    this.field = field
    this.in = part
    this.message = message
  }
}

/** The members of a validation item unless `validationItemMembers` says otherwise. */
export const DEFAULT_ITEM_MEMBERS: ValidationItemMembers = Object.freeze({ field: 'field', in: 'in', message: 'message' })

/**
 * The writer of validation items as JSON, with the members the shape names: the plugin's own
 * items written directly, anything passed by hand by `JSON.stringify`, as it was given.
 */
export function itemsWriter(members: ValidationItemMembers): (items: readonly ValidationItem[]) => string {
  const field = `{${JSON.stringify(members.field)}:`
  const part = members.in === undefined ? undefined : `,${JSON.stringify(members.in)}:`
  const message = `,${JSON.stringify(members.message)}:`
  return items => {
    let out = '['
    for (let i = 0; i < items.length; i++) {
      const item = items[i]
      if (i > 0) out += ','
      if (item instanceof SchemaItem) {
        out += field + jsonString(item.field)
        if (part !== undefined) out += part + jsonString(item.in)
        out += `${message + jsonString(item.message)}}`
      } else {
        out += JSON.stringify(item) ?? 'null'
      }
    }
    return `${out}]`
  }
}

/**
 * The members every format ends its schema with: the validation items under the format's own
 * member (`details`, `validation_errors`, `errors`) for an entry that answers validation, else the
 * catalogue's details schema, then `retry_after` when the shape sends it.
 */
export function trailingSchema(
  entry: { readonly details?: object | undefined; readonly validation?: boolean | undefined },
  shape: { readonly includeRetryAfter: boolean; readonly validationItemMembers: ValidationItemMembers },
  itemsMember: string
): Record<string, unknown> {
  return {
    ...(entry.validation === true ? { [itemsMember]: { type: 'array', items: validationItemSchema(shape.validationItemMembers) } } : {}),
    ...(entry.details === undefined || entry.validation === true ? {} : { details: entry.details }),
    ...(shape.includeRetryAfter ? { retry_after: { type: 'integer', minimum: 0 } } : {})
  }
}

/** The JSON Schema of one validation item, with the members the shape names. */
export function validationItemSchema(members: ValidationItemMembers): Record<string, unknown> {
  const properties: Record<string, unknown> = { [members.field]: { type: 'string' } }
  if (members.in !== undefined) properties[members.in] = { type: 'string', enum: ['body', 'query', 'params', 'headers'] }
  properties[members.message] = { type: 'string' }
  return { type: 'object', required: Object.keys(properties), properties }
}

/** What the members every format shares mean, for the reference: one wording for all formats. */
export const MEANINGS = {
  code: 'The error code. Stable: match on it, never on the message.',
  message: 'Human-readable message. Wording may change.',
  params: 'The values shown in the message, by name (codes with parameters only).',
  fix: 'What the caller should do.',
  details: 'Structured details, for codes that declare them.',
  retryAfter: 'Seconds to wait before retrying; the same number as the Retry-After header (codes that send one).',
  requestId: 'Identifies the request: include it when contacting support.'
} as const

/** `For a, b and c, one item per invalid field: field, in, message.`, or nothing when no code carries items. */
export function validationMeaning(codes: readonly string[], members: ValidationItemMembers = DEFAULT_ITEM_MEMBERS): string {
  if (codes.length === 0) return ''
  const named = codes.length === 1 ? codes[0]! : `${codes.slice(0, -1).join(', ')} and ${codes.at(-1)!}`
  const names = [members.field, members.in, members.message].filter(name => name !== undefined)
  return `For ${named}, one item per invalid field: ${names.join(', ')}.`
}
