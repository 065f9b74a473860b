/**
 * The catalogue as one versioned JSON document, `errors.contract.json`: every code with its
 * status, texts per locale, typed parameters, the body's JSON Schema in the configured format,
 * retry behaviour, the conditions it answers, its deprecation and (for a running app) the routes
 * that declare it. What another language's SDK generator or an API portal reads, with its own
 * JSON Schema (`catalogue/contract.schema.json`); `check --against` reads it back as the older side.
 * @module
 */
import { createRequire } from 'node:module'
import { Type, type Static } from '@sinclair/typebox'
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

const PerLocale = (description: string) =>
  Type.Record(Type.String({ pattern: LOCALE_PATTERN.source }), Type.String(), { minProperties: 1, description })

const ParameterSchema = Type.Object(
  {
    type: Type.Union([Type.Union(PARAM_TYPES.map(name => Type.Literal(name))), Type.Tuple([Type.Literal('string'), Type.Literal('number')])], {
      description: 'The JSON type of the value: a declared type, or ["string", "number"] for a placeholder the catalogue does not type'
    })
  },
  { additionalProperties: false }
)

const CodeSchema = Type.Object(
  {
    status: Type.Integer({ minimum: 400, maximum: 599, description: 'The HTTP status it is sent with' }),
    title: PerLocale('Short summary per locale (the status phrase where the catalogue gives none)'),
    message: PerLocale('The message template per locale; {name} stands for the parameter `name`'),
    fix: Type.Optional(PerLocale('What the caller should do, per locale; same placeholders')),
    cause: Type.Optional(Type.String({ description: 'Why it happens (documentation)' })),
    params: Type.Record(Type.String(), ParameterSchema, { description: 'The placeholders of the templates, by name, with their types' }),
    details: Type.Optional(Type.Object({}, { additionalProperties: true, description: 'JSON Schema of `details`, when the code carries them' })),
    body: Type.Object({}, { additionalProperties: true, description: 'JSON Schema of the response body in the configured format' }),
    headers: Type.Record(Type.String(), Type.String(), { description: 'Headers the catalogue sets (values are templates)' }),
    retryable: Type.Boolean({ description: 'Whether a client may retry' }),
    retryAfter: Type.Optional(
      Type.Object(
        {
          seconds: Type.Optional(Type.Integer({ minimum: 0, description: "The catalogue's default Retry-After, in seconds" })),
          limiter: Type.Boolean({ description: "The value is the rate limiter's window (seconds left), not a fixed default" })
        },
        { additionalProperties: false, description: 'Present when answers carry Retry-After' }
      )
    ),
    conditions: Type.Array(Type.String(), { description: 'The conditions the server answers with this code by itself (invalid-json, route-not-found, status-404…)' }),
    builtin: Type.Boolean({ description: "From the plugin's built-in catalogue" }),
    deprecated: Type.Optional(
      Type.Object(
        {
          use: Type.Optional(Type.String({ pattern: CODE_PATTERN.source, description: 'The code that replaces it' })),
          since: Type.Optional(Type.String({ pattern: ISO_DATE.source })),
          sunset: Type.Optional(Type.String({ pattern: ISO_DATE.source, description: 'Answered until this day' })),
          reason: Type.Optional(Type.String())
        },
        { additionalProperties: false, description: 'The code is deprecated' }
      )
    ),
    routes: Type.Optional(Type.Array(Type.String(), { description: 'The routes that declare it (`GET /projects/:id`); only in a running app’s contract' }))
  },
  { additionalProperties: false }
)

export const ContractDocumentSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String({ description: 'This schema, for editors' })),
    kind: Type.Literal(CONTRACT_KIND),
    version: Type.Literal(CONTRACT_VERSION, { description: 'The version of this document shape' }),
    generator: Type.String({ description: 'What wrote it: fastify-error-catalogue and its version' }),
    format: Type.Object(
      {
        name: Type.String({ description: 'The body format: nested, flat, oauth, problem, or custom' }),
        contentType: Type.String({ description: 'The Content-Type of error responses' })
      },
      { additionalProperties: false }
    ),
    defaultLocale: Type.String({ pattern: LOCALE_PATTERN.source }),
    locales: Type.Array(Type.String({ pattern: LOCALE_PATTERN.source }), { description: 'Every locale the texts come in, the default first' }),
    codes: Type.Record(Type.String({ pattern: CODE_PATTERN.source }), CodeSchema, { description: 'Every code, by code' })
  },
  {
    $id: 'https://github.com/fastify-error-catalogue/contract.schema.json',
    title: 'fastify-error-catalogue contract',
    description: 'Every error an API can send, from its error catalogue: what an SDK generator or an API portal reads.',
    additionalProperties: false
  }
)

export type ContractDocument = Static<typeof ContractDocumentSchema>
export type ContractCode = Static<typeof CodeSchema>

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
    body: bodySchema(entry, catalogue.shape),
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
