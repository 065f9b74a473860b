/**
 * Catalogue sources → the compiled catalogue: merged over the built-ins, checked, every
 * condition bound, compiled. The one load path of the plugin, the CLI's reference and reloads.
 * @module
 */
import { bindConditions } from './bind.js'
import { builtinSource } from './builtins.js'
import { compileCatalogue, type CompileSettings, type CompiledCatalogue } from './compile.js'
import type { SourceDocument } from './read.js'
import { mergeCatalogues, throwProblems } from './validate.js'

export interface BuildOptions {
  /** The user's catalogues, already read. */
  readonly sources: readonly SourceDocument[]
  /** Merge them over the built-in catalogue. */
  readonly builtins: boolean
  /** Whether the limiter's conditions must be answered. */
  readonly rateLimit: boolean
  readonly compile: CompileSettings
}

/** Throws one FST_CATALOGUE_INVALID listing every problem, binding problems included. */
export function buildCatalogue({ sources, builtins, rateLimit, compile }: BuildOptions): CompiledCatalogue {
  const docs = builtins ? [builtinSource(), ...sources] : sources
  const { entries, problems, unlisted } = mergeCatalogues(docs, { defaultLocale: compile.defaultLocale })
  throwProblems(problems, unlisted)
  // Bound only once every entry is valid: an entry left out by its own problem would show up as unbound conditions.
  const { bindings, problems: unbound } = bindConditions({ entries, builtins, rateLimit })
  throwProblems(unbound)
  return compileCatalogue(entries, bindings, compile)
}
