/**
 * Binds every condition the plugin answers by itself to one catalogue entry, once, at
 * registration: the most specific claim (`when: [...]`) along the condition's chain, a built-in's
 * yielding to one the user wrote further along, then (without built-ins) the user's only entry
 * with the condition's status.
 * A condition nothing can answer, and two entries claiming one condition, are catalogue
 * problems, reported with every other problem.
 * @module
 */
import { STATUS_CODES } from 'node:http'
import {
  CONDITION_NAMES,
  RATE_LIMIT_CONDITIONS,
  catchAllOf,
  chainOf,
  conditionInfo,
  conditionOfKey,
  textChainOf,
  statusCondition,
  type Condition,
  isServerCondition,
  type NamedCondition,
  type StatusCondition,
  type ValidationPart
} from './conditions.js'
import type { CatalogueEntry, ConditionTexts } from './catalogue-schema.js'
import type { Problem } from './read.js'
import { entryPlaceholders } from './template.js'
import type { LineOf, ValidatedEntry } from './validate.js'

const PARTS: readonly ValidationPart[] = ['body', 'query', 'params', 'headers']

/** The key of a binding: a condition, or `missing-required/<part>` (its chain depends on the part). */
export type BindingKey = Condition | `missing-required/${ValidationPart}`

export interface Bindings {
  /** Condition → the code that answers it; a code absent from the catalogue is a synthesized one (`i_m_a_teapot`). */
  readonly codes: ReadonlyMap<BindingKey, string>
  /** Code → the named conditions it answers, in the order of NAMED_CONDITIONS (for the reference). */
  readonly conditionsOf: ReadonlyMap<string, readonly Condition[]>
}

export interface BindOptions {
  readonly entries: ReadonlyMap<string, ValidatedEntry>
  /** False when `builtins: false`: no built-in claims, and unbound conditions are problems. */
  readonly builtins: boolean
  /** Whether the limiter's conditions must be answerable. */
  readonly rateLimit: boolean
  /** Where each entry is written, for the problems. */
  readonly lineOf: LineOf
}

export function bindConditions({ entries, builtins, rateLimit, lineOf }: BindOptions): { bindings: Bindings; problems: Problem[] } {
  const problems: Problem[] = []
  const claims = claimsOf(entries, problems, lineOf)
  const codes = new Map<BindingKey, string>()

  const resolve = (chain: readonly Condition[]): string | undefined => {
    for (const [index, condition] of chain.entries()) {
      const claim = claims.explicit.get(condition) ?? claims.inherited.get(condition)
      if (claim !== undefined) return claim.code
      // A built-in's claim yields to a claim the user wrote further along the chain, not to one
      // inherited by replacing a built-in: that answers what its built-in answered, not the
      // conditions other built-ins answer more specifically (bans, unknown routes, invalid JSON).
      const builtin = claims.builtin.get(condition)
      if (builtin !== undefined && !chain.slice(index + 1).some(later => claims.explicit.has(later))) return builtin.code
    }
    /* c8 ignore next -- with the built-ins every named condition has a built-in claim (client-error, which has none, is skipped) */
    return builtins ? undefined : onlyOfStatus(chain[0]!)
  }
  // Unclaimed, a condition goes only to an entry it can fill: `{limit} requests` is no answer to a thrown 429.
  const onlyOfStatus = (condition: Condition): string | undefined => {
    const sameStatus = entriesWithStatus(entries, conditionInfo(condition).status)
    return sameStatus.length === 1 && unfilled(sameStatus[0]!.entry, condition).length === 0 ? sameStatus[0]!.code : undefined
  }
  /**
   * A thrown status: its own claim, else nothing (the caller falls to the catch-all). A built-in
   * claiming the catch-all too (internal_error: status-500 and unexpected-error) gives the
   * status up with it to the entry of yours that claims the catch-all: codeFor says one code.
   */
  const resolveStatus = (condition: StatusCondition, catchAll: NamedCondition): string | undefined => {
    const claim = claims.explicit.get(condition) ?? claims.inherited.get(condition)
    if (claim !== undefined) return claim.code
    const builtin = claims.builtin.get(condition)
    if (builtin === undefined) return builtins ? undefined : onlyOfStatus(condition)
    const yours = claims.explicit.get(catchAll)
    return yours !== undefined && builtin.entry.when?.includes(catchAll) === true ? yours.code : builtin.code
  }

  const unbound: NamedCondition[] = []
  for (const condition of CONDITION_NAMES) {
    if (!rateLimit && RATE_LIMIT_CONDITIONS.includes(condition)) continue
    // With the built-ins a 4xx status no entry answers gets a code of its own: only a claim of yours binds the catch-all.
    if (condition === 'client-error' && builtins && !claims.explicit.has(condition) && !claims.inherited.has(condition)) continue
    const code = resolve(chainOf(condition))
    if (code !== undefined) codes.set(condition, code)
    // With the built-ins every condition is bound but client-error, whose statuses get codes of their own.
    else if (!builtins) unbound.push(condition)
  }
  for (const part of PARTS) {
    const code = resolve(chainOf('missing-required', part))
    if (code !== undefined) codes.set(`missing-required/${part}`, code)
  }
  const conditionsOf = conditionsByCode(codes)
  for (let status = 400; status <= 599; status++) {
    const condition = statusCondition(status)
    const direct = resolveStatus(condition, catchAllOf(status))
    // Several 4xx entries of this status and no claim: the catch-all would change the status, so say which to claim.
    if (direct === undefined && !builtins && status < 500 && entriesWithStatus(entries, status).length > 1) {
      problems.push(ambiguousStatusProblem(status, entries))
      continue
    }
    // A status nothing answers falls to the catch-all; with the built-ins, a 4xx no entry covers gets a code of its own.
    const code = direct ?? codes.get(catchAllOf(status)) ?? (status < 500 ? codeFromReason(status) : undefined)
    if (code === undefined) continue
    codes.set(condition, code)
    if (direct !== undefined) conditionsOf.set(direct, [...(conditionsOf.get(direct) ?? []), condition])
  }
  for (const group of byStatus(unbound)) problems.push(unboundProblem(group, entries))
  problems.push(...unfilledProblems(codes, entries, lineOf))

  return { bindings: { codes, conditionsOf }, problems }
}

