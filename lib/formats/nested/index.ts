/** `{"error":{"code","message","params"?,"fix"?,"details"?,"retry_after"?,"request_id"}}` */
import type { BodyFormat } from '../format.js'
import { JSON_CONTENT_TYPE } from '../json.js'
import { flatMembers, flatSchema, flatWriter } from '../flat/index.js'

export const nested: BodyFormat = {
  name: 'nested',
  contentType: JSON_CONTENT_TYPE,
  contentTypeAsIs: false,
  validationMember: 'details',
  summary: 'Every error body is a JSON object with one member, `error`.',
  codeExpression: 'body.error?.code',
  compile: (entry, shape) => flatWriter(entry, shape, '{"error":', '}'),
  schema(entry, shape) {
    return {
      type: 'object',
      required: ['error'],
      properties: { error: flatSchema(entry, shape) },
      additionalProperties: false
    }
  },
  members: (shape, context) => flatMembers(shape, context, 'error.')
}
