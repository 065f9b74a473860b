/**
 * `defineCatalogue({...} as const)`: a catalogue written in TypeScript, typed with no
 * generation step. Parameters come from the `{placeholders}` of `message`, `fix` and
 * `headers` (template literal types), typed by `params` where declared; `details` from
 * its JSON Schema (or TypeBox schema, of either line). `CatalogueTypes<typeof catalogue>` is what the
 * `ErrorCatalogue` registry extends, the same shape the generator writes.
 * @module
 */
import type { LogLevel, ParamType } from './catalogue-schema.js'
import type { Condition } from './conditions.js'

// ---------------------------------------------------------------------------------------
// What a defined catalogue may contain
// ---------------------------------------------------------------------------------------

/** One entry written in TypeScript: the fields of a catalogue file entry. */
export interface DefinedEntry {
  readonly status: number
  readonly message: string
  readonly title?: string
  readonly fix?: string
  readonly cause?: string
  readonly params?: { readonly [name: string]: ParamType }
  /** A JSON Schema object (written `as const`) or a TypeBox schema (@sinclair/typebox 0.34 or typebox 1.x). */
  readonly details?: object
  readonly retryAfter?: number
  readonly retryable?: boolean
  readonly headers?: { readonly [name: string]: string }
  readonly log?: LogLevel
  /** The conditions the plugin answers with this code: a list, or a mapping of condition to its own message. */
  readonly when?: readonly Condition[] | { readonly [C in Condition]?: string | null | ConditionTextsInput }
  /** Send the failing fields (validation items) in this entry's answers. */
  readonly validationItems?: boolean
  /** The message of a failing field's validation item, by field. */
  readonly fieldMessages?: { readonly [field: string]: string }
}

/** One condition's own texts in `when`. */
export interface ConditionTextsInput {
  readonly message?: string
  readonly fix?: string
  readonly validationItems?: boolean
}

/** A catalogue written in TypeScript: code → entry. */
export type DefinedCatalogue = { readonly [code: string]: DefinedEntry }

/**
 * Types every key an entry may not have as a sentence, so a typo fails to compile and says
 * why (test/type-messages.test.ts): `Type '"y"' is not assignable to type
 * '"y" & { readonly "fixx is not a key of a catalogue entry": never; }'`.
 */
type OnlyKnownKeys<T> = {
  readonly [C in keyof T]: {
    readonly [K in keyof T[C]]: K extends keyof DefinedEntry ? T[C][K] : { readonly [S in `${K & string} is not a key of a catalogue entry`]: never }
  }
}

// ---------------------------------------------------------------------------------------
// Placeholders, as the run-time template reads them: `{name}` with name = [A-Za-z_][A-Za-z0-9_]*
// ---------------------------------------------------------------------------------------

type Lower = 'a' | 'b' | 'c' | 'd' | 'e' | 'f' | 'g' | 'h' | 'i' | 'j' | 'k' | 'l' | 'm' | 'n' | 'o' | 'p' | 'q' | 'r' | 's' | 't' | 'u' | 'v' | 'w' | 'x' | 'y' | 'z'
type NameHead = Lower | Uppercase<Lower> | '_'
type NameChar = NameHead | '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9'
type IsNameTail<S extends string> = S extends '' ? true : S extends `${NameChar}${infer Rest}` ? IsNameTail<Rest> : false
type IsName<S extends string> = S extends `${NameHead}${infer Rest}` ? IsNameTail<Rest> : false

/**
 * The placeholder names of a template literal type: `"{resource} '{id}' not found"` →
 * `'resource' | 'id'`. Braces around anything but a name are text, as at run time.
 */
export type PlaceholdersOf<S> = S extends `${string}{${infer Body}}${infer Rest}`
  ? Body extends `${string}{${infer Inner}`
    ? PlaceholdersOf<`{${Inner}}${Rest}`>
    : (IsName<Body> extends true ? Body : never) | PlaceholdersOf<Rest>
  : never

type HeaderValues<E> = E extends { readonly headers: infer H } ? H[keyof H] : never
type EntryPlaceholders<E> =
  | PlaceholdersOf<E extends { readonly message: infer M } ? M : never>
  | PlaceholdersOf<E extends { readonly fix: infer F } ? F : never>
  | PlaceholdersOf<HeaderValues<E>>

interface ParamTypes {
  string: string
  number: number
  integer: number
  boolean: boolean
}

