/** `{"error":{"code","message","params"?,"fix"?,"details"?,"retry_after"?,"request_id"}}` */
import type { BodyFormat } from './format.js'
import { JSON_CONTENT_TYPE, commonMembers, member, stringJson } from './json.js'
import { flatSchema } from './flat.js'

export const nested: BodyFormat = {
  name: 'nested',
  contentType: JSON_CONTENT_TYPE,
  compile(entry) {
    const head = `{"error":{"code":${JSON.stringify(entry.code)},"message":`
    const message = stringJson(entry.constantMessage)
    const fix = stringJson(entry.constantFix)
    return view =>
      head +
      message(view.message) +
      commonMembers(view, 'details', fix) +
      member('retry_after', view.retryAfter) +
      `,"request_id":${JSON.stringify(view.requestId)}}}`
  },
  schema(entry) {
    return {
      type: 'object',
      required: ['error'],
      properties: { error: flatSchema(entry) }
    }
  }
}
