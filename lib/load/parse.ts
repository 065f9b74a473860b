/**
 * Catalogue text (YAML, or JSON, which is YAML) → a value and a way to find where each key
 * was written. One parse serves both: js-yaml's event stream carries source offsets, so the
 * value is built from it at once and positions are worked out from it only when a problem
 * needs one. Every step is bounded, whatever the text: nodes are counted before parsing,
 * nesting is capped while parsing, aliases are counted and their expansion summed before
 * the value is built.
 * @module
 */
import { readJson } from './parse-json.js'
import { CORE_SCHEMA, EVENT_ID, SCALAR_STYLE, YAMLException, constructFromEvents, getScalarValue, parseEvents, type Event } from 'js-yaml'

/** One catalogue problem, with where it is. */
export interface Problem {
  file: string
  code?: string
  line?: number
  col?: number
  message: string
}

export interface SourceDocument {
  /** The path as given, or `<object>` / `<object #2>` for an object. */
  readonly file: string
  /** True for the built-in catalogue: its entries give way to yours. */
  readonly builtin?: boolean
  /** The parsed value; undefined when parsing failed (the problems say why). */
  readonly value: unknown
  readonly problems: Problem[]
  /** Line and column (1-based) of the key at `path`, when the source is a file. */
  locate(path: readonly string[]): { line: number; col: number } | undefined
}

/**
 * Structural characters (line breaks and `,[{-?:`) a file may hold: every YAML node needs at
 * least one, so this bounds the nodes before the parser builds any. A 10,000-code catalogue
 * has about 160,000.
 */
export const MAX_STRUCTURE = 1_000_000
/** Nesting of mappings and sequences; the parser stops at the first level deeper. */
export const MAX_NESTING = 64
/** Aliases (`*name`) in one file. */
export const MAX_ALIASES = 10_000
/** Nodes of the document once every alias is expanded: stops "billion laughs". */
export const MAX_EXPANDED_NODES = 1_000_000

const { DOCUMENT, SEQUENCE, MAPPING, SCALAR, ALIAS, POP } = EVENT_ID

/** Parses catalogue text (YAML or JSON); exported for the CLI and tests. */
export function parseText(text: string, file: string): SourceDocument {
  const at = positions(text)
  const over = structureOverflow(text)
  if (over !== undefined) return { file, value: undefined, problems: [{ file, ...at(over), message: `more than ${MAX_STRUCTURE} YAML nodes: the file is refused before parsing` }], locate: nowhere }
  // JSON that reads the same as YAML, read natively; nested past half the bound, the YAML parser decides.
  const json = readJson(text, MAX_NESTING / 2)
  if (json === undefined) return parseYaml(text, file, at)
  // Positions only for a problem found later, from the YAML events of the same text (which reads it alike).
  let locate: SourceDocument['locate'] | undefined
  return { file, value: json, problems: [], locate: path => (locate ??= yamlLocator(text, at))(path) }
}

/** Positions from the text's YAML events alone: the value is built already. */
function yamlLocator(text: string, at: (offset: number) => { line: number; col: number }): SourceDocument['locate'] {
  let events: Event[]
  /* c8 ignore start -- JSON that JSON.parse read as the YAML parser would is YAML: no case is known to fail here */
  try {
    events = parseEvents(text, { maxDepth: MAX_NESTING })
  } catch {
    return nowhere
  }
  /* c8 ignore stop */
  const locate = locator(text, events)
  return path => mapOptional(locate(path), at)
}

