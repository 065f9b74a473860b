/**
 * Checks parsed catalogues: the JSON Schema first (with Ajv, which Fastify installs anyway), then what a schema cannot say
 * (code names, placeholders against declared parameters, header names). Every problem
 * is collected with its file, code, line and column before anything fails, so a bad
 * catalogue is reported whole and never half-loaded.
 * @module
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import { pointerKeys } from '../json-pointer.js'
import {
  CODE_PATTERN,
  CONDITION_KEY,
  CatalogueEntrySchema,
  ConditionTextSchema,
  ENTRY_KEYS,
  FRAMING_HEADERS,
  MAX_MAP_MEMBERS,
  MAX_WHEN_ITEMS,
  HEADER_NAME,
  LOCALE_PATTERN,
  LOG_LEVELS,
  PARAM_TYPES,
  TEXT_FIELDS,
  type CatalogueEntry,
  type CatalogueEntryInput,
  type ConditionTexts,
  type Deprecation
} from './catalogue-schema.js'
import { FST_CATALOGUE_INVALID } from '../errors.js'
import type { Problem, SourceDocument } from './read.js'
import { entryPlaceholders, placeholdersOf } from './template.js'
import { CONDITION_NAMES, VALIDATION_CONDITIONS, type NamedCondition } from './conditions.js'

/** An entry that passed every check, with where it came from. */
export interface ValidatedEntry {
  readonly code: string
  readonly entry: CatalogueEntry
  readonly file: string
  /** From the built-in catalogue (and not replaced by one of yours). */
  readonly builtin: boolean
  /** The conditions of the built-in this entry replaced (same code, or the same apart from case). */
  readonly inherited?: readonly string[]
}

/**
 * The line where an entry's code is written, for a problem found after validation (binding,
 * `deprecated.use`). Worked out only when a problem asks: looking up every entry's line is
 * what a load would otherwise pay for 10,000 codes that have none.
 */
export type LineOf = (entry: { readonly code: string; readonly file: string }) => number | undefined

/** Keys allowed at the top of a file besides codes: `$schema`, for editors. */
const META_KEYS = new Set(['$schema'])
/** Placeholder names that would read from an object's prototype instead of its own keys. */
const UNSAFE_NAMES = new Set(['__proto__', 'constructor', 'prototype'])

export interface ValidateOptions {
  /** The locale whose text every translated field must have. Default: `'en'`. */
  defaultLocale?: string
}

/** What one document's validation found: at most MAX_LISTED_PROBLEMS in full, the rest counted. */
export interface DocumentProblems {
  entries: ValidatedEntry[]
  problems: Problem[]
  /** Problems past the listed ones: each entry checked after the list filled counts once. */
  unlisted: number
}

export function validateDocument(doc: SourceDocument, options: ValidateOptions = {}): DocumentProblems {
  const defaultLocale = options.defaultLocale ?? 'en'
  const problems: Problem[] = [...doc.problems]
  const entries: ValidatedEntry[] = []
  const result = { entries, problems, unlisted: 0 }
  if (problems.length > 0) return result

  const value = doc.value
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    problems.push({ file: doc.file, message: 'a catalogue must be a mapping of error codes to entries' })
    return result
  }
  for (const code in value) {
    if (!Object.hasOwn(value, code) || META_KEYS.has(code)) continue
    const entry = (value as Record<string, unknown>)[code]
    // Once the list is full the catalogue fails anyway: the rest is only counted, one per bad entry, at the cost of a compiled check.
    if (problems.length >= MAX_LISTED_PROBLEMS) {
      if (!isValidEntry(code, entry, defaultLocale)) result.unlisted++
      continue
    }
    const found = entryProblems(code, entry, defaultLocale, MAX_LISTED_PROBLEMS - problems.length)
    for (const problem of found.listed) problems.push({ file: doc.file, code, ...doc.locate([code, ...problem.path]), message: problem.message })
    if (found.more) result.unlisted++
    if (found.entry !== undefined) entries.push({ code, entry: found.entry, file: doc.file, builtin: doc.builtin === true })
  }
  return result
}

