/**
 * RFC 6749 §5.2 style, as many token and management APIs answer:
 * `{"error": code, "error_description": message, "validation_errors"?, "retry_after"?}`.
 * Non-validation `details` and `params` have no place in this shape and are left out.
 */
import type { BodyFormat } from './format.js'
import { JSON_CONTENT_TYPE, ValidationItemSchema, member, stringJson } from './json.js'

export const oauth: BodyFormat = {
  name: 'oauth',
  contentType: JSON_CONTENT_TYPE,
  compile(entry) {
    const head = `{"error":${JSON.stringify(entry.code)},"error_description":`
    const message = stringJson(entry.constantMessage)
    return view =>
      head + message(view.message) + member('validation_errors', view.validation) + member('retry_after', view.retryAfter) + '}'
  },
  schema(entry) {
    return {
      type: 'object',
      required: ['error', 'error_description'],
      properties: {
        error: { type: 'string', const: entry.code },
        error_description: { type: 'string' },
        ...(entry.code === 'validation_error' ? { validation_errors: { type: 'array', items: ValidationItemSchema } } : {}),
        retry_after: { type: 'integer', minimum: 0 }
      }
    }
  }
}
