/**
 * Validated entries → compiled entries: templates, headers and the body serializer are
 * built once here, so a request only looks up and sends.
 * @module
 */
import { STATUS_CODES } from 'node:http'
import type { CatalogueEntry, ConditionTexts, Translation } from './catalogue-schema.js'
import type { AnswerShape } from '../formats/index.js'
import { compileHeaderTemplate, compileTemplate, entryPlaceholders, ownValue, paramValue, type Template } from './template.js'
import { createNegotiator } from './locale.js'
import type { OnFail } from '../types.js'
import type { ErrorView, LogLevelName, ParamValue } from '../types.js'
import type { ValidatedEntry } from './validate.js'
import { ownTextsFor, type BindingKey, type Bindings } from './bind.js'
import { VALIDATION_CONDITIONS, conditionInfo, statusCondition, type Condition } from './conditions.js'

/** The texts of an entry in one locale, and the body serializer that bakes in its title. */
export interface LocalizedEntry {
  /** The locale of these texts, sent as Content-Language when the catalogue is translated. */
  readonly locale: string
  readonly title: string
  readonly message: Template
  readonly fix: Template | undefined
  readonly serialize: (view: ErrorView) => string
}

export interface CompiledEntry extends LocalizedEntry {
  readonly code: string
  readonly status: number
  /** Other locales' texts, by locale as written; undefined when the entry is not translated. */
  readonly translations: ReadonlyMap<string, LocalizedEntry> | undefined
  readonly placeholders: readonly string[]
  /** Bodies carry `params`: the entry has placeholders and `includeParams` is on. */
  readonly sendsParams: boolean
  readonly retryAfter: number | undefined
  readonly retryable: boolean
  readonly logLevel: LogLevelName
  /** Catalogue headers, values already made safe; a function when they use placeholders. */
  readonly headers: readonly (readonly [string, Template])[]
  /**
   * Bound to a validation condition and sending items (`includeValidationItems`, the entry's or the
   * condition's `validationItems`): schema failures carry their items, and items passed as `details` go there too.
   */
  readonly carriesValidation: boolean
  /** Bound to a validation condition, items sent or not: with items off, its answers carry no details at all. */
  readonly answersValidation: boolean
  /** The catalogue's messages for failing fields (`fieldMessages`), by field. */
  readonly fieldMessages: ReadonlyMap<string, string> | undefined
  /** The entry as written, and where (for documentation and the CLI). */
  readonly source: ValidatedEntry | undefined
}

export interface CompileSettings {
  /** Every option that shapes an answer: carried whole by the contract, never copied field by field. */
  readonly shape: AnswerShape
  readonly clientErrorLevel: LogLevelName
  readonly serverErrorLevel: LogLevelName
  readonly onFail?: OnFail | undefined
}

/** The entries of a catalogue by code: what the handlers, the API and the docs read. */
export interface CompiledEntries {
  get(code: string): CompiledEntry | undefined
  has(code: string): boolean
  keys(): MapIterator<string>
  /** Every entry, in catalogue order. */
  values(): MapIterator<CompiledEntry>
  readonly size: number
}

/**
 * The contract: the compiled catalogue and every option that shapes an answer, made once at
 * registration (and by the CLI, through the same function: load/contract.ts). The handlers, the
 * reference, the OpenAPI schemas and the CLI read it and nothing else.
 */
export interface CompiledCatalogue {
  readonly entries: CompiledEntries
  /** The options that shape every answer, as resolved: format, include*, builtins, the limiter, the type base. */
  readonly shape: AnswerShape
  /** The answer to `unexpected-error`: what a failure without a usable status gets. */
  readonly internal: CompiledEntry
  /**
   * What clients get when building an answer itself failed (a custom format threw): the
   * internal code in a fixed nested body that cannot fail, whatever the format.
   */
  readonly safeAnswer: { readonly code: string; readonly body: string }
  readonly onFail: OnFail | undefined
  /** Codes whose catalogue `title` is not sent: problem bodies with `about:blank` carry the status phrase. */
  readonly ignoredTitles: readonly string[]
  /** Picks the locale for an Accept-Language header; undefined when no entry is translated (no negotiation at all). */
  readonly negotiate: ((acceptLanguage: string | undefined) => string) | undefined
  /** The entry that answers a condition the plugin meets by itself (bound at registration, see load/bind.ts). */
  answer(condition: BindingKey): CompiledEntry
  /** The same, or undefined for a condition nothing answers (the limiter's, when `rateLimit` is off). */
  bound(condition: BindingKey): CompiledEntry | undefined
  /** The answers of a code compiled with a condition's own texts (`when: { condition: message }`); empty for most codes. */
  variantsOf(code: string): readonly CompiledEntry[]
  /** The conditions a code answers (empty for a code the plugin never sends by itself). */
  conditionsOf(code: string): readonly Condition[]
  /** The answer to a thrown error carrying this status (`status-NNN`); callers clamp it to 400-599 first. */
  forStatus(status: number): CompiledEntry
}

