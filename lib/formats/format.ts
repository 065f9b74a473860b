import type { ErrorView } from '../types.js'

/** What a format knows about an entry when it compiles that entry's serializer. */
export interface EntryShape {
  readonly code: string
  readonly status: number
  readonly title: string
  /** Base URI for the problem format's `type`; undefined gives `about:blank`. */
  readonly typeBase: string | undefined
  /** The message and fix when they have no placeholders: encoded once, not per response. */
  readonly constantMessage?: string | undefined
  readonly constantFix?: string | undefined
  /** Write `request_id` (the `includeRequestId` option). Default: `true`. */
  readonly requestId?: boolean | undefined
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

/** A body format: its content type, a per-entry serializer, and the JSON Schema of its bodies. */
export interface BodyFormat {
  readonly name: string
  readonly contentType: string
  /** The member validation items go in (`details`, `validation_errors`, `errors`): the built-in fix names it. */
  readonly validationMember: string
  compile(entry: EntryShape): (view: ErrorView) => string
  schema(entry: EntrySchemaShape): Record<string, unknown>
}
