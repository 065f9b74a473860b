/** `{"code","message","params"?,"fix"?,"details"?,"retry_after"?,"request_id"?}` */
import type { ErrorView } from '../../types.js'
import type { BodyFormat, EntrySchemaShape, EntryShape } from '../format.js'
import { JSON_CONTENT_TYPE, detailsSchema, itemsJson, jsonString, member, paramsWriter, entryTextJson } from '../json.js'

export const flat: BodyFormat = {
  name: 'flat',
  contentType: JSON_CONTENT_TYPE,
  validationMember: 'details',
  compile: entry => flatWriter(entry, '', ''),
  schema: flatSchema
}

/**
 * The flat body's writer, between `open` and `close`: nested is the same object inside
 * `{"error":…}`, so both formats write the members in the same order from one place.
 */
export function flatWriter(entry: EntryShape, open: string, close: string): (view: ErrorView) => string {
  const head = `${open}{"code":${JSON.stringify(entry.code)},"message":`
  const message = entryTextJson(entry.constantMessage)
  const fix = entryTextJson(entry.constantFix)
  const params = paramsWriter(entry.placeholders)
  const requestId = entry.requestId !== false
  const end = `}${close}`
  return view => {
    let body = head + message(view.message)
    if (view.params !== undefined) body += `,"params":${params(view.params)}`
    if (view.fix !== undefined) body += `,"fix":${fix(view.fix)}`
    body += view.validation === undefined ? member('details', view.details) : `,"details":${itemsJson(view.validation)}`
    if (view.retryAfter !== undefined) body += `,"retry_after":${view.retryAfter}`
    if (requestId) body += `,"request_id":${jsonString(view.requestId)}`
    return body + end
  }
}

export function flatSchema(entry: EntrySchemaShape): Record<string, unknown> {
  const requestId = entry.requestId !== false
  return {
    type: 'object',
    required: requestId ? ['code', 'message', 'request_id'] : ['code', 'message'],
    properties: {
      code: { type: 'string', const: entry.code },
      message: { type: 'string' },
      ...(entry.hasParams ? { params: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean'] } } } : {}),
      fix: { type: 'string' },
      ...detailsSchema(entry),
      retry_after: { type: 'integer', minimum: 0 },
      ...(requestId ? { request_id: { type: 'string' } } : {})
    }
  }
}