interface Claims {
  /** Claims written in the user's `when`. */
  readonly explicit: Map<Condition, ValidatedEntry>
  /** Claims a user entry took over from the built-in it replaced. */
  readonly inherited: Map<Condition, ValidatedEntry>
  readonly builtin: Map<Condition, ValidatedEntry>
}

function claimsOf(entries: ReadonlyMap<string, ValidatedEntry>, problems: Problem[], lineOf: LineOf): Claims {
  const claims: Claims = { explicit: new Map(), inherited: new Map(), builtin: new Map() }
  for (const entry of entries.values()) {
    const own = claims[entry.builtin ? 'builtin' : 'explicit']
    for (const condition of entry.entry.when ?? []) {
      const earlier = own.get(condition as Condition)
      if (earlier !== undefined && !entry.builtin) problems.push(conflictProblem(condition, earlier, entry, lineOf))
      else own.set(condition as Condition, entry)
    }
    for (const condition of entry.inherited ?? []) claims.inherited.set(condition as Condition, entry)
    if (entry.builtin || entry.entry.status >= 500) continue
    const serverClaims = [...(entry.entry.when ?? []), ...(entry.inherited ?? [])].filter(isServerCondition)
    if (serverClaims.length > 0) problems.push(serverClaimProblem(entry, serverClaims, lineOf))
  }
  return claims
}

function serverClaimProblem(entry: ValidatedEntry, conditions: readonly string[], lineOf: LineOf): Problem {
  const replaced = entry.inherited?.some(isServerCondition) === true ? ' (taken over from the built-in it replaces)' : ''
  return {
    file: entry.file,
    code: entry.code,
    ...placeOf(entry, lineOf),
    message: `${conditions.map(condition => `"${condition}"`).join(', ')}${replaced} can only be answered by a 5xx entry, and this one has status ${entry.entry.status}: a server failure is never the client's fault`
  }
}

/** The texts an answer to `key` sends: the entry's own for the most specific condition that has some, else none. */
export function ownTextsFor(entry: CatalogueEntry, key: BindingKey): ConditionTexts | undefined {
  if (entry.conditionTexts === undefined) return undefined
  for (const condition of textChainOf(key)) {
    const texts = entry.conditionTexts[condition]
    if (texts !== undefined) return texts
  }
  return undefined
}

/**
 * A placeholder the plugin cannot fill where it answers a condition would be sent empty:
 * `Missing required '{field}'` is fine for a schema failure, not for invalid JSON. One problem
 * per entry, condition and placeholder.
 */
