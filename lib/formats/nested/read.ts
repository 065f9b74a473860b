/**
 * The client's reader of nested bodies, `{"error":{"code","message",…}}`: the flat object under
 * `error`. Stripe's errors have this shape too; the client reads their own members.
 * @module
 */
import { readFlatObject } from '../flat/read.js'
import { type BodyReader, isRecord } from '../reader.js'

export const nestedReader: BodyReader = {
  name: 'nested',
  read: body => (isRecord(body.error) ? readFlatObject(body.error) : undefined)
}
