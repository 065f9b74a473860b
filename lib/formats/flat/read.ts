/**
 * The client's reader of flat bodies, `{"code","message",…}`: the members `flatWriter` writes,
 * at the top (nested bodies have the same object under `error`).
 * @module
 */
import { type BodyReader, type ReadFields, bodySeconds, otherMembers, scalarParams, text } from '../reader.js'

const FLAT_MEMBERS: ReadonlySet<string> = new Set(['code', 'message', 'fix', 'details', 'params', 'retry_after', 'request_id'])

/** The members of a flat error object, wherever it sits; the other members are extensions. */
export function readFlatObject(object: Readonly<Record<string, unknown>>): ReadFields {
  return {
    code: text(object.code),
    message: text(object.message),
    fix: text(object.fix),
    details: object.details,
    params: scalarParams(object.params),
    retryAfter: bodySeconds(object.retry_after),
    requestId: text(object.request_id),
    extensions: otherMembers(object, FLAT_MEMBERS)
  }
}

/** A flat body always has a code and a message. */
export const flatReader: BodyReader = {
  name: 'flat',
  read: body => (text(body.code) !== undefined && text(body.message) !== undefined ? readFlatObject(body) : undefined)
}
