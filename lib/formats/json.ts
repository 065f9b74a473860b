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

/** The members shared by nested, flat and problem: `params`, `fix`, then the details under their own key. */
export function commonMembers(view: ErrorView, detailsKey: string): string {
  const details = view.validation ?? view.details
  return member('params', view.params) + member('fix', view.fix) + member(detailsKey, details)
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