interface FoundProblems {
  /** At most `room` problems, in full. */
  listed: EntryProblem[]
  /** Whether the entry has problems past `room`. */
  more: boolean
  /** The normalized entry, when it has no problem. */
  entry?: CatalogueEntry
}

/** The problems of one entry, at most `room` of them in full (messages, suggestions); checking stops past them. */
function entryProblems(code: string, entry: unknown, defaultLocale: string, room: number): FoundProblems {
  const listed: EntryProblem[] = []
  const add = (path: string[], message: () => string): boolean => {
    if (listed.length >= room) return false
    listed.push({ path, message: message() })
    return true
  }
  const over = () => ({ listed, more: true })
  // The caller leaves room for at least one problem: the code's always fits.
  if (!CODE_PATTERN.test(code)) add([], () => `code "${shorten(code)}" must be snake_case or UPPER_SNAKE_CASE`)
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
    return add([], () => 'an entry must be a mapping with at least status and message') ? { listed, more: false } : over()
  }
  const before = listed.length
  if (!schemaProblems(entry, add, room - listed.length)) return over()
  if (listed.length > before) return { listed, more: false }
  const normalized = normalize(entry as CatalogueEntryInput, defaultLocale, listed)
  if (listed.length === 0) ruleProblems(code, normalized, listed)
  // Rule problems are bounded by the entry's sizes, which the schema capped.
  if (listed.length > room) return { listed: listed.slice(0, room), more: true }
  return listed.length > 0 ? { listed, more: false } : { listed, more: false, entry: normalized }
}

/** Whether an entry has no problem at all: what the count past the listed problems asks, with no message built. */
function isValidEntry(code: string, entry: unknown, defaultLocale: string): boolean {
  if (!CODE_PATTERN.test(code) || entry === null || typeof entry !== 'object' || Array.isArray(entry)) return false
  for (const key in entry) {
    if (Object.hasOwn(entry, key) && (!ENTRY_KEY_SET.has(key) || oversized(key, (entry as Record<string, unknown>)[key]) !== undefined)) return false
  }
  if (!compiledEntryCheck()(entry)) return false
  const problems: EntryProblem[] = []
  ruleProblems(code, normalize(entry as CatalogueEntryInput, defaultLocale, problems), problems)
  return problems.length === 0
}

/**
 * Validates every document and merges them in order: a later entry with the same code
 * replaces an earlier one, and a user entry replaces the built-in with the same code apart
 * from case (`RATE_LIMIT_EXCEEDED` replaces `rate_limit_exceeded`), taking over its conditions.
 * Returns the merged entries and every problem found.
 */
export function mergeCatalogues(
  docs: readonly SourceDocument[],
  options: ValidateOptions = {}
): { entries: Map<string, ValidatedEntry>; problems: Problem[]; unlisted: number; lineOf: LineOf } {
  const merged = new Map<string, ValidatedEntry>()
  // Held only while the contract is made: an entry keeps its file's name, never the parsed document.
  const byFile = new Map(docs.map(doc => [doc.file, doc]))
  const lineOf: LineOf = ({ code, file }) => byFile.get(file)?.locate([code])?.line
  const builtinByLowerCode = new Map<string, ValidatedEntry>()
  const problems: Problem[] = []
  let unlisted = 0
  for (const doc of docs) {
    const result = validateDocument(doc, options)
    for (const problem of result.problems) problems.push(problem)
    unlisted += result.unlisted
    for (const entry of result.entries) {
      if (entry.builtin) {
        builtinByLowerCode.set(entry.code.toLowerCase(), entry)
        merged.set(entry.code, entry)
        continue
      }
      const replaced = builtinByLowerCode.get(entry.code.toLowerCase())
      if (replaced !== undefined && merged.get(replaced.code) === replaced) {
        merged.delete(replaced.code)
        merged.set(entry.code, { ...entry, inherited: replaced.entry.when ?? [] })
      } else {
        // A later file may replace an entry that itself replaced a built-in: the conditions stay with the code.
        const earlier = merged.get(entry.code)
        merged.set(entry.code, earlier?.inherited === undefined ? entry : { ...entry, inherited: earlier.inherited })
      }
    }
  }
  for (const problem of replacementProblems(merged, lineOf)) problems.push(problem)
  return { entries: merged, problems, unlisted, lineOf }
}

