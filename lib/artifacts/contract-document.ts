/**
 * The catalogue as one versioned JSON document, `errors.contract.json`: every code with its
 * status, texts per locale, typed parameters, the body's JSON Schema in the configured format,
 * retry behaviour, the conditions it answers, its deprecation and (for a running app) the routes
 * that declare it. What another language's SDK generator or an API portal reads, with its own
 * JSON Schema (`catalogue/contract.schema.json`); `check --against` reads it back as the older side.
 * @module
 */
import { createRequire } from 'node:module'
import type { CompiledCatalogue, CompiledEntry } from '../load/compile.js'
import { CODE_PATTERN, ISO_DATE, LOCALE_PATTERN, PARAM_TYPES, type CatalogueEntry, type ParamType } from '../load/catalogue-schema.js'
import { bodySchema } from './openapi.js'
import { limiterAnswers } from './example.js'
import type { EndpointIndex } from './endpoints.js'

// ---------------------------------------------------------------------------------------
// The document's schema (the TypeScript type and catalogue/contract.schema.json, from one source)
// ---------------------------------------------------------------------------------------

/** What the document says it is; a reader refuses any other. */
export const CONTRACT_KIND = 'fastify-error-catalogue/contract'
/** The version of the document's shape: raised when a reader of the old shape would misread the new one. */
export const CONTRACT_VERSION = 1

/** A map of locale to text, as JSON Schema writes it. */
const PerLocale = (description: string) =>
  ({ description, minProperties: 1, type: 'object', patternProperties: { [LOCALE_PATTERN.source]: { type: 'string' } } }) as const

/** A map of any key to `value`, as JSON Schema writes it. */
const MapOf = <V extends object>(value: V, description: string) => ({ description, type: 'object', patternProperties: { '^(.*)$': value } }) as const

const ParameterSchema = {
  additionalProperties: false,
  type: 'object',
  required: ['type'],
  properties: {
    type: {
      description: 'The JSON type of the value: a declared type, or ["string", "number"] for a placeholder the catalogue does not type',
      anyOf: [
        { anyOf: PARAM_TYPES.map(name => ({ const: name, type: 'string' })) },
        { type: 'array', items: [{ const: 'string', type: 'string' }, { const: 'number', type: 'string' }], additionalItems: false, minItems: 2, maxItems: 2 }
      ]
    }
  }
} as const

const CodeSchema = {
  additionalProperties: false,
  type: 'object',
  required: ['status', 'title', 'message', 'params', 'body', 'headers', 'retryable', 'conditions', 'builtin'],
  properties: {
    status: { minimum: 400, maximum: 599, description: 'The HTTP status it is sent with', type: 'integer' },
    title: PerLocale('Short summary per locale (the status phrase where the catalogue gives none)'),
    message: PerLocale('The message template per locale; {name} stands for the parameter `name`'),
    fix: PerLocale('What the caller should do, per locale; same placeholders'),
    cause: { description: 'Why it happens (documentation)', type: 'string' },
    params: MapOf(ParameterSchema, 'The placeholders of the templates, by name, with their types'),
    details: { additionalProperties: true, description: 'JSON Schema of `details`, when the code carries them', type: 'object', properties: {} },
    body: { additionalProperties: true, description: 'JSON Schema of the response body in the configured format', type: 'object', properties: {} },
    headers: MapOf({ type: 'string' }, 'Headers the catalogue sets (values are templates)'),
    retryable: { description: 'Whether a client may retry', type: 'boolean' },
    retryAfter: {
      additionalProperties: false,
      description: 'Present when answers carry Retry-After',
      type: 'object',
      required: ['limiter'],
      properties: {
        seconds: { minimum: 0, description: "The catalogue's default Retry-After, in seconds", type: 'integer' },
        limiter: { description: "The value is the rate limiter's window (seconds left), not a fixed default", type: 'boolean' }
      }
    },
    conditions: { description: 'The conditions the server answers with this code by itself (invalid-json, route-not-found, status-404…)', type: 'array', items: { type: 'string' } },
    builtin: { description: "From the plugin's built-in catalogue", type: 'boolean' },
    deprecated: {
      additionalProperties: false,
      description: 'The code is deprecated',
      type: 'object',
      properties: {
        use: { pattern: CODE_PATTERN.source, description: 'The code that replaces it', type: 'string' },
        since: { pattern: ISO_DATE.source, type: 'string' },
        sunset: { pattern: ISO_DATE.source, description: 'Answered until this day', type: 'string' },
        reason: { type: 'string' }
      }
    },
    routes: { description: 'The routes that declare it (`GET /projects/:id`); only in a running app’s contract', type: 'array', items: { type: 'string' } }
  }
} as const

