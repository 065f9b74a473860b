/**
 * Readers of error bodies no format of this plugin writes, tried after the formats' own
 * (lib/formats/readers.ts), and the members of Stripe-style errors, read in whatever shape.
 * @module
 */
import { readFlatObject } from '../formats/flat/read.js'
import { type BodyReader, type ReadFields, isRecord, otherMembers, text } from '../formats/reader.js'

const ERRORS: ReadonlySet<string> = new Set(['errors'])
const ERROR: ReadonlySet<string> = new Set(['error'])

/**
 * `{"errors":[{code,…},…]}` (JSON:API; GitHub's with a top-level `message`): the first coded item
 * speaks for the body, and all items are the details.
 */
export const errorListReader: BodyReader = {
  name: 'error-list',
  read(body) {
    if (!Array.isArray(body.errors)) return undefined
    const first: unknown = body.errors[0]
    const item = isRecord(first) && text(first.code) !== undefined ? first : undefined
    const top = readFlatObject(body)
    return {
      ...top,
      code: top.code ?? text(item?.code),
      message: top.message ?? text(item?.message) ?? text(item?.detail),
      details: top.details ?? body.errors,
      extensions: otherMembers(top.extensions, ERRORS)
    }
  }
}

/** `{"error":"Rate limit exceeded"}`: a sentence where oauth has a code (the oauth reader declines it), so the code comes from the status. */
export const sentenceReader: BodyReader = {
  name: 'sentence',
  read(body) {
    const sentence = text(body.error)
    if (sentence === undefined) return undefined
    const top = readFlatObject(body)
    return { ...top, message: top.message ?? sentence, extensions: otherMembers(top.extensions, ERROR) }
  }
}

/** Tried after the formats' readers, in this order; a body none claims is read as a flat object. */
export const FOREIGN_READERS: readonly BodyReader[] = [errorListReader, sentenceReader]

/** What a reader gives, with Stripe's members. */
export interface ForeignFields extends ReadFields {
  readonly param?: string | undefined
}

/** Stripe's `type`, `param` and `doc_url`, in any shape that left them among the extensions. */
export function withStripeMembers(fields: ReadFields): ForeignFields {
  const { extensions } = fields
  const type = text(extensions.type)
  const param = text(extensions.param)
  const docUrl = text(extensions.doc_url)
  if (type === undefined && param === undefined && docUrl === undefined) return fields
  const lifted = new Set<string>()
  if (type !== undefined) lifted.add('type')
  if (param !== undefined) lifted.add('param')
  if (docUrl !== undefined) lifted.add('doc_url')
  return { ...fields, type: fields.type ?? type, param, docUrl: fields.docUrl ?? docUrl, extensions: otherMembers(extensions, lifted) }
}
