/**
 * Checks parsed catalogues: the TypeBox schema first, then what a schema cannot say
 * (code names, placeholders against declared parameters, header names). Every problem
 * is collected with its file, code, line and column before anything fails, so a bad
 * catalogue is reported whole and never half-loaded.
 * @module
 */
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler'
import { Value, ValueErrorType } from '@sinclair/typebox/value'
import {
  CODE_PATTERN,
  CONDITION_KEY,
  CatalogueEntrySchema,
  ConditionTextSchema,
  ENTRY_KEYS,
  HEADER_NAME,
  LOCALE_PATTERN,
  LOG_LEVELS,
  PARAM_TYPES,
  TEXT_FIELDS,
  type CatalogueEntry,
  type CatalogueEntryInput,
  type ConditionTexts
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
  readonly line: number | undefined
  /** From the built-in catalogue (and not replaced by one of yours). */
  readonly builtin: boolean
  /** The conditions of the built-in this entry replaced (same code, or the same apart from case). */
  readonly inherited?: readonly string[]
}

/** Keys allowed at the top of a file besides codes: `$schema`, for editors. */
const META_KEYS = new Set(['$schema'])
/** Placeholder names that would read from an object's prototype instead of its own keys. */
const UNSAFE_NAMES = new Set(['__proto__', 'constructor', 'prototype'])
/** Headers the plugin itself owns; a catalogue setting them would contradict the body. */
const RESERVED_HEADERS = new Set(['content-type', 'content-length', 'retry-after'])

export interface ValidateOptions {
  /** The locale whose text every translated field must have. Default: `'en'`. */
  defaultLocale?: string
}

export function validateDocument(doc: SourceDocument, options: ValidateOptions = {}): { entries: ValidatedEntry[]; problems: Problem[] } {
  const defaultLocale = options.defaultLocale ?? 'en'
  const problems: Problem[] = [...doc.problems]
  const entries: ValidatedEntry[] = []
  if (problems.length > 0) return { entries, problems }

  const value = doc.value
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    problems.push({ file: doc.file, message: 'a catalogue must be a mapping of error codes to entries' })
    return { entries, problems }
  }
  for (const [code, entry] of Object.entries(value)) {
    if (META_KEYS.has(code)) continue
    // Problems past the listed ones are only counted: they need no position.
    const at = (path: string[] = []) =>
      problems.length < MAX_LISTED_PROBLEMS ? { file: doc.file, code, ...doc.locate([code, ...path]) } : { file: doc.file, code }
    const before = problems.length
    if (!CODE_PATTERN.test(code)) {
      problems.push({ ...at(), message: `code "${shorten(code)}" must be snake_case or UPPER_SNAKE_CASE` })
    }
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      problems.push({ ...at(), message: 'an entry must be a mapping with at least status and message' })
      continue
    }
    for (const problem of schemaProblems(entry)) problems.push({ ...at(problem.path), message: problem.message })
    if (problems.length > before) continue
    const entryProblems: EntryProblem[] = []
    const normalized = normalize(entry as CatalogueEntryInput, defaultLocale, entryProblems)
    if (entryProblems.length === 0) entryProblems.push(...ruleProblems(normalized))
    for (const problem of entryProblems) problems.push({ ...at(problem.path), message: problem.message })
    if (entryProblems.length === 0) {
      entries.push({ code, entry: normalized, file: doc.file, line: doc.locate([code])?.line, builtin: doc.builtin === true })
    }
  }
  return { entries, problems }
}

/**
 * Validates every document and merges them in order: a later entry with the same code
 * replaces an earlier one, and a user entry replaces the built-in with the same code apart
 * from case (`RATE_LIMIT_EXCEEDED` replaces `rate_limit_exceeded`), taking over its conditions.
 * Returns the merged entries and every problem found.
 */
export function mergeCatalogues(docs: readonly SourceDocument[], options: ValidateOptions = {}): { entries: Map<string, ValidatedEntry>; problems: Problem[] } {
  const merged = new Map<string, ValidatedEntry>()
  const builtinByLowerCode = new Map<string, ValidatedEntry>()
  const problems: Problem[] = []
  for (const doc of docs) {
    const result = validateDocument(doc, options)
    for (const problem of result.problems) problems.push(problem)
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
  return { entries: merged, problems }
}

/** Throws one FST_CATALOGUE_INVALID listing the first MAX_LISTED_PROBLEMS problems and counting the rest, when there is any. */
export function throwProblems(problems: readonly Problem[]): void {
  if (problems.length === 0) return
  const listed = problems.slice(0, MAX_LISTED_PROBLEMS)
  const unlisted = problems.length - listed.length
  const more = unlisted === 0 ? '' : `\n  … and ${unlisted} more`
  throw Object.assign(new FST_CATALOGUE_INVALID(formatProblems(listed) + more), { problems: listed, unlisted })
}

/** {@link mergeCatalogues}, throwing when anything is wrong (the CLI and tests use it). */
export function validateCatalogues(docs: readonly SourceDocument[], options: ValidateOptions = {}): Map<string, ValidatedEntry> {
  const { entries, problems } = mergeCatalogues(docs, options)
  throwProblems(problems)
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

/** The entry schema compiled once, on first use: checking 10,000 valid entries is then ~5× cheaper. */
let entryCheck: TypeCheck<typeof CatalogueEntrySchema> | undefined

function schemaProblems(entry: object): EntryProblem[] {
  // Fast path for the common case; the error walk below runs only for an invalid entry.
  entryCheck ??= TypeCompiler.Compile(CatalogueEntrySchema)
  if (entryCheck.Check(entry)) return []
  const seen = new Set<string>()
  const out: EntryProblem[] = []
  for (const error of Value.Errors(CatalogueEntrySchema, entry)) {
    if (seen.has(error.path)) continue
    seen.add(error.path)
    const path = error.path.split('/').slice(1)
    // `when` is a union (a list or a mapping): the schema says only that it fails, so say where and why.
    if (path[0] !== 'when') out.push({ path, message: schemaMessage(error.type, path, error.value) })
    else if (!seen.has('when')) {
      seen.add('when')
      out.push(whenProblem((entry as { when: unknown }).when))
    }
  }
  return out
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
      if (!Value.Check(ConditionTextSchema, text)) {
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

function schemaMessage(type: ValueErrorType, path: string[], value: unknown): string {
  const [field, name] = path
  const got = describe(value)
  if (type === ValueErrorType.ObjectRequiredProperty) return `missing required "${field}"`
  if (type === ValueErrorType.ObjectAdditionalProperties || !ENTRY_KEYS.includes(field!)) {
    return `unknown key "${shorten(field!)}"${suggest(field!, ENTRY_KEYS)}`
  }
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

function ruleProblems(entry: CatalogueEntry): EntryProblem[] {
  const out: EntryProblem[] = []
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
    else if (RESERVED_HEADERS.has(name.toLowerCase())) {
      out.push({ path: ['headers', name], message: `header "${name}" is set by the plugin (use retryAfter for Retry-After)` })
    }
  }
  return out
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing'
  return shorten(JSON.stringify(value) ?? String(value))
}

/** A name or value as messages show it: at most 40 characters. */
function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 39)}…` : text
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