/**
 * The document's JSON Schema, in plain JSON Schema (draft-07) like the catalogue's: no schema
 * library at run time. The interfaces below name the same members.
 */
export const ContractDocumentSchema = {
  $id: 'https://github.com/fastify-error-catalogue/contract.schema.json',
  title: 'fastify-error-catalogue contract',
  description: 'Every error an API can send, from its error catalogue: what an SDK generator or an API portal reads.',
  additionalProperties: false,
  type: 'object',
  required: ['kind', 'version', 'generator', 'format', 'defaultLocale', 'locales', 'codes'],
  properties: {
    $schema: { description: 'This schema, for editors', type: 'string' },
    kind: { const: CONTRACT_KIND, type: 'string' },
    version: { const: CONTRACT_VERSION, description: 'The version of this document shape', type: 'number' },
    generator: { description: 'What wrote it: fastify-error-catalogue and its version', type: 'string' },
    format: {
      additionalProperties: false,
      type: 'object',
      required: ['name', 'contentType'],
      properties: {
        name: { description: 'The body format: nested, flat, oauth, problem, or custom', type: 'string' },
        contentType: { description: 'The Content-Type of error responses', type: 'string' }
      }
    },
    defaultLocale: { pattern: LOCALE_PATTERN.source, type: 'string' },
    locales: { description: 'Every locale the texts come in, the default first', type: 'array', items: { pattern: LOCALE_PATTERN.source, type: 'string' } },
    codes: { description: 'Every code, by code', type: 'object', patternProperties: { [CODE_PATTERN.source]: CodeSchema } }
  }
} as const

type PerLocaleText = Record<string, string>

/** One code of the contract document. */
export interface ContractCode {
  status: number
  title: PerLocaleText
  message: PerLocaleText
  fix?: PerLocaleText
  cause?: string
  params: Record<string, { type: ParamType | ['string', 'number'] }>
  details?: Record<string, unknown>
  body: Record<string, unknown>
  headers: Record<string, string>
  retryable: boolean
  retryAfter?: { seconds?: number; limiter: boolean }
  conditions: string[]
  builtin: boolean
  deprecated?: { use?: string; since?: string; sunset?: string; reason?: string }
  routes?: string[]
}

/** `errors.contract.json`. */
export interface ContractDocument {
  $schema?: string
  kind: typeof CONTRACT_KIND
  version: typeof CONTRACT_VERSION
  generator: string
  format: { name: string; contentType: string }
  defaultLocale: string
  locales: string[]
  codes: Record<string, ContractCode>
}

/** The interfaces and the schemas name the same members: one added to one side only fails to compile. */
type SameKeys<A, B> = [keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : never) : never
export const CONTRACT_KEYS_AGREE: [
  SameKeys<ContractDocument, (typeof ContractDocumentSchema)['properties']>,
  SameKeys<ContractCode, (typeof CodeSchema)['properties']>
] = [true, true]

/** The document's JSON Schema as committed in `catalogue/contract.schema.json`. */
export function contractJsonSchema(): string {
  // JSON.stringify drops TypeBox's symbol-keyed metadata, leaving plain JSON Schema.
  const schema = { $schema: 'http://json-schema.org/draft-07/schema#', ...JSON.parse(JSON.stringify(ContractDocumentSchema)) }
  return `${JSON.stringify(schema, null, 2)}\n`
}

// ---------------------------------------------------------------------------------------
// Writing it
// ---------------------------------------------------------------------------------------

export interface ContractOptions {
  /** The compiled catalogue; its shape (format, include*, default locale) says what bodies look like. */
  readonly catalogue: CompiledCatalogue
  /** A running app's routes: each code lists those that declare it. */
  readonly endpoints?: EndpointIndex | undefined
}