/** A declared parameter's type; undeclared placeholders are `string | number`, as in generated types. */
type ParamTypeOf<E, N> = E extends { readonly params: infer P }
  ? N extends keyof P
    ? P[N] extends keyof ParamTypes
      ? ParamTypes[P[N]]
      : string | number
    : string | number
  : string | number

// ---------------------------------------------------------------------------------------
// details: JSON Schema → type, for the common keywords (the generator's `schemaToType`)
// ---------------------------------------------------------------------------------------

/** The type a JSON Schema written `as const` describes; `unknown` for what it cannot read. */
export type SchemaType<S> = S extends { readonly const: infer C }
  ? C
  : S extends { readonly enum: readonly (infer E)[] }
    ? E
    : S extends { readonly anyOf: readonly (infer U)[] }
      ? SchemaType<U>
      : S extends { readonly oneOf: readonly (infer U)[] }
        ? SchemaType<U>
        : S extends { readonly type: readonly (infer T)[] }
          ? T extends unknown
            ? SchemaType<Omit<S, 'type'> & { readonly type: T }>
            : never
          : S extends { readonly type: 'string' }
            ? string
            : S extends { readonly type: 'number' | 'integer' }
              ? number
              : S extends { readonly type: 'boolean' }
                ? boolean
                : S extends { readonly type: 'null' }
                  ? null
                  : S extends { readonly type: 'array' }
                    ? S extends { readonly items: infer I }
                      ? SchemaType<I>[]
                      : unknown[]
                    : S extends { readonly type: 'object' }
                      ? ObjectType<S>
                      : unknown

type RequiredKeys<S> = S extends { readonly required: readonly (infer R)[] } ? R : never
type Simplify<T> = { [K in keyof T]: T[K] } & {}

type ObjectType<S> = S extends { readonly properties: infer P }
  ? Simplify<
      { -readonly [K in keyof P as K extends RequiredKeys<S> ? K : never]: SchemaType<P[K]> } & {
        -readonly [K in keyof P as K extends RequiredKeys<S> ? never : K]?: SchemaType<P[K]>
      }
    >
  : S extends { readonly additionalProperties: false }
    ? Record<string, never>
    : Record<string, unknown>

/**
 * A schema of @sinclair/typebox 0.34 carries its own static type (`static`, read with no
 * `params`, as its `Static<T>` does); a plain JSON Schema, and a schema of `typebox` 1.x
 * (plain JSON Schema whose `required` lists its keys), is read keyword by keyword. Neither
 * TypeBox is imported: the plugin works with either installed, or none.
 */
type DetailsType<D> = D extends { readonly static: unknown; readonly params: unknown[] } ? (D & { readonly params: [] })['static'] : SchemaType<D>

// ---------------------------------------------------------------------------------------
// The registry shape
// ---------------------------------------------------------------------------------------

/** One code's types, in the registry's shape: `{ params?: {...}; details?: ... }`. */
export type EntryTypes<E> = Simplify<
  ([EntryPlaceholders<E>] extends [never] ? {} : { params: { [N in EntryPlaceholders<E>]: ParamTypeOf<E, N> } }) &
    (E extends { readonly details: infer D } ? { details: DetailsType<D> } : {})
>

/**
 * The types of a catalogue written with `defineCatalogue`, for the `ErrorCatalogue`
 * registry: extend it once and `reply.fail` and `fastify.errors` know every code.
 * @example
 * declare module 'fastify-error-catalogue' {
 *   interface ErrorCatalogue extends CatalogueTypes<typeof catalogue> {}
 * }
 */
export type CatalogueTypes<T> = { -readonly [C in keyof T & string]: EntryTypes<T[C]> }

/**
 * Declares a catalogue in TypeScript. Returns its argument unchanged, to pass to the
 * plugin's `catalogue` option; it is validated there, like a file. Its types come from
 * the literal text, so write it inline (or `as const`); register them with
 * `CatalogueTypes`.
 * @example
 * export const catalogue = defineCatalogue({
 *   batch_too_large: { status: 400, message: 'Batch of {count} exceeds {max}', params: { count: 'integer', max: 'integer' } }
 * })
 * declare module 'fastify-error-catalogue' {
 *   interface ErrorCatalogue extends CatalogueTypes<typeof catalogue> {}
 * }
 * await app.register(errorsPlugin, { catalogue })
 * throw app.errors.batch_too_large({ count: 60, max: 50 })
 */
export function defineCatalogue<const T extends DefinedCatalogue>(catalogue: T & OnlyKnownKeys<T>): T {
  return catalogue
}
