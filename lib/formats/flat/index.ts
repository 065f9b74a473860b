/** `{"code","message","params"?,"fix"?,"details"?,"retry_after"?,"request_id"?}` */
import type { ErrorView } from '../../types.js'
import type { AnswerShape, BodyFormat, EntrySchemaShape, EntryShape, MemberContext, MemberRow } from '../format.js'
import { JSON_CONTENT_TYPE, MEANINGS, itemsWriter, trailingSchema, jsonString, member, paramsWriter, entryTextJson, validationMeaning } from '../json.js'

export const flat: BodyFormat = {
  name: 'flat',
  contentType: JSON_CONTENT_TYPE,
  contentTypeAsIs: false,
  validationMember: 'details',
  summary: 'Every error body is a flat JSON object.',
  codeExpression: 'body.code',
  compile: (entry, shape) => flatWriter(entry, shape, '', ''),
  schema: flatSchema,
  members: (shape, context) => flatMembers(shape, context)
}

/**
 * The flat body's writer, between `open` and `close`: nested is the same object inside
 * `{"error":…}`, so both formats write the members in the same order from one place.
 */
export function flatWriter(entry: EntryShape, shape: AnswerShape, open: string, close: string): (view: ErrorView) => string {
  const head = `${open}{"code":${JSON.stringify(entry.code)},"message":`
  const message = entryTextJson(entry.constantMessage)
  const fix = entryTextJson(entry.constantFix)
  const params = paramsWriter(entry.placeholders)
  const requestId = shape.includeRequestId
  const end = `}${close}`
  const items = itemsWriter(shape.validationItemMembers)
  return view => {
    let body = head + message(view.message)
    if (view.params !== undefined) body += `,"params":${params(view.params)}`
    if (view.fix !== undefined) body += `,"fix":${fix(view.fix)}`
    body += view.validation === undefined ? member('details', view.details) : `,"details":${items(view.validation)}`
    if (view.retryAfter !== undefined) body += `,"retry_after":${view.retryAfter}`
    if (requestId) body += `,"request_id":${jsonString(view.requestId)}`
    return body + end
  }
}

export function flatSchema(entry: EntrySchemaShape, shape: AnswerShape): Record<string, unknown> {
  const requestId = shape.includeRequestId
  return {
    type: 'object',
    required: requestId ? ['code', 'message', 'request_id'] : ['code', 'message'],
    properties: {
      code: { type: 'string', const: entry.code },
      message: { type: 'string' },
      ...(entry.hasParams ? { params: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean'] } } } : {}),
      ...(shape.includeFix ? { fix: { type: 'string' } } : {}),
      ...trailingSchema(entry, shape, 'details'),
      ...(requestId ? { request_id: { type: 'string' } } : {})
    },
    additionalProperties: false
  }
}

/** The flat body's members in the order they are written, `prefix` before each (`error.` in nested). */
export function flatMembers(shape: AnswerShape, context: MemberContext, prefix = ''): MemberRow[] {
  const rows: MemberRow[] = [['code', MEANINGS.code], ['message', MEANINGS.message]]
  if (shape.includeParams) rows.push(['params', MEANINGS.params])
  if (shape.includeFix) rows.push(['fix', MEANINGS.fix])
  rows.push(['details', `${MEANINGS.details} ${validationMeaning(context.validationCodes, shape.validationItemMembers)}`.trim()])
  if (shape.includeRetryAfter) rows.push(['retry_after', MEANINGS.retryAfter])
  if (shape.includeRequestId) rows.push(['request_id', MEANINGS.requestId])
  return rows.map(([name, meaning]) => [prefix + name, meaning] as const)
}