/**
 * Throws one FST_CATALOGUE_INVALID listing the first MAX_LISTED_PROBLEMS problems and counting
 * the rest (those past the list, and `counted`, found past it without being listed), when there is any.
 */
export function throwProblems(problems: readonly Problem[], counted = 0): void {
  if (problems.length === 0) return
  const listed = problems.slice(0, MAX_LISTED_PROBLEMS)
  const unlisted = problems.length - listed.length + counted
  const more = unlisted === 0 ? '' : `\n  … and ${unlisted} more`
  throw Object.assign(new FST_CATALOGUE_INVALID(formatProblems(listed) + more), { problems: listed, unlisted })
}

/** {@link mergeCatalogues}, throwing when anything is wrong (the CLI and tests use it). */
export function validateCatalogues(docs: readonly SourceDocument[], options: ValidateOptions = {}): Map<string, ValidatedEntry> {
  const { entries, problems, unlisted } = mergeCatalogues(docs, options)
  throwProblems(problems, unlisted)
  return entries
}

/** Problems listed in FST_CATALOGUE_INVALID (and its `problems`); the rest are counted in `unlisted`. */
export const MAX_LISTED_PROBLEMS = 100

/** `file:line:col code: message`, one line per problem. */
export function formatProblems(problems: readonly Problem[]): string {
  return problems
    .map(p => {
      const where = p.line === undefined ? p.file : `${p.file}:${p.line}:${p.col}`
      return `  ${where}${p.code === undefined ? '' : ` ${shorten(p.code)}`}: ${p.message}`
    })
    .join('\n')
}

interface EntryProblem {
  path: string[]
  message: string
}

const ENTRY_KEY_SET: ReadonlySet<string> = new Set(ENTRY_KEYS)
/** The entry's maps whose size is capped (texts may be maps of locale to text). */
const MAP_KEYS: ReadonlySet<string> = new Set(['params', 'headers', ...TEXT_FIELDS])

/** The entry schema compiled once, on first use; every error is collected, so an entry's problems are listed at once. */
let entryCheck: ValidateFunction | undefined

let conditionTextCheck: ValidateFunction | undefined

function compiledConditionTextCheck(): ValidateFunction {
  conditionTextCheck ??= new Ajv({ strict: false }).compile(ConditionTextSchema)
  return conditionTextCheck
}

function compiledEntryCheck(): ValidateFunction {
  // Strict mode off: the schema's `description`s and unions are meant for editors as much as for Ajv.
  entryCheck ??= new Ajv({ allErrors: true, strict: false }).compile(CatalogueEntrySchema)
  return entryCheck
}

/**
 * Adds the entry's schema problems through `add` until it refuses one (the list is full):
 * returns false then, true when every problem was added. Unknown keys and oversized lists are
 * found first, in one pass over the keys (a lookup or a length each), and left out of the
 * schema's checks, whose cost then has a bound whatever the entry holds: enumerating a map
 * (as the compiled check does, twice) is what a million members cost.
 */
