/**
 * The client's side of a body format: what a reader finds in an error body, and the helpers
 * every reader shares. Import-light on purpose: `fastify-error-catalogue/client` loads this
 * module and each format's `read.ts`, so they import nothing but the Retry-After reading.
 * @module
 */
import { retryAfterSeconds } from '../retry-after.js'

/** What one error body says, as far as its shape tells; a field the body lacks is undefined. */
export interface ReadFields {
  readonly code?: string | undefined
  readonly message?: string | undefined
  readonly fix?: string | undefined
  /** `details`, or the validation items of the shape (`errors`, `validation_errors`). */
  readonly details?: unknown
  readonly params?: Readonly<Record<string, string | number | boolean>> | undefined
  /** The body's `retry_after`, as whole seconds. */
  readonly retryAfter?: number | undefined
  readonly requestId?: string | undefined
  /** A problem's `type` URI. */
  readonly type?: string | undefined
  readonly docUrl?: string | undefined
  /** The error object's members this shape does not read, as sent (`__proto__` left out). */
  readonly extensions: Record<string, unknown>
}

/** A body format's reader: the fields of a body of its shape, or undefined for a body of another. */
export interface BodyReader {
  readonly name: string
  read(body: Readonly<Record<string, unknown>>): ReadFields | undefined
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** A non-empty string, or undefined. */
export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}

/** A body's `retry_after`: a number of seconds only (a string there is not the plugin's, nor RFC 9110's). */
export function bodySeconds(value: unknown): number | undefined {
  return typeof value === 'number' ? retryAfterSeconds(value) : undefined
}

/**
 * The members of `object` not in `read`, in a fresh object. An own `__proto__` member (JSON.parse
 * makes one from `"__proto__"`) is dropped: copied on with `Object.assign({}, extensions)` or a
 * spread into an assignment, it would set the copy's prototype to what the server sent.
 */
export function otherMembers(object: Readonly<Record<string, unknown>>, read: ReadonlySet<string>): Record<string, unknown> {
  const others: Record<string, unknown> = {}
  for (const name of Object.keys(object)) if (!read.has(name) && name !== '__proto__') others[name] = object[name]
  return others
}

/** `params` as the plugin writes them: scalar values only, and no `__proto__` member. */
export function scalarParams(value: unknown): Record<string, string | number | boolean> | undefined {
  if (!isRecord(value)) return undefined
  const params: Record<string, string | number | boolean> = {}
  for (const name of Object.keys(value)) {
    const item = value[name]
    if (name !== '__proto__' && (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean')) params[name] = item
  }
  return params
}
