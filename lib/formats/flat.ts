/** `{"code","message","params"?,"fix"?,"details"?,"retry_after"?,"request_id"}` */
import type { BodyFormat, EntryShape } from './format.js'
import { JSON_CONTENT_TYPE, ValidationItemSchema, commonMembers, member, stringJson } from './json.js'

export const flat: BodyFormat = {
  name: 'flat',
  contentType: JSON_CONTENT_TYPE,
  compile(entry) {
    const head = `{"code":${JSON.stringify(entry.code)},"message":`
    const message = stringJson(entry.constantMessage)
    const fix = stringJson(entry.constantFix)
    return view =>
      head +
      message(view.message) +
      commonMembers(view, 'details', fix) +
      member('retry_after', view.retryAfter) +
      `,"request_id":${JSON.stringify(view.requestId)}}`
  },
  schema: flatSchema
}

export function flatSchema(entry: EntryShape & { details?: object | undefined; hasParams: boolean }): Record<string, unknown> {
  return {
    type: 'object',
    required: ['code', 'message', 'request_id'],
    properties: {
      code: { type: 'string', const: entry.code },
      message: { type: 'string' },
      ...(entry.hasParams ? { params: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean'] } } } : {}),
      fix: { type: 'string' },
      ...(entry.details === undefined ? {} : { details: entry.details }),
      retry_after: { type: 'integer', minimum: 0 },
      request_id: { type: 'string' }
    }
  }
}