export function compileCatalogue(
  validated: ReadonlyMap<string, ValidatedEntry>,
  bindings: Bindings,
  settings: CompileSettings
): CompiledCatalogue {
  const validation = new Set<string>()
  for (const [key, code] of bindings.codes) {
    if (VALIDATION_KEYS.some(prefix => key === prefix || key.startsWith(`${prefix}/`))) validation.add(code)
  }
  const entries = new LazyEntries(validated, (code, written) => {
    const source = validation.has(code) ? withValidationMember(written, settings.shape.format.validationMember) : written
    return compileEntry(code, source.entry, source, settings, { answers: validation.has(code), items: sendsItems(written.entry, settings.shape) })
  })
  // A translated title needs one in the default locale (validate.ts), so `title` tells them all.
  const ignoredTitles = aboutBlank(settings) ? [...validated].filter(([, source]) => source.entry.title !== undefined).map(([code]) => code) : []
  const defaultLocale = settings.shape.defaultLocale
  const locales = new Set<string>()
  for (const { entry } of validated.values()) for (const locale of Object.keys(entry.translations ?? {})) locales.add(locale)

  const answers = new Map<BindingKey, CompiledEntry>()
  // A condition with texts of its own (`when: { invalid-json: "…" }`) answers with the entry compiled with them; one per texts.
  const variants = new Map<ConditionTexts, CompiledEntry>()
  for (const [key, code] of bindings.codes) {
    const source = validated.get(code)
    const own = source === undefined ? undefined : ownTextsFor(source.entry, key)
    if (own !== undefined) {
      let variant = variants.get(own)
      if (variant === undefined) {
        const items = own.validationItems !== false && sendsItems(source!.entry, settings.shape)
        variant = compileEntry(code, withOwnTexts(source!.entry, own), source, settings, { answers: validation.has(code), items })
        variants.set(own, variant)
      }
      answers.set(key, variant)
      continue
    }
    // Only a 4xx status nothing answers has no entry (with the built-ins): one made from its reason phrase.
    const entry = entries.get(code) ?? compileEntry(code, { status: conditionInfo(key as Condition).status, message: reasonOf(key) }, undefined, settings, { answers: false, items: false })
    answers.set(key, entry)
  }
  // With every problem reported, bind.ts leaves no condition the handlers use unanswered.
  const answer = (key: BindingKey): CompiledEntry => answers.get(key)!
  const internal = answer('unexpected-error')
  // Looked up on every thrown error that carries a status: one array read, not a key built and hashed.
  const byStatus = Array.from({ length: 200 }, (_, offset) => answer(statusCondition(400 + offset)))

  return {
    entries,
    shape: settings.shape,
    internal,
    safeAnswer: { code: internal.code, body: JSON.stringify({ error: { code: internal.code, message: SAFE_MESSAGE } }) },
    onFail: settings.onFail,
    ignoredTitles,
    negotiate: locales.size === 0 ? undefined : createNegotiator([defaultLocale, ...locales], defaultLocale),
    answer,
    bound: key => answers.get(key),
    conditionsOf: code => bindings.conditionsOf.get(code) ?? [],
    variantsOf: code => [...variants.values()].filter(variant => variant.code === code),
    forStatus: status => byStatus[status - 400]!
  }
}

/**
 * An entry with one condition's own texts in place of its message and fix: in every locale, the
 * condition's text where it has one, else (when the condition has its own default text) that.
 */
function withOwnTexts(entry: CatalogueEntry, own: ConditionTexts): CatalogueEntry {
  const locales = new Set([...Object.keys(entry.translations ?? {}), ...Object.keys(own.translations ?? {})])
  let translations: Record<string, Translation> | undefined
  for (const locale of locales) {
    const theirs = entry.translations?.[locale]
    const ours = own.translations?.[locale]
    const text: Translation = {}
    const title = theirs?.title
    const message = ours?.message ?? (own.message === undefined ? theirs?.message : undefined)
    const fix = ours?.fix ?? (own.fix === undefined ? theirs?.fix : undefined)
    if (title !== undefined) text.title = title
    if (message !== undefined) text.message = message
    if (fix !== undefined) text.fix = fix
    translations ??= {}
    translations[locale] = text
  }
  const variant: CatalogueEntry = { ...entry, message: own.message ?? entry.message }
  const fix = own.fix ?? entry.fix
  if (fix !== undefined) variant.fix = fix
  if (translations === undefined) delete variant.translations
  else variant.translations = translations
  return variant
}

/** Whether an entry's validation answers carry their items: its own `validationItems`, else the option. */
function sendsItems(entry: CatalogueEntry, shape: AnswerShape): boolean {
  return entry.validationItems ?? shape.includeValidationItems
}

/** The built-in validation entry's fix names the member the configured format puts the items in (`errors` in problem). */
function withValidationMember(source: ValidatedEntry, member: string): ValidatedEntry {
  const fix = source.entry.fix
  if (!source.builtin || fix === undefined) return source
  return { ...source, entry: { ...source.entry, fix: fix.replace('the details array', `the ${member} array`) } }
}

