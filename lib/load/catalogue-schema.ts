/**
 * The JSON Schema of a catalogue file: one source for the load-time check and the JSON
 * Schema editors use; the TypeScript type of an entry beside it, held to the same keys.
 * @module
 */
import { CONDITION_NAMES, STATUS_CONDITION } from './conditions.js'

/** `snake_case` or `UPPER_SNAKE_CASE`, as the reference pages write their codes. */
export const CODE_PATTERN = /^(?:[a-z][a-z0-9]*(?:_[a-z0-9]+)*|[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*)$/

/** An HTTP header name (an RFC 9110 token). */
export const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/

/**
 * Headers that say how a response is framed or represented, which only the plugin (the body's
 * type, language and bytes) and the server (the connection) may set: RFC 9110 §7.6.1's
 * hop-by-hop fields and the representation fields of the body the plugin writes. Set from
 * elsewhere, `transfer-encoding` beside the real `content-length` is request smuggling behind
 * a proxy (RFC 9112 §6.1), and `content-encoding` on plain JSON breaks every client. Lower case.
 */
export const FRAMING_HEADERS: ReadonlySet<string> = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'http2-settings',
  'content-length',
  'content-type',
  'content-encoding',
  'content-language'
])

export const PARAM_TYPES = ['string', 'number', 'integer', 'boolean'] as const
export type ParamType = (typeof PARAM_TYPES)[number]