function schemaProblems(entry: object, add: (path: string[], message: () => string) => boolean, room: number): boolean {
  // Keys left out of the schema's walk, reported after its problems (as the schema orders them: unknown keys last).
  const left: string[] = []
  for (const key in entry) {
    if (!Object.hasOwn(entry, key)) continue
    if (!ENTRY_KEY_SET.has(key) || oversized(key, (entry as Record<string, unknown>)[key]) !== undefined) {
      // More than the list can take: list what fits, and stop looking.
      if (left.push(key) > room) return addLeft(entry, left.slice(0, room), add) && false
    }
  }
  // The entry itself when every key is known and within bounds and it inherits no keys of its own kind (a parsed file's
  // entries, nearly always); else a copy of its own keys, without those left out: the schema's walk sees inherited keys too.
  const known = left.length === 0 && Object.getPrototypeOf(entry) === Object.prototype ? entry : withoutKeys(entry, left)
  const check = compiledEntryCheck()
  if (check(known) && left.length === 0) return true
  const seen = new Set<string>(left)
  for (const error of check.errors ?? []) {
    // A union that fails is one problem, reported where the union is (Ajv's `anyOf` error), not once per branch.
    if (error.schemaPath.includes('/anyOf/')) continue
    const path = errorPath(error)
    // `when` is a union (a list or a mapping): say once where and why it fails, not what each branch wanted.
    const place = path[0] === 'when' ? 'when' : path.join('/')
    // A field left out is reported below: not as missing too.
    if (seen.has(place)) continue
    seen.add(place)
    const problem = place === 'when' ? whenProblem((known as { when: unknown }).when) : { path, message: schemaMessage(error.keyword, path, valueAt(known, path)) }
    if (!add(problem.path, () => problem.message)) return false
  }
  return addLeft(entry, left, add)
}

function withoutKeys(entry: object, left: readonly string[]): Record<string, unknown> {
  const kept: Record<string, unknown> = {}
  for (const key in entry) if (Object.hasOwn(entry, key) && !left.includes(key)) kept[key] = (entry as Record<string, unknown>)[key]
  return kept
}

/** The problems of the keys left out of the schema's walk: unknown, or past their size cap. */
function addLeft(entry: object, keys: readonly string[], add: (path: string[], message: () => string) => boolean): boolean {
  for (const key of keys) {
    const value = (entry as Record<string, unknown>)[key]
    if (!add([key], () => oversized(key, value) ?? `unknown key "${shorten(key)}"${suggest(key, ENTRY_KEYS)}`)) return false
  }
  return true
}

/** The problem of a list or map past its size cap, found by its length alone; undefined when within it. */
function oversized(key: string, value: unknown): string | undefined {
  if (key === 'when' && Array.isArray(value)) {
    return value.length > MAX_WHEN_ITEMS ? `when lists ${value.length} conditions: at most ${MAX_WHEN_ITEMS}, each once` : undefined
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value) || !(MAP_KEYS.has(key) || key === 'when')) return undefined
  // `when`'s mapping form holds each condition at most once, like its list form.
  const max = key === 'when' ? MAX_WHEN_ITEMS : MAX_MAP_MEMBERS
  let members = 0
  for (const name in value) {
    if (Object.hasOwn(value, name) && ++members > max) return `${key} has more than ${max} members`
  }
  return undefined
}

/** Where an Ajv error is, as keys: a missing or unknown key is the key itself, not the object holding it. */
function errorPath(error: ErrorObject): string[] {
  const path = pointerKeys(error.instancePath)
  const params = error.params as { missingProperty?: string; additionalProperty?: string }
  if (error.keyword === 'required') path.push(params.missingProperty!)
  if (error.keyword === 'additionalProperties') path.push(params.additionalProperty!)
  return path
}

function valueAt(entry: object, path: readonly string[]): unknown {
  let value: unknown = entry
  for (const key of path) value = (value as Record<string, unknown> | undefined)?.[key]
  return value
}