/** Validation items sent per answer unless `maxValidationItems` says otherwise. */
export const DEFAULT_MAX_VALIDATION_ITEMS = 100

/**
 * The compiled entries, each compiled on first use: registering a 10,000-code catalogue
 * checks every entry (problems are never deferred) but builds only the templates and
 * serializers of the codes the app answers. Keys, size and `has` come from the checked entries.
 */
class LazyEntries implements CompiledEntries {
  readonly #compiled = new Map<string, CompiledEntry>()
  constructor(
    private readonly sources: ReadonlyMap<string, ValidatedEntry>,
    private readonly compile: (code: string, source: ValidatedEntry) => CompiledEntry
  ) {}

  get(code: string): CompiledEntry | undefined {
    let entry = this.#compiled.get(code)
    if (entry === undefined) {
      const source = this.sources.get(code)
      if (source === undefined) return undefined
      entry = this.compile(code, source)
      this.#compiled.set(code, entry)
    }
    return entry
  }

  has(code: string): boolean {
    return this.sources.has(code)
  }

  get size(): number {
    return this.sources.size
  }

  keys(): MapIterator<string> {
    return this.sources.keys()
  }

  values(): MapIterator<CompiledEntry> {
    return this.all().values()
  }

  /** Every entry compiled, in catalogue order (docs and listings need them all). */
  private all(): Map<string, CompiledEntry> {
    const all = new Map<string, CompiledEntry>()
    for (const code of this.sources.keys()) all.set(code, this.get(code)!)
    return all
  }
}

/** The message of the last-resort answer: fixed, so that it cannot fail. */
export const SAFE_MESSAGE = 'Internal server error'

/** Conditions whose entries carry validation items. */
const VALIDATION_KEYS: readonly string[] = VALIDATION_CONDITIONS

function reasonOf(key: BindingKey): string {
  return STATUS_CODES[conditionInfo(key as Condition).status] ?? 'Client Error'
}

function compileEntry(
  code: string,
  entry: CatalogueEntry,
  source: ValidatedEntry | undefined,
  settings: CompileSettings,
  validation: { readonly answers: boolean; readonly items: boolean }
): CompiledEntry {
  const defaultTitle = STATUS_CODES[entry.status] ?? (entry.status < 500 ? 'Client Error' : 'Server Error')
  const blank = aboutBlank(settings)
  const placeholders = entryPlaceholders(entry)
  const localize = (locale: string, texts: { message: string; fix?: string | undefined; title?: string | undefined }): LocalizedEntry => {
    // RFC 9457 §4.2.1: with `about:blank` the title is the status phrase, not the catalogue's.
    const title = blank ? defaultTitle : (texts.title ?? defaultTitle)
    const message = compileTemplate(texts.message)
    const fix = texts.fix === undefined || !settings.shape.includeFix ? undefined : compileTemplate(texts.fix)
    const constantMessage = message.constant ? texts.message : undefined
    const constantFix = fix?.constant ? texts.fix : undefined
    return {
      locale,
      title,
      message,
      fix,
      serialize: settings.shape.format.compile({ code, status: entry.status, title, constantMessage, constantFix, placeholders }, settings.shape)
    }
  }
  const base = localize(settings.shape.defaultLocale, entry)
  const translations =
    entry.translations === undefined
      ? undefined
      : new Map(
        Object.entries(entry.translations).map(([locale, texts]) => [
          locale,
          localize(locale, { message: texts.message ?? entry.message, fix: texts.fix ?? entry.fix, title: texts.title ?? entry.title })
        ])
      )
  const headerTemplates = Object.entries(entry.headers ?? {}).map(([name, value]) => [name, compileHeaderTemplate(value)] as const)
  return {
    ...base,
    code,
    status: entry.status,
    translations,
    placeholders,
    sendsParams: placeholders.length > 0 && settings.shape.includeParams,
    retryAfter: entry.retryAfter,
    retryable: entry.retryable ?? false,
    logLevel: entry.log ?? (entry.status >= 500 ? settings.serverErrorLevel : settings.clientErrorLevel),
    headers: headerTemplates,
    carriesValidation: validation.answers && validation.items,
    answersValidation: validation.answers,
    fieldMessages: entry.fieldMessages === undefined ? undefined : new Map(Object.entries(entry.fieldMessages)),
    source
  }
}

/** Problem bodies without a type base: `type` is `about:blank`, whose title is the status phrase. */
function aboutBlank(settings: CompileSettings): boolean {
  return settings.shape.format.name === 'problem' && settings.shape.problemTypeBase === undefined
}

/** The `params` member of a body: exactly the entry's placeholders, with JSON-safe values. */
export function bodyParams(entry: CompiledEntry, params: unknown): Record<string, ParamValue> | undefined {
  if (!entry.sendsParams) return undefined
  let out: Record<string, ParamValue> | undefined
  for (const name of entry.placeholders) {
    const value = paramValue(ownValue(params, name))
    if (value === undefined) continue
    out ??= {}
    out[name] = value
  }
  return out
}
