/**
 * The catalogue as an API contract: which edits break clients. Error codes, their status
 * and their machine-readable fields (`params`, `details`) are what clients branch on
 * (Google AIP-193, Microsoft's REST guidelines); messages, causes and fixes are prose.
 * Pure: two catalogues in, a list of breaks out.
 * @module
 */
import type { CatalogueEntry, ParamType } from './catalogue-schema.js'
import { entryPlaceholders } from './template.js'

/** One breaking edit of one code. */
export interface ContractBreak {
  readonly code: string
  readonly message: string
}

/** JSON types a parameter type covers; undeclared placeholders are `string | number`. */
const PARAM_VALUES: Readonly<Record<ParamType | 'undeclared', readonly string[]>> = {
  string: ['string'],
  number: ['integer', 'fraction'],
  integer: ['integer'],
  boolean: ['boolean'],
  undeclared: ['string', 'integer', 'fraction']
}

/** Keywords whose value only rises when a schema accepts less, and those that only fall. */
const LOWER_BOUNDS = ['minimum', 'exclusiveMinimum', 'minLength', 'minItems', 'minProperties'] as const
const UPPER_BOUNDS = ['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems', 'maxProperties'] as const
const EXACT_KEYWORDS = ['pattern', 'format', 'multipleOf'] as const

/**
 * Every breaking edit from `before` to `after`: a removed code, a changed status, a removed,
 * renamed or retyped parameter, and a `details` schema that no longer accepts what it did.
 * New codes, parameters and properties are not breaks.
 * @example
 * compareCatalogues(old, current) // [{ code: 'quota_exceeded', message: 'status changed from 429 to 403' }]
 */
export function compareCatalogues(
  before: ReadonlyMap<string, CatalogueEntry>,
  after: ReadonlyMap<string, CatalogueEntry>,
  today: string = isoToday()
): ContractBreak[] {
  const breaks: ContractBreak[] = []
  for (const [code, old] of before) {
    const current = after.get(code)
    const add = (message: string) => breaks.push({ code, message })
    if (current === undefined) {
      const why = removalBreak(old, today)
      if (why !== undefined) add(why)
      continue
    }
    if (current.status !== old.status) add(`status changed from ${old.status} to ${current.status}`)
    for (const message of paramBreaks(old, current)) add(message)
    if (old.details !== undefined) {
      if (current.details === undefined) add('details removed')
      else for (const message of schemaBreaks(old.details, current.details, 'details')) add(message)
    }
  }
  return breaks
}

/**
 * The codes removed after their sunset: deprecated, with a `sunset` on or before `today`, and
 * gone from `after`. Not breaks: clients were told, and told when.
 */
export function retiredCodes(
  before: ReadonlyMap<string, CatalogueEntry>,
  after: ReadonlyMap<string, CatalogueEntry>,
  today: string = isoToday()
): { code: string; sunset: string }[] {
  return [...before]
    .filter(([code, old]) => !after.has(code) && removalBreak(old, today) === undefined)
    .map(([code, old]) => ({ code, sunset: old.deprecated!.sunset! }))
}

/**
 * Why removing this code breaks clients, or undefined when it may go: only a deprecated code
 * whose sunset has come. A deprecation without a sunset gave clients no date to move by, so
 * its removal still breaks them.
 */
function removalBreak(old: CatalogueEntry, today: string): string | undefined {
  const deprecated = old.deprecated
  if (deprecated === undefined) return `code removed without being deprecated first (was ${old.status})`
  const use = deprecated.use === undefined ? '' : `, use ${deprecated.use}`
  if (deprecated.sunset === undefined) return `code removed, deprecated but without a sunset date (was ${old.status}${use})`
  if (deprecated.sunset > today) return `code removed before its sunset ${deprecated.sunset} (was ${old.status}${use})`
  return undefined
}

/** Today as an ISO date (UTC), the form of `deprecated.sunset`. */
function isoToday(): string {
  return new Date().toISOString().slice(0, 10)
}

function paramsOf(entry: CatalogueEntry): Map<string, readonly string[]> {
  return new Map(entryPlaceholders(entry).map(name => [name, PARAM_VALUES[entry.params?.[name] ?? 'undeclared']]))
}

function paramBreaks(old: CatalogueEntry, current: CatalogueEntry): string[] {
  const before = paramsOf(old)
  const after = paramsOf(current)
  const removed = [...before.keys()].filter(name => !after.has(name))
  const added = [...after.keys()].filter(name => !before.has(name))
  const out =
    removed.length === 1 && added.length === 1
      ? [`parameter {${removed[0]}} renamed to {${added[0]}}`]
      : removed.map(name => `parameter {${name}} removed`)
  for (const [name, values] of after) {
    const was = before.get(name)
    // Clients read params: a type that can now carry values it could not before breaks them.
    if (was !== undefined && values.some(value => !was.includes(value))) {
      out.push(`parameter {${name}} type changed from ${paramType(old, name)} to ${paramType(current, name)}`)
    }
  }
  return out
}

