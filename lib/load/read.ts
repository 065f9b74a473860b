/**
 * Catalogue sources (paths, objects) → parsed documents that remember where each key is.
 * JSON is read with the YAML parser too, so JSON files get line and column as well.
 * @module
 */
import { readFileSync, statSync } from 'node:fs'
import { extname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { LineCounter, isMap, isScalar, parseDocument, visit, type Document, type Node, type Pair, type YAMLMap } from 'yaml'
import { FST_CATALOGUE_NOT_FOUND } from '../errors.js'

/** A path to a `.yaml`, `.yml` or `.json` file, a `file:` URL, or an already parsed object. */
export type CatalogueSource = string | URL | Record<string, unknown>

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

/** Catalogues bigger than this are refused before parsing: a bound on time and memory. */
export const MAX_CATALOGUE_BYTES = 16 * 1024 * 1024
/** YAML aliases expanded per document: stops "billion laughs" bombs. */
const MAX_ALIAS_COUNT = 1000

const EXTENSIONS = new Set(['.yaml', '.yml', '.json'])

export function readSource(source: CatalogueSource, index = 0): SourceDocument {
  if (typeof source === 'string' || source instanceof URL) return readFile(source)
  const file = index === 0 ? '<object>' : `<object #${index + 1}>`
  return { file, value: source, problems: [], locate: nowhere }
}

function readFile(source: string | URL): SourceDocument {
  const path = source instanceof URL ? fileURLToPath(source) : resolve(source)
  const file = typeof source === 'string' ? source : path
  const extension = extname(path).toLowerCase()
  if (!EXTENSIONS.has(extension)) {
    return failed(file, `unsupported extension "${extension}": use .yaml, .yml or .json`)
  }
  let text: string
  try {
    const { size } = statSync(path)
    if (size > MAX_CATALOGUE_BYTES) {
      return failed(file, `file is ${size} bytes, over the ${MAX_CATALOGUE_BYTES}-byte limit`)
    }
    text = readFileSync(path, 'utf8')
  } catch (err) {
    throw new FST_CATALOGUE_NOT_FOUND(file, (err as Error).message)
  }
  return parseText(text, file)
}

/** Parses catalogue text (YAML or JSON); exported for the CLI and tests. */
export function parseText(text: string, file: string): SourceDocument {
  const lineCounter = new LineCounter()
  // uniqueKeys is checked below: the parser's own check scans the map once per key, which
  // made a 2 MB file of 200 000 keys take minutes. The parser reports its own failures (a
  // pathologically deep document included) in doc.errors rather than throwing.
  const doc: Document.Parsed = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false })
  const position = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset)
    return { line, col }
  }
  const problems: Problem[] = [
    ...doc.errors.map(error => ({ file, ...position(error.pos[0]), message: yamlMessage(error.message) })),
    ...duplicateKeys(doc).map(offset => ({
      file,
      code: keyAt(text, offset),
      ...position(offset),
      message: 'duplicate key: each code, and each field of an entry, may appear once'
    }))
  ]
  let value: unknown
  if (problems.length === 0) {
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT })
    } catch (err) {
      problems.push({ file, message: `cannot read document: ${(err as Error).message}` })
    }
  }
  return {
    file,
    value,
    problems,
    locate(path) {
      const range = keyRange(doc.contents, path)
      return range === undefined ? undefined : position(range)
    }
  }
}

/** The key written at an offset: `forbidden` in `forbidden:\n  status: 403`. */
function keyAt(text: string, offset: number): string {
  return text.slice(offset).split(/[:\n]/, 1)[0]!.trim().replace(/^["']|["']$/g, '')
}

/** Objects, and files that failed before parsing, have no positions. */
function nowhere(): undefined {
  return undefined
}

function failed(file: string, message: string): SourceDocument {
  return { file, value: undefined, problems: [{ file, message }], locate: nowhere }
}

function yamlMessage(message: string): string {
  // The parser's message ends with its own "at line L, column C" and an excerpt; we give ours.
  return message.split(/ at line \d+/)[0]!.trim()
}

/** Offset of the key at `path` (the value's offset for a non-map step). */
function keyRange(node: Node | null, path: readonly string[]): number | undefined {
  let current: unknown = node
  let offset: number | undefined
  for (const segment of path) {
    if (!isMap(current)) return offset
    const pair = pairsOf(current).get(segment)
    if (pair === undefined) return offset
    offset = (pair.key as Node).range?.[0]
    current = pair.value
  }
  return offset
}

/**
 * Offsets of keys that repeat an earlier scalar key of the same map (the parser's
 * `uniqueKeys` rule), in one pass over the document.
 */
function duplicateKeys(doc: Document.Parsed): number[] {
  const offsets: number[] = []
  visit(doc, {
    Map(_, map) {
      const seen = new Set<unknown>()
      for (const { key } of map.items) {
        if (!isScalar(key)) continue
        if (seen.has(key.value)) offsets.push(key.range![0])
        else seen.add(key.value)
      }
    }
  })
  return offsets
}

/**
 * The pairs of a map by key, built once per map: locating every problem of a catalogue
 * with 100 000 keys must not scan the map once per key.
 */
const pairIndex = new WeakMap<YAMLMap, Map<string, Pair>>()
function pairsOf(map: YAMLMap): Map<string, Pair> {
  let index = pairIndex.get(map)
  if (index === undefined) {
    index = new Map()
    for (const item of map.items) {
      // The first pair with a key wins, as in the linear search this replaces.
      if (isScalar(item.key) && !index.has(String(item.key.value))) index.set(String(item.key.value), item as Pair)
    }
    pairIndex.set(map, index)
  }
  return index
}
