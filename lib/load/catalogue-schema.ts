/**
 * The TypeBox schema of a catalogue file: one source for the load-time check, the
 * TypeScript type of an entry and the JSON Schema editors use.
 * @module
 */
import { Type, type Static } from '@sinclair/typebox'
import { CONDITION_NAMES, STATUS_CONDITION } from './conditions.js'

/** `snake_case` or `UPPER_SNAKE_CASE`, as the reference pages write their codes. */
export const CODE_PATTERN = /^(?:[a-z][a-z0-9]*(?:_[a-z0-9]+)*|[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*)$/

/** An HTTP header name (an RFC 9110 token). */
export const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/

export const PARAM_TYPES = ['string', 'number', 'integer', 'boolean'] as const
export type ParamType = (typeof PARAM_TYPES)[number]

export const LOG_LEVELS = ['silent', 'trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const
export type LogLevel = (typeof LOG_LEVELS)[number]

/** A BCP 47 language tag: `en`, `de`, `pt-BR`, `zh-Hant`. */
export const LOCALE_PATTERN = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/

/** A text, or a map of locale to text (`{ en: 'Not found', de: 'Nicht gefunden' }`). */
function Text(options: { minLength?: number; description: string }) {
  const text = Type.String(options.minLength === undefined ? {} : { minLength: options.minLength })
  return Type.Union([text, Type.Record(Type.String({ pattern: LOCALE_PATTERN.source }), text, { minProperties: 1 })], {
    description: options.description
  })
}

/** A condition as `when` lists it. */
const ConditionName = Type.Union([...CONDITION_NAMES.map(name => Type.Literal(name)), Type.String({ pattern: STATUS_CONDITION.source })])

/** A condition as a key of `when`'s mapping form. */
export const CONDITION_KEY = new RegExp(`^(?:${CONDITION_NAMES.join('|')}|status-[45][0-9]{2})$`)

/** What one condition of `when` sends: its own message (a text), or its own texts, or (null) the entry's. */
export const ConditionTextSchema = Type.Union([
  Type.Null(),
  Type.String({ minLength: 1 }),
  Type.Object(
    {
      message: Type.Optional(Text({ minLength: 1, description: 'The message sent for this condition; the plugin fills its {placeholders}' })),
      fix: Type.Optional(Text({ description: 'The fix sent for this condition' })),
      validationItems: Type.Optional(Type.Literal(false, { description: 'false: leave the failing fields out of this condition\'s answers (validation conditions)' }))
    },
    { additionalProperties: false }
  )
], { description: 'The message for this condition, { message, fix, validationItems }, or null for the entry\'s own' })

export const CatalogueEntrySchema = Type.Object(
  {
    status: Type.Integer({ minimum: 400, maximum: 599, description: 'HTTP status, 400-599' }),
    message: Text({ minLength: 1, description: 'Human message; {placeholders} become parameters. A text or a map of locale to text' }),
    title: Type.Optional(Text({ minLength: 1, description: 'Short fixed summary; defaults to the HTTP reason phrase' })),
    fix: Type.Optional(Text({ description: 'What the caller should do; may use the same {placeholders}' })),
    cause: Type.Optional(Type.String({ description: 'Why it happens (documentation only)' })),
    params: Type.Optional(
      Type.Record(Type.String(), Type.Union(PARAM_TYPES.map(name => Type.Literal(name))), {
        description: 'Types of the placeholders; undeclared ones are string | number'
      })
    ),
    details: Type.Optional(Type.Object({}, { additionalProperties: true, description: 'JSON Schema of a structured details value' })),
    retryAfter: Type.Optional(Type.Integer({ minimum: 0, description: 'Default Retry-After, in seconds' })),
    retryable: Type.Optional(Type.Boolean({ description: 'Whether a client may retry this error' })),
    headers: Type.Optional(
      Type.Record(Type.String(), Type.String(), { description: 'Extra response headers; values may use {placeholders}' })
    ),
    log: Type.Optional(Type.Union(LOG_LEVELS.map(name => Type.Literal(name)), { description: 'Log level for this code' })),
    when: Type.Optional(
      Type.Union([Type.Array(ConditionName, { uniqueItems: true }), Type.Record(Type.String({ pattern: CONDITION_KEY.source }), ConditionTextSchema, { minProperties: 1, additionalProperties: false })], {
        description:
          'The conditions the plugin answers with this code by itself: a list (invalid-json, validation, missing-required, route-not-found, rate-limited, unexpected-error, status-404…), or a mapping of condition to its own message, e.g. { invalid-json: Request body is not valid JSON, missing-required: "Missing required \'{field}\' parameter." } (see the README, "Your own codes")'
      })
    ),
    validationItems: Type.Optional(
      Type.Boolean({ description: 'Send the failing fields (validation items) in this entry\'s answers; overrides the includeValidationItems option' })
    ),
    fieldMessages: Type.Optional(
      Type.Record(Type.String({ minLength: 1 }), Type.String({ minLength: 1 }), {
        description: 'The message of a failing field\'s validation item, by field (name, items[0].id), in place of the validator\'s'
      })
    )
  },
  { additionalProperties: false }
)

/** One entry of a catalogue file, as written (texts may be maps of locale to text). */
export type CatalogueEntryInput = Static<typeof CatalogueEntrySchema>

/** The texts of one locale other than the default. */
export interface Translation {
  message?: string
  fix?: string
  title?: string
}

/**
 * One validated entry: `message`, `fix` and `title` are the default locale's texts;
 * other locales are in `translations`.
 */
export type CatalogueEntry = Omit<CatalogueEntryInput, 'message' | 'fix' | 'title' | 'when'> & {
  message: string
  fix?: string
  title?: string
  translations?: Record<string, Translation>
  /** The conditions the entry claims, as listed (or the keys of the mapping, in order). */
  when?: string[]
  /** The texts of the conditions that have their own (the mapping form of `when`), by condition. */
  conditionTexts?: Record<string, ConditionTexts>
}

/** One condition's own texts, in the default locale; other locales in `translations`. */
export interface ConditionTexts {
  message?: string
  fix?: string
  validationItems?: boolean
  translations?: Record<string, { message?: string; fix?: string }>
}

/** The text fields that may be translated. */
export const TEXT_FIELDS = ['message', 'fix', 'title'] as const

/** A whole catalogue file: code → entry (the code pattern is checked separately, for a clearer message). */
export const CatalogueFileSchema = Type.Record(Type.String(), CatalogueEntrySchema, {
  $id: 'https://github.com/fastify-error-catalogue/catalogue.schema.json',
  title: 'fastify-error-catalogue catalogue file',
  propertyNames: { pattern: CODE_PATTERN.source }
})

/** A parsed catalogue file: code → entry, as written. */
export type CatalogueFile = Record<string, CatalogueEntryInput>

export const ENTRY_KEYS = Object.keys(CatalogueEntrySchema.properties)
