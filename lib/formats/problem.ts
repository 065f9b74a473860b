/**
 * RFC 9457 problem details, `application/problem+json`:
 * `{"type","title","status","detail","instance","code","request_id"?,"params"?,"fix"?,"errors"?,"details"?,"retry_after"?}`.
 * Validation items (from a schema failure or passed by hand) go in `errors`; other structured details in the `details` extension member.
 * `type` is `problemTypeBase` + code, `about:blank` without a base; a base that is a path
 * (`/errors#`) is resolved against the request's origin, so `type` is an absolute URL.
 */
import type { BodyFormat } from './format.js'
import { ValidationItemSchema, member, stringJson } from './json.js'

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8'

/** `/errors#`, not `//host/x` nor `https://…`: a base that needs the request's origin in front. */
export function isPathAbsolute(base: string | undefined): boolean {
  return base !== undefined && base.startsWith('/') && !base.startsWith('//')
}

export const problem: BodyFormat = {
  name: 'problem',
  contentType: PROBLEM_CONTENT_TYPE,
  validationMember: 'errors',
  compile(entry) {
    const type = entry.typeBase === undefined ? 'about:blank' : entry.typeBase + entry.code
    // A path-absolute base (`/errors#`, what the `docs` option sets) is made absolute with each
    // request's own scheme and host, so `type` resolves to this server's error reference.
    const perOrigin = isPathAbsolute(type)
    const fixedType = `{"type":${JSON.stringify(type)}`
    const head = `,"title":${JSON.stringify(entry.title)},"status":${entry.status}` + ',"detail":'
    const code = `,"code":${JSON.stringify(entry.code)}`
    const requestId = entry.requestId === false ? () => '' : (id: string) => `,"request_id":${JSON.stringify(id)}`
    const message = stringJson(entry.constantMessage)
    const fix = stringJson(entry.constantFix)
    return view =>
      (perOrigin && view.origin !== undefined ? `{"type":${JSON.stringify(view.origin + type)}` : fixedType) +
      head +
      message(view.message) +
      `,"instance":${JSON.stringify(view.instance)}` +
      code +
      requestId(view.requestId) +
      member('params', view.params) +
      (view.fix === undefined ? '' : `,"fix":${fix(view.fix)}`) +
      member('errors', view.validation) +
      member('details', view.details) +
      member('retry_after', view.retryAfter) +
      '}'
  },
  schema(entry) {
    return {
      type: 'object',
      required: ['type', 'title', 'status', 'detail', 'instance', 'code', ...(entry.requestId === false ? [] : ['request_id'])],
      properties: {
        type: { type: 'string', format: 'uri-reference' },
        title: { type: 'string' },
        status: { type: 'integer', const: entry.status },
        detail: { type: 'string' },
        instance: { type: 'string' },
        code: { type: 'string', const: entry.code },
        ...(entry.requestId === false ? {} : { request_id: { type: 'string' } }),
        ...(entry.hasParams ? { params: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean'] } } } : {}),
        fix: { type: 'string' },
        ...(entry.validation === true ? { errors: { type: 'array', items: ValidationItemSchema } } : {}),
        ...(entry.details === undefined || entry.validation === true ? {} : { details: entry.details }),
        retry_after: { type: 'integer', minimum: 0 }
      }
    }
  }
}