/** The first thing wrong with a `when` that fails the schema, and where. */
function whenProblem(when: unknown): EntryProblem {
  const unknownCondition = (value: unknown) => `unknown condition ${describe(value)}${suggest(String(value), CONDITION_NAMES)} (see "Your own codes" in the README)`
  if (Array.isArray(when)) {
    const seen = new Set<unknown>()
    for (const [index, item] of when.entries()) {
      if (!isConditionName(item)) return { path: ['when', String(index)], message: unknownCondition(item) }
      if (seen.has(item)) return { path: ['when', String(index)], message: `"${item}" is listed twice in when: claim a condition once` }
      seen.add(item)
    }
    /* c8 ignore next -- a list of known conditions, each once, passes the schema */
  }
  if (typeof when === 'object' && when !== null && !Array.isArray(when)) {
    const entries = Object.entries(when)
    for (const [condition, text] of entries) {
      if (!isConditionName(condition)) return { path: ['when', condition], message: unknownCondition(condition) }
      if (!compiledConditionTextCheck()(text)) {
        return { path: ['when', condition], message: `when.${condition} must be its own message, { message, fix, validationItems } or null (the entry's own), got ${describe(text)}` }
      }
    }
    if (entries.length === 0) return { path: ['when'], message: 'when must name at least one condition' }
  }
  return { path: ['when'], message: `when must be a list of conditions or a mapping of condition to message, got ${describe(when)}` }
}

function isConditionName(value: unknown): boolean {
  return typeof value === 'string' && CONDITION_KEY.test(value)
}

function schemaMessage(keyword: string, path: string[], value: unknown): string {
  const [field, name] = path
  const got = describe(value)
  if (keyword === 'required') return `missing required "${field}"`
  if (field === 'deprecated') return deprecationMessage(name, got)
  // Unknown keys never get here: schemaProblems finds them by a lookup and leaves them out of the check.
  switch (field) {
    case 'fieldMessages':
      return name === undefined ? `fieldMessages must be a mapping of field to message, got ${got}` : `the message of field "${name}" must be a non-empty string, got ${got}`
    case 'status':
      return `status must be an integer from 400 to 599, got ${got}`
    case 'retryAfter':
      return `retryAfter must be a non-negative integer (seconds), got ${got}`
    case 'params':
      return name === undefined
        ? `params must be a mapping of placeholder to type, got ${got}`
        : `parameter "${name}" has unknown type ${got} (use ${PARAM_TYPES.join(', ')})`
    case 'headers':
      return name === undefined ? `headers must be a mapping of name to value, got ${got}` : `header "${name}" must be a string, got ${got}`
    case 'details':
      return `details must be a JSON Schema object, got ${got}`
    case 'log':
      return `log must be one of ${LOG_LEVELS.join(', ')}, got ${got}`
    case 'retryable':
      return `retryable must be true or false, got ${got}`
    case 'validationItems':
      return `validationItems must be true or false, got ${got}`
    case 'message':
    case 'fix':
    case 'title':
      return `${field} must be a non-empty string or a map of locale to text, got ${got}`
    default:
      return `${field} must be a string, got ${got}`
  }
}

/**
 * Texts written as maps of locale to text → the default locale's text in place, the others
 * in `translations`. Every locale must use the same placeholders as the default one.
 */
function normalize(input: CatalogueEntryInput, defaultLocale: string, problems: EntryProblem[]): CatalogueEntry {
  const entry = { ...input } as CatalogueEntry
  for (const field of TEXT_FIELDS) {
    const value = input[field]
    if (value === undefined || typeof value === 'string') continue
    const base = localizedText(value, [field], defaultLocale, problems, (locale, text) => {
      entry.translations ??= {}
      entry.translations[locale] = { ...entry.translations[locale], [field]: text }
    })
    if (base !== undefined) entry[field] = base
  }
  const when = input.when
  if (when !== undefined && !Array.isArray(when)) {
    entry.when = Object.keys(when)
    const texts: Record<string, ConditionTexts> = {}
    for (const [condition, given] of Object.entries(when)) {
      texts[condition] = conditionTexts(condition, given, defaultLocale, problems)
    }
    entry.conditionTexts = texts
  }
  return entry
}

type WhenText = Exclude<CatalogueEntryInput['when'], readonly unknown[] | undefined>[string]