/** The YAML reading: one event stream for both the value and the positions. */
function parseYaml(text: string, file: string, at: (offset: number) => { line: number; col: number }): SourceDocument {
  const problem = (offset: number | undefined, message: string): Problem => ({ file, ...(offset === undefined ? {} : at(offset)), message })
  const fail = (...problems: Problem[]): SourceDocument => ({ file, value: undefined, problems, locate: nowhere })
  let events: Event[]
  try {
    events = parseEvents(text, { maxDepth: MAX_NESTING })
  } catch (error) {
    return fail(parserProblem(error, problem))
  }
  const shape = shapeOf(text, events)
  if (shape.problem !== undefined) return fail(problem(shape.problem.offset, shape.problem.message))

  let value: unknown = null
  if (events.length > 0) {
    try {
      value = detachStrings(constructFromEvents(events, { source: text, schema: CORE_SCHEMA })[0], shape.aliases > 0)
    } catch (error) {
      const keys = keyProblems(text, events)
      return fail(...(keys.length > 0 ? keys.map(({ offset, message }) => ({ ...problem(offset, message), code: keyAt(text, offset) })) : [parserProblem(error, problem)]))
    }
  }
  const locate = locator(text, events)
  return { file, value, problems: [], locate: path => mapOptional(locate(path), at) }
}

/** The locator of sources without positions: objects, and files that failed before parsing. */
export function nowhere(): undefined {
  return undefined
}

function mapOptional<T, U>(value: T | undefined, fn: (value: T) => U): U | undefined {
  return value === undefined ? undefined : fn(value)
}

// ---------------------------------------------------------------------------------------------
// After building: strings of their own

/**
 * js-yaml's scalars are slices of the file's text, and V8 keeps a slice of 13 characters or
 * more as a view onto the whole text: one surviving message would keep the whole file alive
 * for the life of the app. The value's longer strings are copied, all at once, through one
 * JSON round trip (a new string for each), so the text can be collected after loading: a
 * loaded 10,000-code catalogue then keeps about 3× its file's size (bench/catalogue-load.ts).
 */
function detachStrings(value: unknown, aliased: boolean): unknown {
  const holders: Record<string, unknown>[] = []
  const keys: string[] = []
  const strings: string[] = []
  // Aliases can make the same node appear twice, or inside itself; without any, each node is met once.
  const seen = aliased ? new Set<object>() : undefined
  const short = new Map<string, string>()
  const walk = (node: unknown): void => {
    if (node === null || typeof node !== 'object' || seen?.has(node) === true) return
    seen?.add(node)
    const holder = node as Record<string, unknown>
    // js-yaml builds plain objects and arrays: `for…in` sees exactly their own keys, without an array of them.
    for (const key in holder) {
      const child = holder[key]
      if (typeof child === 'string') {
        if (child.length < 13) {
          // Short strings are copies already; the same value (a parameter's type, a log level) kept once.
          const known = short.get(child)
          if (known === undefined) short.set(child, child)
          else holder[key] = known
          continue
        }
        holders.push(holder)
        keys.push(key)
        strings.push(child)
      } else walk(child)
    }
  }
  // A document that is a lone string is refused by validation and never kept: left as it is.
  walk(value)
  const copies = JSON.parse(JSON.stringify(strings)) as string[]
  for (let i = 0; i < copies.length; i++) holders[i]![keys[i]!] = copies[i]
  return value
}

// ---------------------------------------------------------------------------------------------
// Before parsing

const STRUCTURAL = '\n,[{-?:'
const IS_STRUCTURAL = new Uint8Array(128)
for (const char of STRUCTURAL) IS_STRUCTURAL[char.charCodeAt(0)] = 1

/** Offset where the structural characters pass MAX_STRUCTURE, if they do. */
function structureOverflow(text: string): number | undefined {
  // Each structural character is one character: a text no longer than the bound cannot pass it.
  if (text.length <= MAX_STRUCTURE) return undefined
  // Counted one character at a time with indexOf, which scans natively: a JavaScript loop runs once per match, not per character.
  let count = 0
  for (const char of STRUCTURAL) {
    for (let i = text.indexOf(char); i !== -1 && count <= MAX_STRUCTURE; i = text.indexOf(char, i + 1)) count++
  }
  if (count <= MAX_STRUCTURE) return undefined
  // Past the bound: where, character by character (the file is refused, so this runs once).
  count = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c < 128 && IS_STRUCTURAL[c] === 1 && ++count > MAX_STRUCTURE) return i
  }
  /* c8 ignore next 2 -- the count above found more than the bound */
  return undefined
}

