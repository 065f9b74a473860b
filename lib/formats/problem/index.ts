/**
 * RFC 9457 problem details, `application/problem+json`:
 * `{"type","title","status","detail","instance","code","request_id"?,"params"?,"fix"?,"errors"?,"details"?,"retry_after"?}`.
 * Validation items (from a schema failure or passed by hand) go in `errors`; other structured details in the `details` extension member.
 * `type` is `problemTypeBase` + code as written (the `docs` option gives the relative reference
 * `/errors#<code>`, which clients resolve against the response URL), `about:blank` without a
 * base; never anything taken from the request. `instance` is the request path as a valid URI
 * reference.
 */
import type { BodyFormat, MemberRow } from '../format.js'
import { MEANINGS, itemsWriter, jsonString, member, paramsWriter, entryTextJson, trailingSchema, validationMeaning } from '../json.js'

/** The media type as registered (RFC 9457 §6.1): no parameters, so exact comparisons work. */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json'

export const problem: BodyFormat = {
  name: 'problem',
  contentType: PROBLEM_CONTENT_TYPE,
  contentTypeAsIs: true,
  validationMember: 'errors',
  summary: 'Every error body is an RFC 9457 problem details object.',
  codeExpression: 'body.code',
  compile(entry, shape) {
    const type = shape.problemTypeBase === undefined ? 'about:blank' : shape.problemTypeBase + entry.code
    const head = `{"type":${JSON.stringify(type)},"title":${JSON.stringify(entry.title)},"status":${entry.status}` + ',"detail":'
    const code = `,"code":${JSON.stringify(entry.code)}`
    const requestId = shape.includeRequestId
    const message = entryTextJson(entry.constantMessage)
    const fix = entryTextJson(entry.constantFix)
    const params = paramsWriter(entry.placeholders)
    const items = itemsWriter(shape.validationItemMembers)
    return view => {
      let body = head + message(view.message) + `,"instance":${jsonString(uriReference(view.instance))}` + code
      if (requestId) body += `,"request_id":${jsonString(view.requestId)}`
      if (view.params !== undefined) body += `,"params":${params(view.params)}`
      if (view.fix !== undefined) body += `,"fix":${fix(view.fix)}`
      if (view.validation !== undefined) body += `,"errors":${items(view.validation)}`
      body += member('details', view.details)
      if (view.retryAfter !== undefined) body += `,"retry_after":${view.retryAfter}`
      return `${body}}`
    }
  },
  schema(entry, shape) {
    return {
      type: 'object',
      required: ['type', 'title', 'status', 'detail', 'instance', 'code', ...(shape.includeRequestId ? ['request_id'] : [])],
      properties: {
        type: { type: 'string', format: 'uri-reference' },
        title: { type: 'string' },
        status: { type: 'integer', const: entry.status },
        detail: { type: 'string' },
        instance: { type: 'string', format: 'uri-reference' },
        code: { type: 'string', const: entry.code },
        ...(shape.includeRequestId ? { request_id: { type: 'string' } } : {}),
        ...(entry.hasParams ? { params: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean'] } } } : {}),
        ...(shape.includeFix ? { fix: { type: 'string' } } : {}),
        ...trailingSchema(entry, shape, 'errors')
      },
      additionalProperties: false
    }
  },
  members(shape, context) {
    const rows: MemberRow[] = [
      ['type', 'URI identifying the problem type.'],
      ['title', 'Short summary of the problem type.'],
      ['status', 'The HTTP status code.'],
      ['detail', 'Human-readable message for this occurrence. Wording may change.'],
      ['instance', 'The request path.'],
      ['code', 'The error code. Stable: match on it, never on the detail.']
    ]
    if (shape.includeRequestId) rows.push(['request_id', MEANINGS.requestId])
    if (shape.includeParams) rows.push(['params', 'The values shown in the detail, by name (codes with parameters only).'])
    if (shape.includeFix) rows.push(['fix', MEANINGS.fix])
    if (context.validationCodes.length > 0) rows.push(['errors', validationMeaning(context.validationCodes, shape.validationItemMembers)])
    rows.push(['details', MEANINGS.details])
    if (shape.includeRetryAfter) rows.push(['retry_after', MEANINGS.retryAfter])
    return rows
  }
}

/** A `%` that starts no escape, or a run of characters a URI path may not hold (RFC 3986 pchar and `/`). */
const NOT_IN_PATH = /%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~!$&'()*+,;=:@/%]+/gu
const utf8 = new TextEncoder()

/**
 * The request path as an RFC 3986 URI reference: what a path may not hold is
 * percent-encoded as UTF-8 (`"` → `%22`, a stray `%` → `%25`); escapes the client sent stay.
 */
export function uriReference(path: string): string {
  return path.replace(NOT_IN_PATH, percentEncoded)
}

function percentEncoded(text: string): string {
  let out = ''
  // TextEncoder writes a lone surrogate as U+FFFD, so every string has an encoding.
  for (const byte of utf8.encode(text)) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`
  return out
}
