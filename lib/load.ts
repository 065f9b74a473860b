/**
 * Catalogue sources (paths, objects) → parsed documents that remember where each key is.
 * JSON is read with the YAML parser too, so JSON files get line and column as well.
 * @module
 */
import { readFileSync, statSync } from 'node:fs'
import { extname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { LineCounter, isMap, isScalar, parseDocument, type Document, type Node } from 'yaml'
import { FST_CATALOGUE_NOT_FOUND } from './errors.js'

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
  return { file, value: source, problems: [], locate: () => undefined }
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
  let doc: Document.Parsed
  try {
    doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false })
  } catch (err) {
    // The parser recurses; a pathologically deep document can exhaust the stack.
    return failed(file, `cannot parse: ${(err as Error).message}`)
  }
  const position = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset)
    return { line, col }
  }
  const problems: Problem[] = doc.errors.map(error =>
    error.code === 'DUPLICATE_KEY'
      ? { file, code: keyAt(text, error.pos[0]), ...position(error.pos[0]), message: 'duplicate key: each code, and each field of an entry, may appear once' }
      : { file, ...position(error.pos[0]), message: yamlMessage(error.message) }
  )
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

function failed(file: string, message: string): SourceDocument {
  return { file, value: undefined, problems: [{ file, message }], locate: () => undefined }
}

function yamlMessage(message: string): string {  // The parser's message ends with its own "at line L, column C" and an excerpt; we give ours.
  return message.split(/ at line \d+/)[0]!.trim()
}

/** Offset of the key at `path` (the value's offset for a non-map step). */
function keyRange(node: Node | null, path: readonly string[]): number | undefined {
  let current: unknown = node
  let offset: number | undefined
  for (const segment of path) {
    if (!isMap(current)) return offset
    const pair = current.items.find(item => isScalar(item.key) && String(item.key.value) === segment)
    if (pair === undefined) return offset
    offset = (pair.key as Node).range?.[0]
    current = pair.value
  }
  return offset
}