// ---------------------------------------------------------------------------------------------
// After parsing, before building: documents, directives, aliases

interface Located {
  offset: number | undefined
  message: string
}

/** The first problem with the document's shape, if any, and how many aliases it holds (every one, when there is no problem). */
function shapeOf(text: string, events: readonly Event[]): { problem?: Located; aliases: number } {
  let documents = 0
  let aliases = 0
  let expanded = 0
  const anchors = new Map<string, number>()
  // Per open collection: expanded node count when it opened, and its anchor's offsets.
  const opened: number[] = []
  const anchorOf: [number, number][] = []
  for (const event of events) {
    switch (event.type) {
      case DOCUMENT: {
        if (++documents > 1) return { problem: { offset: undefined, message: 'a catalogue file holds one YAML document (remove the second "---")' }, aliases }
        const version = event.directives.find(directive => directive.kind === 'yaml')
        if (version !== undefined && version.version !== '1.2') {
          return { problem: { offset: Math.max(0, text.search(/^%YAML/m)), message: `%YAML ${version.version}: catalogues are YAML 1.2 (remove the directive)` }, aliases }
        }
        opened.push(expanded)
        anchorOf.push([-1, -1])
        break
      }
      case SEQUENCE:
      case MAPPING:
        opened.push(expanded++)
        anchorOf.push([event.anchorStart, event.anchorEnd])
        break
      case SCALAR:
        expanded++
        if (event.anchorStart >= 0) anchors.set(text.slice(event.anchorStart, event.anchorEnd), 1)
        break
      case ALIAS: {
        if (++aliases > MAX_ALIASES) return { problem: { offset: event.anchorStart - 1, message: `more than ${MAX_ALIASES} aliases` }, aliases }
        expanded += anchors.get(text.slice(event.anchorStart, event.anchorEnd)) ?? 1
        if (expanded > MAX_EXPANDED_NODES) {
          return { problem: { offset: event.anchorStart - 1, message: `aliases expand the document past ${MAX_EXPANDED_NODES} nodes` }, aliases }
        }
        break
      }
      case POP: {
        const start = opened.pop()!
        const [anchorStart, anchorEnd] = anchorOf.pop()!
        if (anchorStart >= 0) anchors.set(text.slice(anchorStart, anchorEnd), expanded - start)
      }
    }
  }
  return { aliases }
}

// ---------------------------------------------------------------------------------------------
// When building failed: every duplicate and complex key, with its place

/** Walks the events of each mapping as key, value, key, value… */
function keyProblems(text: string, events: readonly Event[]): { offset: number; message: string }[] {
  const out: { offset: number; message: string }[] = []
  const end = collectionEnds(events)
  for (let i = 0; i < events.length; i++) {
    if (events[i]!.type !== MAPPING) continue
    const seen = new Set<string>()
    for (let key = i + 1; key < end[i]!; key = next(events, end, next(events, end, key))) {
      const event = events[key]!
      if (event.type === SCALAR) {
        const name = getScalarValue(text, event)
        if (seen.has(name)) out.push({ offset: startOf(event), message: 'duplicate key: each code, and each field of an entry, may appear once' })
        seen.add(name)
      } else if (event.type !== ALIAS) {
        out.push({ offset: startOf(event), message: 'a key must be a single value, not a mapping or a list' })
      }
    }
  }
  return out.sort((a, b) => a.offset - b.offset)
}

