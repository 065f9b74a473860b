/**
 * Catalogue sources (paths, `file:` URLs, objects) → parsed documents that remember where
 * each key is. A file is read only if it is a regular file, and never past a byte cap,
 * whatever its size claims: a symlink to `/dev/zero` or a FIFO fails at once.
 * @module
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs'
import { extname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { FST_CATALOGUE_NOT_FOUND } from '../errors.js'
import { nowhere, parseText, type Problem, type SourceDocument } from './parse.js'

export { parseText, type Problem, type SourceDocument }

/** A path to a `.yaml`, `.yml` or `.json` file, a `file:` URL, or an already parsed object. */
export type CatalogueSource = string | URL | Record<string, unknown>

/** Catalogues bigger than this are refused unparsed: a bound on time and memory. */
export const MAX_CATALOGUE_BYTES = 16 * 1024 * 1024

const EXTENSIONS = new Set(['.yaml', '.yml', '.json'])
/** Opening a FIFO for reading must not wait for a writer (where O_NONBLOCK is undefined, `|` reads it as 0). */
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK

export function readSource(source: CatalogueSource, index = 0): SourceDocument {
  if (typeof source === 'string' || source instanceof URL) return readFile(source)
  const file = index === 0 ? '<object>' : `<object #${index + 1}>`
  return { file, value: source, problems: [], locate: nowhere }
}

function readFile(source: string | URL): SourceDocument {
  const path = source instanceof URL ? fileURLToPath(source) : resolve(source)
  const file = typeof source === 'string' ? source : path
  const extension = extname(path).toLowerCase()
  if (!EXTENSIONS.has(extension)) return failed(file, `unsupported extension "${extension}": use .yaml, .yml or .json`)
  let fd: number
  try {
    fd = openSync(path, OPEN_FLAGS)
  } catch (err) {
    throw new FST_CATALOGUE_NOT_FOUND(file, (err as Error).message)
  }
  let text: string | undefined
  try {
    if (!fstatSync(fd).isFile()) return failed(file, 'not a regular file (a device, FIFO, socket or directory)')
    text = readCapped(fd)
  } finally {
    closeSync(fd)
  }
  if (text === undefined) return failed(file, `file is over the ${MAX_CATALOGUE_BYTES}-byte limit`)
  return parseText(text, file)
}

/**
 * The file's text, or undefined past MAX_CATALOGUE_BYTES. The size stat reports is not
 * trusted (a file can grow, /proc files say 0): the buffer doubles as needed and reading
 * stops one byte past the cap.
 */
function readCapped(fd: number): string | undefined {
  let buffer = Buffer.allocUnsafe(64 * 1024)
  let length = 0
  for (;;) {
    if (length === buffer.length) {
      if (length > MAX_CATALOGUE_BYTES) return undefined
      const bigger = Buffer.allocUnsafe(Math.min(buffer.length * 2, MAX_CATALOGUE_BYTES + 1))
      buffer.copy(bigger, 0, 0, length)
      buffer = bigger
    }
    const n = readSync(fd, buffer, length, buffer.length - length, null)
    if (n === 0) return buffer.toString('utf8', 0, length)
    length += n
  }
}

function failed(file: string, message: string): SourceDocument {
  return { file, value: undefined, problems: [{ file, message }], locate: nowhere }
}