/** `fastify-error-catalogue 0.1.0`: the package's own name and version (lib/ and dist/ both sit two levels below it). */
const GENERATOR = (() => {
  const { name, version } = createRequire(import.meta.url)('../../package.json') as { name: string; version: string }
  return `${name} ${version}`
})()

export function contractDocument({ catalogue, endpoints }: ContractOptions): ContractDocument {
  const { defaultLocale } = catalogue.shape
  const locales = [...new Set([defaultLocale, ...[...catalogue.entries.values()].flatMap(entry => [...(entry.translations?.keys() ?? [])])])]
  const codes: Record<string, ContractCode> = {}
  for (const entry of catalogue.entries.values()) codes[entry.code] = contractCode(entry, { catalogue, locales, endpoints })
  return {
    kind: CONTRACT_KIND,
    version: CONTRACT_VERSION,
    generator: GENERATOR,
    format: { name: catalogue.shape.format.name, contentType: catalogue.shape.format.contentType },
    defaultLocale,
    locales,
    codes
  }
}

interface CodeContext {
  readonly catalogue: CompiledCatalogue
  readonly locales: readonly string[]
  readonly endpoints: EndpointIndex | undefined
}

function contractCode(entry: CompiledEntry, { catalogue, locales, endpoints }: CodeContext): ContractCode {
  // Every catalogue entry was compiled from its source.
  const source = entry.source!.entry
  const conditions = catalogue.conditionsOf(entry.code)
  const limiter = limiterAnswers(entry, catalogue)
  // Every locale gets a text: the translation, else the default one, as the server answers.
  const perLocale = (text: (locale: string) => string) => Object.fromEntries(locales.map(locale => [locale, text(locale)]))
  const translated = (locale: string) => (locale === locales[0] ? undefined : source.translations?.[locale])
  const code: ContractCode = {
    status: entry.status,
    title: perLocale(locale => (entry.translations?.get(locale) ?? entry).title),
    message: perLocale(locale => translated(locale)?.message ?? source.message),
    params: Object.fromEntries(entry.placeholders.map(name => [name, { type: paramType(source.params?.[name]) }])),
    body: bodySchema(entry, catalogue),
    headers: { ...source.headers },
    retryable: entry.retryable,
    conditions: [...conditions],
    builtin: entry.source!.builtin
  }
  const fix = source.fix
  if (fix !== undefined) code.fix = perLocale(locale => translated(locale)?.fix ?? fix)
  if (source.cause !== undefined) code.cause = source.cause
  if (source.details !== undefined) code.details = source.details
  if (entry.retryAfter !== undefined || limiter) code.retryAfter = entry.retryAfter === undefined ? { limiter } : { seconds: entry.retryAfter, limiter }
  if (source.deprecated !== undefined) code.deprecated = { ...source.deprecated }
  if (endpoints !== undefined) code.routes = [...endpoints.returnedBy(entry.code)]
  return code
}

function paramType(declared: ParamType | undefined): ContractCode['params'][string]['type'] {
  return declared ?? ['string', 'number']
}

// ---------------------------------------------------------------------------------------
// Reading it back (check --against)
// ---------------------------------------------------------------------------------------

/** Whether a parsed document is a contract rather than a catalogue. */
export function isContractDocument(value: unknown): value is ContractDocument {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === CONTRACT_KIND
}

/**
 * The catalogue a contract was written from, as far as a contract check reads it: status,
 * default-locale texts, parameter types, details and deprecation per code.
 */
export function catalogueOfContract(document: ContractDocument): Record<string, Partial<CatalogueEntry> & { status: number; message: string }> {
  const out: Record<string, Partial<CatalogueEntry> & { status: number; message: string }> = {}
  for (const [code, entry] of Object.entries(document.codes)) {
    const params = Object.fromEntries(
      Object.entries(entry.params).flatMap(([name, { type }]) => (Array.isArray(type) ? [] : [[name, type as ParamType]]))
    )
    out[code] = {
      status: entry.status,
      message: entry.message[document.defaultLocale]!,
      ...(Object.keys(params).length === 0 ? {} : { params }),
      ...(entry.details === undefined ? {} : { details: entry.details }),
      ...(entry.deprecated === undefined ? {} : { deprecated: entry.deprecated })
    }
  }
  return out
}