/** One condition's texts in `when`: a message, `{ message, fix, validationItems }`, or null (none of its own). */
function conditionTexts(condition: string, given: WhenText, defaultLocale: string, problems: EntryProblem[]): ConditionTexts {
  // Null: the entry's own texts, and no falling back to a more general condition's.
  if (given === null) return {}
  if (typeof given === 'string') return { message: given }
  const own: ConditionTexts = {}
  for (const field of ['message', 'fix'] as const) {
    const value = given[field]
    if (value === undefined) continue
    const base = typeof value === 'string'
      ? value
      : localizedText(value, ['when', condition, field], defaultLocale, problems, (locale, text) => {
        own.translations ??= {}
        own.translations[locale] = { ...own.translations[locale], [field]: text }
      })
    if (base !== undefined) own[field] = base
  }
  if (given.validationItems !== undefined) own.validationItems = given.validationItems
  return own
}

/**
 * A text written as a map of locale to text → the default locale's text, each other locale
 * passed to `translation`. Every locale must use the same placeholders as the default one.
 */
function localizedText(
  texts: Readonly<Record<string, string>>,
  path: readonly string[],
  defaultLocale: string,
  problems: EntryProblem[],
  translation: (locale: string, text: string) => void
): string | undefined {
  const field = path.join('.')
  if (!Object.hasOwn(texts, defaultLocale)) {
    problems.push({ path: [...path], message: `${field} has no "${defaultLocale}" text (the default locale)` })
    return undefined
  }
  const base = texts[defaultLocale]!
  const expected = placeholdersOf(base).sort().join(', ')
  for (const [locale, text] of Object.entries(texts)) {
    if (locale === defaultLocale) continue
    if (!LOCALE_PATTERN.test(locale)) {
      problems.push({ path: [...path, locale], message: `"${locale}" is not a language tag (en, de, pt-BR…)` })
      continue
    }
    const found = placeholdersOf(text).sort().join(', ')
    if (found !== expected) {
      problems.push({
        path: [...path, locale],
        message: `${field} in "${locale}" has placeholders {${found}} but "${defaultLocale}" has {${expected}}`
      })
    }
    translation(locale, text)
  }
  return base
}

function ruleProblems(code: string, entry: CatalogueEntry, out: EntryProblem[]): void {
  if (entry.deprecated !== undefined) out.push(...deprecationProblems(code, entry.deprecated))
  const used = new Set(entryPlaceholders(entry))
  for (const name of used) {
    if (UNSAFE_NAMES.has(name)) out.push({ path: ['message'], message: `placeholder {${name}} is a reserved name` })
  }
  for (const [condition, texts] of Object.entries(entry.conditionTexts ?? {})) {
    for (const name of entryPlaceholders({ message: texts.message ?? '', fix: texts.fix })) {
      if (UNSAFE_NAMES.has(name)) out.push({ path: ['when', condition], message: `placeholder {${name}} is a reserved name` })
    }
    if (texts.validationItems !== undefined && !VALIDATION_CONDITIONS.includes(condition as NamedCondition)) {
      out.push({ path: ['when', condition], message: `validationItems applies to the validation conditions (${VALIDATION_CONDITIONS.join(', ')}), not to "${condition}"` })
    }
  }
  for (const name of Object.keys(entry.params ?? {})) {
    if (!used.has(name)) out.push({ path: ['params', name], message: `parameter "${name}" is declared but no {${name}} placeholder uses it` })
  }
  for (const name of Object.keys(entry.headers ?? {})) {
    if (!HEADER_NAME.test(name)) out.push({ path: ['headers', name], message: `"${name}" is not a valid header name` })
    else if (name.toLowerCase() === 'retry-after') {
      out.push({ path: ['headers', name], message: `header "${name}" is set by the plugin (use retryAfter for Retry-After)` })
    } else if (FRAMING_HEADERS.has(name.toLowerCase())) {
      out.push({ path: ['headers', name], message: `header "${name}" frames the response: the plugin and the server set it` })
    }
  }
}

function deprecationMessage(key: string | undefined, got: string): string {
  switch (key) {
    case undefined:
      return `deprecated must be a mapping of use, since, sunset and reason, got ${got}`
    case 'since':
    case 'sunset':
      return `deprecated.${key} must be an ISO date (YYYY-MM-DD), got ${got}`
    case 'use':
      return `deprecated.use must be an error code, got ${got}`
    case 'reason':
      return `deprecated.reason must be a non-empty string, got ${got}`
    default:
      return `unknown key "deprecated.${shorten(key)}"${suggest(key, DEPRECATION_KEYS)}`
  }
}