function paramType(entry: CatalogueEntry, name: string): string {
  return entry.params?.[name] ?? 'string | number'
}

type Schema = Record<string, unknown>

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The alternatives of a union (`anyOf`/`oneOf`), or the schema itself. */
function alternatives(schema: Schema): Schema[] {
  const union = schema.anyOf ?? schema.oneOf
  return Array.isArray(union) ? union.filter(isSchema) : [schema]
}

/** JSON types a schema allows (`number` includes `integer`); undefined when it does not say. */
function typesOf(schema: Schema): Set<string> | undefined {
  if (schema.type === undefined) return undefined
  const types = new Set(Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string])
  if (types.has('number')) types.add('integer')
  return types
}

/** The values an `enum` or `const` allows; undefined when it has neither. */
function valuesOf(schema: Schema): unknown[] | undefined {
  if (Array.isArray(schema.enum)) return schema.enum
  return 'const' in schema ? [schema.const] : undefined
}

function show(values: Iterable<unknown>): string {
  return [...values].map(value => JSON.stringify(value)).join(', ')
}

/**
 * Where `after` no longer accepts what `before` accepted, one message per place. Conservative
 * and structural: it compares keywords, it does not decide schema inclusion in general.
 */
export function schemaBreaks(before: unknown, after: unknown, path: string): string[] {
  if (!isSchema(before) || !isSchema(after)) return []
  const oldAlternatives = alternatives(before)
  const newAlternatives = alternatives(after)
  if (oldAlternatives.length > 1 || newAlternatives.length > 1) {
    // Each old alternative must still fit one of the new ones; report the closest miss.
    return oldAlternatives.flatMap(alternative => {
      const misses = newAlternatives.map(candidate => schemaBreaks(alternative, candidate, path))
      return misses.some(miss => miss.length === 0) ? [] : misses.sort((a, b) => a.length - b.length)[0]!
    })
  }
  const out: string[] = []
  const oldTypes = typesOf(before)
  const newTypes = typesOf(after)
  if (newTypes !== undefined && (oldTypes === undefined || [...oldTypes].some(type => !newTypes.has(type)))) {
    out.push(`${path}: type narrowed from ${oldTypes === undefined ? 'any' : [...oldTypes].join(' | ')} to ${[...newTypes].join(' | ')}`)
  }
  const oldValues = valuesOf(before)
  const newValues = valuesOf(after)
  if (newValues !== undefined) {
    const kept = new Set(newValues.map(value => JSON.stringify(value)))
    const lost = oldValues?.filter(value => !kept.has(JSON.stringify(value)))
    if (lost === undefined) out.push(`${path}: now restricted to ${show(newValues)}`)
    else if (lost.length > 0) out.push(`${path}: no longer accepts ${show(lost)}`)
  }
  for (const key of LOWER_BOUNDS) {
    const was = before[key]
    const is = after[key]
    if (typeof is === 'number' && !(typeof was === 'number' && was >= is)) out.push(`${path}: ${key} raised from ${was ?? 'none'} to ${is}`)
  }
  for (const key of UPPER_BOUNDS) {
    const was = before[key]
    const is = after[key]
    if (typeof is === 'number' && !(typeof was === 'number' && was <= is)) out.push(`${path}: ${key} lowered from ${was ?? 'none'} to ${is}`)
  }
  for (const key of EXACT_KEYWORDS) {
    if (after[key] !== undefined && after[key] !== before[key]) out.push(`${path}: ${key} is now ${JSON.stringify(after[key])}`)
  }
  const oldProperties = (isSchema(before.properties) ? before.properties : {}) as Schema
  const newProperties = (isSchema(after.properties) ? after.properties : {}) as Schema
  for (const [name, schema] of Object.entries(oldProperties)) {
    if (!Object.hasOwn(newProperties, name)) out.push(`${path}.${name}: property removed`)
    else out.push(...schemaBreaks(schema, newProperties[name], `${path}.${name}`))
  }
  const required = new Set(Array.isArray(before.required) ? before.required : [])
  for (const name of Array.isArray(after.required) ? after.required : []) {
    if (!required.has(name)) out.push(`${path}.${String(name)}: now required`)
  }
  if (after.additionalProperties === false && before.additionalProperties !== false) {
    out.push(`${path}: no longer accepts additional properties`)
  }
  if (before.items !== undefined || after.items !== undefined) {
    out.push(...schemaBreaks(before.items ?? {}, after.items ?? {}, `${path}[]`))
  }
  return out
}
