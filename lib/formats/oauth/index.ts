/**
 * RFC 6749 §5.2 style, as many token and management APIs answer:
 * `{"error": code, "error_description": message, "validation_errors"?, "details"?, "retry_after"?}`.
 * Validation items (from a schema failure or passed by hand) go in `validation_errors`; other
 * details a caller passes go in `details`. `params`, `fix` and `request_id` have no place in this shape.
 */
import type { BodyFormat, MemberRow } from '../format.js'
import { JSON_CONTENT_TYPE, MEANINGS, itemsWriter, member, entryTextJson, trailingSchema, validationMeaning } from '../json.js'

export const oauth: BodyFormat = {
  name: 'oauth',
  contentType: JSON_CONTENT_TYPE,
  contentTypeAsIs: false,
  validationMember: 'validation_errors',
  summary: 'Every error body follows the OAuth 2.0 (RFC 6749 §5.2) shape.',
  codeExpression: 'body.error',
  compile(entry, shape) {
    const head = `{"error":${JSON.stringify(entry.code)},"error_description":`
    const message = entryTextJson(entry.constantMessage)
    const items = itemsWriter(shape.validationItemMembers)
    return view => {
      let body = head + message(view.message)
      if (view.validation !== undefined) body += `,"validation_errors":${items(view.validation)}`
      body += member('details', view.details)
      if (view.retryAfter !== undefined) body += `,"retry_after":${view.retryAfter}`
      return `${body}}`
    }
  },
  schema(entry, shape) {
    return {
      type: 'object',
      required: ['error', 'error_description'],
      properties: {
        error: { type: 'string', const: entry.code },
        error_description: { type: 'string' },
        ...trailingSchema(entry, shape, 'validation_errors')
      },
      additionalProperties: false
    }
  },
  members(shape, context) {
    const rows: MemberRow[] = [
      ['error', 'The error code. Stable: match on it, never on the description.'],
      ['error_description', 'Human-readable message. Wording may change.']
    ]
    if (context.validationCodes.length > 0) rows.push(['validation_errors', validationMeaning(context.validationCodes, shape.validationItemMembers)])
    rows.push(['details', MEANINGS.details])
    if (shape.includeRetryAfter) rows.push(['retry_after', MEANINGS.retryAfter])
    return rows
  }
}
