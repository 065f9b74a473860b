/**
 * The built-in catalogue, `catalogue/errors.yaml`, shipped beside `dist/`.
 * @module
 */
import { readSource, type SourceDocument } from './read.js'

export const BUILTIN_CATALOGUE_URL = new URL('../../catalogue/errors.yaml', import.meta.url)

let cached: SourceDocument | undefined

/** Parsed once per process: every app registering the plugin shares it. */
export function builtinSource(): SourceDocument {
  cached ??= { ...readSource(BUILTIN_CATALOGUE_URL), builtin: true }
  return cached
}