/** The key written at an offset: `forbidden` in `forbidden:\n  status: 403`. */
function keyAt(text: string, offset: number): string {
  return text.slice(offset, offset + 200).split(/[:\n]/, 1)[0]!.trim().replace(/^["']|["']$/g, '')
}

function parserProblem(error: unknown, problem: (offset: number | undefined, message: string) => Problem): Problem {
  /* c8 ignore next -- js-yaml asks callers to expect any exception; none is known to reach here */
  if (!(error instanceof YAMLException)) return problem(undefined, `cannot read document: ${(error as Error).message}`)
  let message = error.reason
  if (message.startsWith('nesting exceeded')) message = `nesting deeper than ${MAX_NESTING} levels`
  else if (/^unknown \w+ tag/.test(message)) {
    // "unknown scalar tag !<tag:yaml.org,2002:js/function>" → the tag as written: !!js/function
    const tag = message.replace(/^unknown \w+ tag /, '').replace(/^!<tag:yaml\.org,2002:(.*)>$/, '!!$1').replace(/^!<(!.*)>$/, '$1')
    message = `unknown tag ${tag}: a catalogue holds plain YAML 1.2 values (strings, numbers, booleans, null, mappings, lists)`
  }
  /* c8 ignore next -- the parser and the constructor give every error a mark */
  return problem(error.mark?.position, message)
}

// ---------------------------------------------------------------------------------------------
// Positions, worked out on first use

/** Offset → 1-based line and column; the table of line starts is built on first use. */
function positions(text: string): (offset: number) => { line: number; col: number } {
  let starts: number[] | undefined
  return offset => {
    if (starts === undefined) {
      starts = [0]
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1)
    }
    let low = 0
    let high = starts.length - 1
    while (low < high) {
      const mid = (low + high + 1) >> 1
      if (starts[mid]! <= offset) low = mid
      else high = mid - 1
    }
    return { line: low + 1, col: offset - starts[low]! + 1 }
  }
}

/** Index of the POP that closes each collection (and document) event. */
function collectionEnds(events: readonly Event[]): Int32Array {
  const end = new Int32Array(events.length)
  const open: number[] = []
  for (let i = 0; i < events.length; i++) {
    const type = events[i]!.type
    if (type === POP) end[open.pop()!] = i
    else if (type !== SCALAR && type !== ALIAS) open.push(i)
  }
  return end
}

/** The event after the node that starts at `i`. */
function next(events: readonly Event[], end: Int32Array, i: number): number {
  const type = events[i]!.type
  return type === SEQUENCE || type === MAPPING ? end[i]! + 1 : i + 1
}

function startOf(event: Event): number {
  switch (event.type) {
    case SCALAR: {
      // An anchor or tag comes first; a quoted scalar's value starts after its quote.
      if (event.anchorStart >= 0 || event.tagStart >= 0) return Math.min(...[event.anchorStart - 1, event.tagStart].filter(offset => offset >= 0))
      return event.style === SCALAR_STYLE.SINGLE_QUOTED || event.style === SCALAR_STYLE.DOUBLE_QUOTED ? event.valueStart - 1 : event.valueStart
    }
    case SEQUENCE:
    case MAPPING:
      return event.start
    /* c8 ignore next 2: keys and entries are scalars, aliases or collections */
    default:
      return 0
  }
}

/**
 * Offset of the key at `path` (the deepest key found along it). Each mapping's keys are
 * indexed on first use: locating every problem of a catalogue with 100,000 keys must not
 * scan the mapping once per key.
 */
function locator(text: string, events: readonly Event[]): (path: readonly string[]) => number | undefined {
  let end: Int32Array | undefined
  const indexes = new Map<number, Map<string, { key: number; value: number }>>()
  const pairsOf = (mapping: number) => {
    let pairs = indexes.get(mapping)
    if (pairs === undefined) {
      pairs = new Map()
      for (let key = mapping + 1; key < end![mapping]!;) {
        const value = next(events, end!, key)
        const event = events[key]!
        if (event.type === SCALAR) {
          const name = getScalarValue(text, event)
          if (!pairs.has(name)) pairs.set(name, { key, value })
        }
        key = next(events, end!, value)
      }
      indexes.set(mapping, pairs)
    }
    return pairs
  }
  return path => {
    end ??= collectionEnds(events)
    let current = 1
    let offset: number | undefined
    for (const segment of path) {
      if (events[current]?.type !== MAPPING) return offset
      const pair = pairsOf(current).get(segment)
      if (pair === undefined) return offset
      offset = startOf(events[pair.key]!)
      current = pair.value
    }
    return offset
  }
}
