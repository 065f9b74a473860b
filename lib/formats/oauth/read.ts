/**
 * The client's reader of oauth bodies (RFC 6749 §5.2), `{"error","error_description",…}`, with the
 * plugin's `validation_errors`, `details` and `retry_after`.
 * @module
 */
import { type BodyReader, bodySeconds, otherMembers, text } from '../reader.js'

const OAUTH_MEMBERS: ReadonlySet<string> = new Set(['error', 'error_description', 'error_uri', 'validation_errors', 'details', 'retry_after'])

export const oauthReader: BodyReader = {
  name: 'oauth',
  read(body) {
    const code = text(body.error)
    // oauth's `error` is a code, which has no spaces; some APIs send a sentence there instead
    // (`{"error":"Rate limit exceeded"}`): that is their message, not an oauth body.
    if (code === undefined || (body.error_description === undefined && /\s/.test(code))) return undefined
    return {
      code,
      message: text(body.error_description),
      details: body.details ?? body.validation_errors,
      retryAfter: bodySeconds(body.retry_after),
      docUrl: text(body.error_uri),
      extensions: otherMembers(body, OAUTH_MEMBERS)
    }
  }
}
