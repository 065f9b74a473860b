/**
 * The client's reader of problem details (RFC 9457), the plugin's and any other server's: `detail`
 * (else `title`) is the message, `type` is kept, the plugin's extension members are read, and
 * every other member (`balance`, `accounts` in RFC 9457 §3) is an extension. `status`, `title`
 * and `instance` stay in the raw body.
 * @module
 */
import { type BodyReader, bodySeconds, otherMembers, scalarParams, text } from '../reader.js'

const PROBLEM_MEMBERS: ReadonlySet<string> = new Set([
  'type', 'title', 'status', 'detail', 'instance',
  'code', 'request_id', 'params', 'fix', 'errors', 'details', 'retry_after'
])

/** Every member of a problem is optional (RFC 9457 §3.1); one with neither `title` nor `detail` tells nothing this reader needs. */
export const problemReader: BodyReader = {
  name: 'problem',
  read(body) {
    const message = text(body.detail) ?? text(body.title)
    if (message === undefined) return undefined
    return {
      code: text(body.code),
      message,
      fix: text(body.fix),
      details: body.details ?? body.errors,
      params: scalarParams(body.params),
      retryAfter: bodySeconds(body.retry_after),
      requestId: text(body.request_id),
      type: text(body.type),
      extensions: otherMembers(body, PROBLEM_MEMBERS)
    }
  }
}