function unfilledProblems(codes: ReadonlyMap<BindingKey, string>, entries: ReadonlyMap<string, ValidatedEntry>, lineOf: LineOf): Problem[] {
  const problems = new Map<string, Problem>()
  for (const [key, code] of codes) {
    const source = entries.get(code)
    if (source === undefined) continue
    const condition = conditionOfKey(key)
    const fills = conditionInfo(condition).fills ?? []
    const own = ownTextsFor(source.entry, key)
    // Answered as its more general condition is, with the same texts: that one's problem says it (and its fix fixes both).
    const parent = textChainOf(key)[1]
    if (parent !== undefined && codes.get(parent) === code && ownTextsFor(source.entry, parent) === own && (conditionInfo(parent).fills ?? []).every(fill => fills.includes(fill))) continue
    for (const name of unfilled(source.entry, key)) {
      if (problems.has(`${code} ${condition} ${name}`)) continue
      const filled = fills.length === 0 ? 'it fills no placeholder there' : `it fills only ${fills.map(fill => `{${fill}}`).join(', ')} there`
      problems.set(`${code} ${condition} ${name}`, {
        file: source.file,
        code,
        ...placeOf(source, lineOf),
        message: `{${name}} cannot be filled when the plugin answers "${condition}" with ${code} (${filled}): give "${condition}" a message of its own in when, e.g. when: { ${condition}: "…" }`
      })
    }
  }
  return [...problems.values()]
}

/** The placeholders of what an answer to `key` sends that the plugin does not fill there. */
function unfilled(entry: CatalogueEntry, key: BindingKey): string[] {
  const fills = conditionInfo(conditionOfKey(key)).fills ?? []
  const own = ownTextsFor(entry, key)
  return entryPlaceholders({ message: own?.message ?? entry.message, fix: own?.fix ?? entry.fix, headers: entry.headers }).filter(name => !fills.includes(name))
}

function entriesWithStatus(entries: ReadonlyMap<string, ValidatedEntry>, status: number): ValidatedEntry[] {
  const found: ValidatedEntry[] = []
  for (const entry of entries.values()) if (entry.entry.status === status) found.push(entry)
  return found
}

function conflictProblem(condition: string, first: ValidatedEntry, second: ValidatedEntry, lineOf: LineOf): Problem {
  return {
    file: second.file,
    code: second.code,
    ...placeOf(second, lineOf),
    message: `"${condition}" is claimed by ${first.code} (${where(first, lineOf)}) and by ${second.code} (${where(second, lineOf)}): one entry answers a condition`
  }
}

/** Unbound conditions grouped by status: one entry of that status can answer them all. */
function byStatus(conditions: readonly NamedCondition[]): NamedCondition[][] {
  const groups = new Map<number, NamedCondition[]>()
  for (const condition of conditions) {
    const status = conditionInfo(condition).status
    groups.set(status, [...(groups.get(status) ?? []), condition])
  }
  return [...groups.values()]
}

function unboundProblem(conditions: readonly NamedCondition[], entries: ReadonlyMap<string, ValidatedEntry>): Problem {
  const { status } = conditionInfo(conditions[0]!)
  const candidates = entriesWithStatus(entries, status).map(entry => entry.code)
  const file = [...entries.values()][0]?.file ?? '<catalogue>'
  const names = conditions.map(condition => `"${condition}" (sent when ${conditionInfo(condition).sentWhen})`)
  const when = `"when: [${conditions.join(', ')}]"`
  const add =
    candidates.length === 0
      ? `add an entry with status ${status} (the only one of its status answers them all), or claim them with ${when}`
      : `add ${when} to one of ${candidates.join(', ')}, or share them out`
  return { file, message: `no entry answers ${names.join(', ')}: ${add}` }
}

function ambiguousStatusProblem(status: number, entries: ReadonlyMap<string, ValidatedEntry>): Problem {
  const candidates = entriesWithStatus(entries, status).map(entry => entry.code)
  const file = [...entries.values()][0]!.file
  return {
    file,
    message: `a thrown error with status ${status} could be any of ${candidates.join(', ')}: add "when: [status-${status}]" to the one that answers it`
  }
}

function where(entry: ValidatedEntry, lineOf: LineOf): string {
  const line = lineOf(entry)
  return line === undefined ? entry.file : `${entry.file}:${line}`
}

/** The line (and column 1) where an entry's code is written, when known. */
function placeOf(entry: ValidatedEntry, lineOf: LineOf): { line: number; col: number } | Record<string, never> {
  const line = lineOf(entry)
  return line === undefined ? {} : { line, col: 1 }
}

function conditionsByCode(codes: ReadonlyMap<BindingKey, string>): Map<string, Condition[]> {
  const byCode = new Map<string, Condition[]>()
  for (const [key, code] of codes) {
    if (key.startsWith('missing-required/')) continue
    const list = byCode.get(code) ?? []
    list.push(key as Condition)
    byCode.set(code, list)
  }
  return byCode
}

/** 418 → `im_a_teapot`; statuses without a reason phrase → `client_error`. */
export function codeFromReason(status: number): string {
  const reason = STATUS_CODES[status]
  if (reason === undefined) return 'client_error'
  return reason.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '')
}
