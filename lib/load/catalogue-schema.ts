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

/**
 * The most members a catalogue's own lists and maps may hold: each named condition and each
 * `status-NNN` once in a `when` list, and far more placeholders, headers or locales than any
 * entry needs in `params`, `headers` and text maps. Checked by length before anything else,
 * so that a hostile list costs one comparison, not one check per item.
 */
export const MAX_WHEN_ITEMS = CONDITION_NAMES.length + 200
export const MAX_MAP_MEMBERS = 1000

/** A text, or a map of locale to text (`{ en: 'Not found', de: 'Nicht gefunden' }`). */
function Text(options: { minLength?: number; description: string }) {
  const text = Type.String(options.minLength === undefined ? {} : { minLength: options.minLength })
  return Type.Union([text, Type.Record(Type.String({ pattern: LOCALE_PATTERN.source }), text, { minProperties: 1, maxProperties: MAX_MAP_MEMBERS })], {
    description: options.description
  })
}

export const CatalogueEntrySchema = Type.Object(
  {
    status: Type.Integer({ minimum: 400, maximum: 599, description: 'HTTP status, 400-599' }),
    message: Text({ minLength: 1, description: 'Human message; {placeholders} become parameters. A text or a map of locale to text' }),
    title: Type.Optional(Text({ minLength: 1, description: 'Short fixed summary; defaults to the HTTP reason phrase' })),
    fix: Type.Optional(Text({ description: 'What the caller should do; may use the same {placeholders}' })),
    cause: Type.Optional(Type.String({ description: 'Why it happens (documentation only)' })),
    params: Type.Optional(
      Type.Record(Type.String(), Type.Union(PARAM_TYPES.map(name => Type.Literal(name))), {
        maxProperties: MAX_MAP_MEMBERS,
        description: 'Types of the placeholders; undeclared ones are string | number'
      })
    ),
    details: Type.Optional(Type.Object({}, { additionalProperties: true, description: 'JSON Schema of a structured details value' })),
    retryAfter: Type.Optional(Type.Integer({ minimum: 0, description: 'Default Retry-After, in seconds' })),
    retryable: Type.Optional(Type.Boolean({ description: 'Whether a client may retry this error' })),
    headers: Type.Optional(
      Type.Record(Type.String(), Type.String(), { maxProperties: MAX_MAP_MEMBERS, description: 'Extra response headers; values may use {placeholders}' })
    ),
    log: Type.Optional(Type.Union(LOG_LEVELS.map(name => Type.Literal(name)), { description: 'Log level for this code' })),
    when: Type.Optional(
      Type.Array(Type.Union([...CONDITION_NAMES.map(name => Type.Literal(name)), Type.String({ pattern: STATUS_CONDITION.source })]), {
        uniqueItems: true,
        maxItems: MAX_WHEN_ITEMS,
        description:
          'The conditions the plugin answers with this code by itself: invalid-json, validation, missing-required, route-not-found, rate-limited, unexpected-error, status-404… (see the README, "Your own codes")'
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
export type CatalogueEntry = Omit<CatalogueEntryInput, 'message' | 'fix' | 'title'> & {
  message: string
  fix?: string
  title?: string
  translations?: Record<string, Translation>
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