export const LOG_LEVELS = ['silent', 'trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const
export type LogLevel = (typeof LOG_LEVELS)[number]

/** A BCP 47 language tag: `en`, `de`, `pt-BR`, `zh-Hant`. */
export const LOCALE_PATTERN = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/

/** An ISO 8601 calendar date, `2026-03-01` (whether the day exists is checked in validate.ts). */
export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/

/** A code's deprecation: what replaces it, from when, until when it is still answered, and why. */
const DeprecationSchema = {
  additionalProperties: false,
  description: 'This code is deprecated: `{ use, since, sunset, reason }`, every key optional',
  type: 'object',
  properties: {
    use: { pattern: CODE_PATTERN.source, description: 'The code that replaces this one (an existing code)', type: 'string' },
    since: { pattern: ISO_DATE.source, description: 'ISO date (YYYY-MM-DD) from which the code is deprecated', type: 'string' },
    sunset: {
      pattern: ISO_DATE.source,
      description: 'ISO date (YYYY-MM-DD) until which the code is still answered; removing it is breaking before then',
      type: 'string'
    },
    reason: { minLength: 1, description: 'Why, for the generated types, the reference and OpenAPI', type: 'string' }
  }
} as const

/** An entry's `deprecated`. */
export interface Deprecation {
  use?: string
  since?: string
  sunset?: string
  reason?: string
}

/**
 * The most members a catalogue's own lists and maps may hold: each named condition and each
 * `status-NNN` once in a `when` list, and far more placeholders, headers or locales than any
 * entry needs in `params`, `headers` and text maps. Checked by length before anything else,
 * so that a hostile list costs one comparison, not one check per item.
 */
export const MAX_WHEN_ITEMS = CONDITION_NAMES.length + 200
export const MAX_MAP_MEMBERS = 1000

/** A text, or a map of locale to text (`{ en: 'Not found', de: 'Nicht gefunden' }`). */
function Text(options: { minLength?: 1; description: string }) {
  const { description, ...bounds } = options
  const text = { ...bounds, type: 'string' } as const
  return {
    description,
    anyOf: [text, { minProperties: 1, maxProperties: MAX_MAP_MEMBERS, type: 'object', patternProperties: { [LOCALE_PATTERN.source]: text } }]
  } as const
}

/** A condition as a key of `when`'s mapping form. */
export const CONDITION_KEY = new RegExp(`^(?:${CONDITION_NAMES.join('|')}|status-[45][0-9]{2})$`)

/** What one condition of `when` sends: its own message (a text), or its own texts, or (null) the entry's. */
export const ConditionTextSchema = {
  description: "The message for this condition, { message, fix, validationItems }, or null for the entry's own",
  anyOf: [
    { type: 'null' },
    { minLength: 1, type: 'string' },
    {
      additionalProperties: false,
      type: 'object',
      properties: {
        message: Text({ minLength: 1, description: 'The message sent for this condition; the plugin fills its {placeholders}' }),
        fix: Text({ description: 'The fix sent for this condition' }),
        validationItems: { const: false, description: "false: leave the failing fields out of this condition's answers (validation conditions)", type: 'boolean' }
      }
    }
  ]
} as const

/** One of the given strings, as JSON Schema writes it. */
function OneOf<const T extends readonly string[]>(names: T) {
  return names.map(name => ({ const: name, type: 'string' }) as const)
}

/**
 * One entry of a catalogue file, in plain JSON Schema (draft-07): the loader checks entries
 * with it (validate.ts, through Ajv, which Fastify itself installs), and the CLI writes it
 * out for editors (`catalogue/catalogue.schema.json`). No schema library at run time.
 */
export const CatalogueEntrySchema = {
  additionalProperties: false,
  type: 'object',
  required: ['status', 'message'],
  properties: {
    status: { minimum: 400, maximum: 599, description: 'HTTP status, 400-599', type: 'integer' },
    message: Text({ minLength: 1, description: 'Human message; {placeholders} become parameters. A text or a map of locale to text' }),
    title: Text({ minLength: 1, description: 'Short fixed summary; defaults to the HTTP reason phrase' }),
    fix: Text({ description: 'What the caller should do; may use the same {placeholders}' }),
    cause: { description: 'Why it happens (documentation only)', type: 'string' },
    params: {
      description: 'Types of the placeholders; undeclared ones are string | number',
      maxProperties: MAX_MAP_MEMBERS,
      type: 'object',
      patternProperties: { '^(.*)$': { anyOf: OneOf(PARAM_TYPES) } }
    },
    details: { additionalProperties: true, description: 'JSON Schema of a structured details value', type: 'object', properties: {} },
    retryAfter: { minimum: 0, description: 'Default Retry-After, in seconds', type: 'integer' },
    retryable: { description: 'Whether a client may retry this error', type: 'boolean' },
    headers: {
      description: 'Extra response headers; values may use {placeholders}',
      maxProperties: MAX_MAP_MEMBERS,
      type: 'object',
      patternProperties: { '^(.*)$': { type: 'string' } }
    },
    deprecated: DeprecationSchema,
    log: { description: 'Log level for this code', anyOf: OneOf(LOG_LEVELS) },
    when: {
      description:
        'The conditions the plugin answers with this code by itself: a list (invalid-json, validation, missing-required, route-not-found, rate-limited, unexpected-error, status-404…), or a mapping of condition to its own message, e.g. { invalid-json: Request body is not valid JSON, missing-required: "Missing required \'{field}\' parameter." } (see the README, "Your own codes")',
      anyOf: [
        {
          uniqueItems: true,
          maxItems: MAX_WHEN_ITEMS,
          type: 'array',
          items: { anyOf: [...OneOf(CONDITION_NAMES), { pattern: STATUS_CONDITION.source, type: 'string' }] }
        },
        {
          minProperties: 1,
          maxProperties: MAX_WHEN_ITEMS,
          additionalProperties: false,
          type: 'object',
          patternProperties: { [CONDITION_KEY.source]: ConditionTextSchema }
        }
      ]
    },
    validationItems: {
      description: "Send the failing fields (validation items) in this entry's answers; overrides the includeValidationItems option",
      type: 'boolean'
    },
    fieldMessages: {
      description: "The message of a failing field's validation item, by field (name, items[0].id), in place of the validator's",
      maxProperties: MAX_MAP_MEMBERS,
      type: 'object',
      patternProperties: { '^(.+)$': { minLength: 1, type: 'string' } }
    }
  }
} as const

type Texts = string | Record<string, string>

/** One entry of a catalogue file, as written (texts may be maps of locale to text): what {@link CatalogueEntrySchema} accepts. */
export interface CatalogueEntryInput {
  status: number
  message: Texts
  title?: Texts
  fix?: Texts
  cause?: string
  params?: Record<string, ParamType>
  details?: Record<string, unknown>
  retryAfter?: number
  retryable?: boolean
  headers?: Record<string, string>
  deprecated?: Deprecation
  log?: LogLevel
  /** A list of conditions, or a mapping of condition to its own message, `{ message, fix, validationItems }` or null. */
  when?: string[] | Record<string, ConditionTextInput>
  validationItems?: boolean
  fieldMessages?: Record<string, string>
}

/** One condition's own texts, as `when`'s mapping form writes them. */
export type ConditionTextInput = null | string | { message?: Texts; fix?: Texts; validationItems?: false }

/** The interface and the schema name the same keys: a key added to one and not the other fails to compile. */
type SameKeys<A, B> = [keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : never) : never
export const ENTRY_KEYS_AGREE: SameKeys<CatalogueEntryInput, (typeof CatalogueEntrySchema)['properties']> = true

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

/** What the JSON Schema of a whole catalogue file (code → entry) says about itself. */
export const CATALOGUE_FILE_SCHEMA = {
  $id: 'https://github.com/fastify-error-catalogue/catalogue.schema.json',
  title: 'fastify-error-catalogue catalogue file'
} as const

/** A parsed catalogue file: code → entry, as written. */
export type CatalogueFile = Record<string, CatalogueEntryInput>

export const ENTRY_KEYS = Object.keys(CatalogueEntrySchema.properties)
