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
}

/** A body format: its content type, a per-entry serializer, and the JSON Schema of its bodies. */
export interface BodyFormat {
  readonly name: string
  readonly contentType: string
  compile(entry: EntryShape): (view: ErrorView) => string
  schema(entry: EntryShape & { details?: object | undefined; hasParams: boolean }): Record<string, unknown>
}
