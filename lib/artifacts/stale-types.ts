/**
 * Stale generated types: the module `generate` writes records which catalogue files it was
 * generated from and a hash of the declarations it holds. At registration, when the plugin
 * loads exactly those files and their declarations hash differently, it warns once: the
 * catalogue was edited and `generate` not run again.
 * @module
 */
import type { FastifyBaseLogger } from 'fastify'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { typesHash } from './types-module.js'
import type { CatalogueSource, SourceDocument } from '../load/read.js'
import { validateCatalogues } from '../load/validate.js'

/** What a generated module declares about itself. */
export interface GeneratedTypes {
  /** The catalogue files it was generated from, as named on the command line (relative to the working directory). */
  readonly catalogue: readonly string[]
  /** `typesHash` of the declarations it holds. */
  readonly hash: string
  /** The command that writes it again. */
  readonly regenerate: string
}

interface Registered extends GeneratedTypes {
  warned: boolean
}

// On a global symbol: the generated module imports the package by name, which may be another
// copy of it than the one the app registers (a second install, or dist/ beside the sources).
const REGISTRY = Symbol.for('fastify-error-catalogue.generated-types')
const registry = ((globalThis as Record<symbol, Registered[] | undefined>)[REGISTRY] ??= [])

/** Called by the module `fastify-error-catalogue generate` writes, when it is imported. */
export function generatedTypes(declared: GeneratedTypes): void {
  registry.push({ catalogue: [...declared.catalogue], hash: declared.hash, regenerate: declared.regenerate, warned: false })
}

/**
 * Warns once per generated module whose catalogue files are exactly `sources` and whose hash
 * differs from the declarations `generate` would write for them now. `docs` reads the files
 * again, only when a generated module names them (they are valid: the plugin has loaded them).
 */
export function warnStaleTypes(
  log: FastifyBaseLogger,
  sources: readonly CatalogueSource[],
  docs: () => readonly SourceDocument[],
  defaultLocale: string
): void {
  const files = sources.map(source => (typeof source === 'string' ? resolve(source) : source instanceof URL ? fileURLToPath(source) : undefined))
  const candidates = registry.filter(
    declared =>
      !declared.warned &&
      declared.catalogue.length === files.length &&
      declared.catalogue.every((file, index) => resolve(file) === files[index])
  )
  if (candidates.length === 0) return
  // What generate reads: the files alone, without the built-ins.
  const entries = validateCatalogues(docs(), { defaultLocale })
  const hash = typesHash([...entries.values()].map(entry => [entry.code, entry.entry] as const))
  for (const declared of candidates) {
    if (declared.hash === hash) continue
    declared.warned = true
    log.warn(`fastify-error-catalogue: the types generated from ${declared.catalogue.join(' ')} are stale (the catalogue changed since): run ${declared.regenerate}`)
  }
}
