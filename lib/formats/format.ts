import type { ErrorView } from '../types.js'

/**
 * Every option that shapes an answer, resolved once (lib/options.ts `resolveAnswerShape`, which the
 * plugin and the CLI both call) and carried whole by the contract: the writers, the reference, the
 * OpenAPI schemas and the CLI read it, and nothing copies its fields.
 */
export interface AnswerShape {
  /** How bodies are written. */
  readonly format: BodyFormat
  /** The built-in catalogue lies under the user's. */
  readonly builtins: boolean
  /** The rate limiter answers requests: its conditions are bound, its codes carry its window. */
  readonly rateLimit: boolean
  /** Bodies carry each entry's `fix`. */
  readonly includeFix: boolean
  /** Bodies carry `params`, the values of the message's placeholders. */
  readonly includeParams: boolean
  /** Bodies carry `request_id` (formats that have a place for it). */
  readonly includeRequestId: boolean
  /** Bodies carry `retry_after` beside the Retry-After header. */
  readonly includeRetryAfter: boolean
  /** Validation items sent per answer, a marker item after them when more were cut. */
  readonly maxValidationItems: number
  /** Validation answers carry their items (an entry's or a condition's `validationItems` overrides it). */
  readonly includeValidationItems: boolean
  /** The names of a validation item's members; `in` undefined when it is left out. */
  readonly validationItemMembers: ValidationItemMembers
  /** Base URI of the problem format's `type`; undefined gives `about:blank`. */
  readonly problemTypeBase: string | undefined
  /** The locale of the catalogue's plain texts and the fallback of negotiation. */
  readonly defaultLocale: string
}

/** The members of a validation item as sent. */
export interface ValidationItemMembers {
  readonly field: string
  readonly in: string | undefined
  readonly message: string
}

/** What a format knows about an entry when it compiles that entry's serializer. */
export interface EntryShape {
  readonly code: string
  readonly status: number
  readonly title: string
  /** The message and fix when they have no placeholders: encoded once, not per response. */
  readonly constantMessage?: string | undefined
  readonly constantFix?: string | undefined
  /** The names `params` can hold, in order: the entry's placeholders. */
  readonly placeholders: readonly string[]
}

/** What a format's schema knows about an entry beyond its shape. */
export interface EntrySchemaShape extends EntryShape {
  /** The catalogue's JSON Schema of the entry's details. */
  readonly details?: object | undefined
  /** Whether bodies carry `params` (the entry has placeholders and `includeParams` is on). */
  readonly hasParams: boolean
  /** Whether the entry answers validation failures: its bodies carry validation items. */
  readonly validation?: boolean | undefined
}

/** One row of the reference's "Response format" table: a member of the body and what it means. */
export type MemberRow = readonly [member: string, meaning: string]

/** What the member table needs to know of the catalogue beyond the shape. */
export interface MemberContext {
  /** The codes whose bodies carry validation items. */
  readonly validationCodes: readonly string[]
}

/** A body format: its content type, a per-entry serializer, the JSON Schema of its bodies and their members for the reference. */
export interface BodyFormat {
  readonly name: string
  readonly contentType: string
  /**
   * Send the content type exactly as it is: Fastify appends `; charset=utf-8` to a JSON content
   * type sent with a string unless the reply has a serializer of its own, and
   * `application/problem+json` is registered without parameters (RFC 9457 §6.1).
   */
  readonly contentTypeAsIs: boolean
  /** The member validation items go in (`details`, `validation_errors`, `errors`): the built-in fix names it. */
  readonly validationMember: string
  /** One sentence for the reference: what every body is. */
  readonly summary: string
  /** JavaScript reading the code from a parsed body named `body`, for the reference's retry snippet. */
  readonly codeExpression: string
  compile(entry: EntryShape, shape: AnswerShape): (view: ErrorView) => string
  schema(entry: EntrySchemaShape, shape: AnswerShape): Record<string, unknown>
  /** The body's members under this shape, for the reference; empty when only the examples document it. */
  members(shape: AnswerShape, context: MemberContext): readonly MemberRow[]
}
