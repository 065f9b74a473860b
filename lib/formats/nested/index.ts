/** `{"error":{"code","message","params"?,"fix"?,"details"?,"retry_after"?,"request_id"}}` */
import type { BodyFormat } from '../format.js'
import { JSON_CONTENT_TYPE } from '../json.js'
import { flatSchema, flatWriter } from '../flat/index.js'

export const nested: BodyFormat = {
  name: 'nested',
  contentType: JSON_CONTENT_TYPE,
  validationMember: 'details',
  compile: entry => flatWriter(entry, '{"error":', '}'),
  schema(entry) {
    return {
      type: 'object',
      required: ['error'],
      properties: { error: flatSchema(entry) }
    }
  }
}