const DEPRECATION_KEYS = ['use', 'since', 'sunset', 'reason']

/** A deprecation's dates must be days of the calendar, and its sunset not before its start. */
function deprecationProblems(code: string, deprecated: Deprecation): EntryProblem[] {
  const out: EntryProblem[] = []
  for (const key of ['since', 'sunset'] as const) {
    const date = deprecated[key]
    if (date !== undefined && !isCalendarDate(date)) out.push({ path: ['deprecated', key], message: `deprecated.${key} "${date}" is not a day of the calendar` })
  }
  if (out.length === 0 && deprecated.since !== undefined && deprecated.sunset !== undefined && deprecated.sunset < deprecated.since) {
    out.push({ path: ['deprecated', 'sunset'], message: `deprecated.sunset ${deprecated.sunset} is before deprecated.since ${deprecated.since}` })
  }
  if (deprecated.use === code) out.push({ path: ['deprecated', 'use'], message: 'deprecated.use names the code itself' })
  return out
}

/** `2026-02-30` has the form of a date but is none: the round trip through Date says so. */
function isCalendarDate(date: string): boolean {
  const parsed = new Date(`${date}T00:00:00Z`)
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === date
}

/** Every `deprecated.use` must name a code of the merged catalogue. */
function replacementProblems(entries: ReadonlyMap<string, ValidatedEntry>, lineOf: LineOf): Problem[] {
  const problems: Problem[] = []
  for (const { code, entry, file } of entries.values()) {
    const use = entry.deprecated?.use
    if (use === undefined || entries.has(use)) continue
    problems.push({ file, code, line: lineOf({ code, file }), message: `deprecated.use names "${use}", which is not a code of the catalogue${suggest(use, [...entries.keys()])}` })
  }
  return problems
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing'
  return shorten(preview(value, SHOWN + 1))
}

/** Characters of a name or value that messages show. */
const SHOWN = 40

/**
 * A value as JSON, cut once it passes `budget` characters: a 1M-item list costs what its
 * first items cost, never a whole `JSON.stringify`.
 */
function preview(value: unknown, budget: number): string {
  if (typeof value === 'string') return JSON.stringify(value.length > budget ? value.slice(0, budget) : value)
  if (typeof value === 'bigint') return `${value}`
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? String(value)
  const list = Array.isArray(value)
  let text = list ? '[' : '{'
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue
    if (text.length > budget) return text
    const member = preview((value as Record<string, unknown>)[key], budget - text.length)
    text += `${text.length > 1 ? ',' : ''}${list ? '' : `${JSON.stringify(key)}:`}${member}`
  }
  return text + (list ? ']' : '}')
}

/** A name or value as messages show it: at most 40 characters. */
function shorten(text: string): string {
  return text.length > SHOWN ? `${text.slice(0, SHOWN - 1)}…` : text
}

function suggest(word: string, candidates: readonly string[]): string {
  const guess = closest(word, candidates)
  return guess === undefined ? '' : ` (did you mean "${guess}"?)`
}

/** The known key within edit distance 2 of a typo, if any. */
function closest(word: string, candidates: readonly string[]): string | undefined {
  // The distance is at least the difference in length: a long word is matched by nothing, unsearched.
  if (word.length > Math.max(...candidates.map(candidate => candidate.length)) + 2) return undefined
  let best: string | undefined
  let bestDistance = 3
  for (const candidate of candidates) {
    const d = distance(word.toLowerCase(), candidate.toLowerCase())
    if (d < bestDistance) {
      best = candidate
      bestDistance = d
    }
  }
  return best
}

/** Damerau–Levenshtein (optimal string alignment), so a swap like stauts → status costs 1. */
function distance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)])
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1)
      rows[i]![j] = d
    }
  }
  return rows[a.length]![b.length]!
}
