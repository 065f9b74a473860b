/**
 * Shared pieces of the built-in formats: each writes its body as a string, with the
 * parts that never change for an entry (code, title, status) encoded once.
 * @module
 */
import type { ErrorView } from '../types.js'

export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8'

/** `,"key":value` for an optional member, or nothing when the value is absent. */
export function member(key: string, value: unknown): string {
  return value === undefined ? '' : `,"${key}":${JSON.stringify(value)}`
}

/**
 * `JSON.stringify` for a string, with an entry's constant text encoded once: a message or fix
 * without placeholders is the very same string on every response.
 */
export function stringJson(constant: string | undefined): (value: string) => string {
  if (constant === undefined) return JSON.stringify
  const encoded = JSON.stringify(constant)
  return value => (value === constant ? encoded : JSON.stringify(value))
}

/** The members shared by nested, flat and problem: `params`, `fix`, then the details under their own key. */
export function commonMembers(view: ErrorView, detailsKey: string, fixJson: (fix: string) => string): string {
  const details = view.validation ?? view.details
  return member('params', view.params) + (view.fix === undefined ? '' : `,"fix":${fixJson(view.fix)}`) + member(detailsKey, details)
}

/** The `details` member's schema: validation items for an entry that answers validation, else the catalogue's schema. */
export function detailsSchema(entry: { readonly details?: object | undefined; readonly validation?: boolean | undefined }): Record<string, unknown> {
  if (entry.validation === true) return { details: { type: 'array', items: ValidationItemSchema } }
  return entry.details === undefined ? {} : { details: entry.details }
}

/** JSON Schema pieces used by every format's schema. */
export const ValidationItemSchema = {
  type: 'object',
  required: ['field', 'in', 'message'],
  properties: {
    field: { type: 'string' },
    in: { type: 'string', enum: ['body', 'query', 'params', 'headers'] },
    message: { type: 'string' }
  }
} as const
