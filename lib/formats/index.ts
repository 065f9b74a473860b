/**
 * The format registry: a format name, or a custom `{ format, schema }`, → a BodyFormat.
 * @module
 */
import type { CustomFormat, BuiltinFormatName } from '../types.js'
import { flat } from './flat/index.js'
import type { BodyFormat, MemberRow } from './format.js'
import { JSON_CONTENT_TYPE } from './json.js'
import { nested } from './nested/index.js'
import { oauth } from './oauth/index.js'
import { problem } from './problem/index.js'
import { isThenable } from '../user-callback.js'

export type { ValidationItemMembers } from './format.js'
export { DEFAULT_ITEM_MEMBERS } from './json.js'
export type { AnswerShape, BodyFormat, EntrySchemaShape, EntryShape, MemberContext, MemberRow } from './format.js'

export const BUILTIN_FORMATS: Readonly<Record<BuiltinFormatName, BodyFormat>> = { nested, flat, oauth, problem }

export function isBuiltinFormatName(name: unknown): name is BuiltinFormatName {
  return typeof name === 'string' && Object.hasOwn(BUILTIN_FORMATS, name)
}

export function customFormat(custom: CustomFormat): BodyFormat {
  return {
    name: 'custom',
    contentType: custom.contentType ?? JSON_CONTENT_TYPE,
    contentTypeAsIs: false,
    validationMember: 'details',
    summary: 'Error bodies use this API\'s own format; see the example under each code.',
    codeExpression: 'body.code',
    compile: () => view => {
      const value = custom.format(view)
      if (isThenable(value)) {
        // Its rejection is this failure's: handled here, so it never reaches the process as unhandled.
        value.then(undefined, () => undefined)
        throw new TypeError('custom format returned a promise: format must build the body synchronously')
      }
      const body = JSON.stringify(value)
      // A formatter returning undefined (or a function) would send an empty body.
      if (typeof body !== 'string') throw new TypeError('custom format returned a value JSON cannot encode')
      return body
    },
    schema: () => custom.schema,
    members: () => schemaMembers(custom.schema)
  }
}

/**
 * A custom format's members, as its own schema lists them (a property's `description` is its
 * meaning); none when the schema lists no properties: then its examples document it.
 */
function schemaMembers(schema: Record<string, unknown>): MemberRow[] {
  const properties = schema.properties
  if (typeof properties !== 'object' || properties === null) return []
  return Object.entries(properties as Record<string, { description?: unknown }>).map(([name, property]) => [
    name,
    typeof property?.description === 'string' ? property.description : 'See the examples under each code.'
  ] as const)
}
