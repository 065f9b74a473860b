/**
 * Catalogue sources and the answer shape → the contract: merged over the built-ins, checked,
 * every condition bound, compiled. The one way a contract is made, by the plugin, the CLI's
 * artefacts and reloads alike.
 * @module
 */
import { bindConditions } from './bind.js'
import { builtinSource } from './builtins.js'
import { compileCatalogue, type CompileSettings, type CompiledCatalogue } from './compile.js'
import type { SourceDocument } from './read.js'
import { mergeCatalogues, throwProblems } from './validate.js'

export interface ContractInput extends Partial<Omit<CompileSettings, 'shape'>> {
  /** The user's catalogues, already read. */
  readonly sources: readonly SourceDocument[]
  readonly shape: CompileSettings['shape']
}

/** Throws one FST_CATALOGUE_INVALID listing every problem, binding problems included. */
export function makeContract({ sources, shape, clientErrorLevel = 'info', serverErrorLevel = 'error', onFail }: ContractInput): CompiledCatalogue {
  const docs = shape.builtins ? [builtinSource(), ...sources] : sources
  const { entries, problems, unlisted, lineOf } = mergeCatalogues(docs, { defaultLocale: shape.defaultLocale })
  throwProblems(problems, unlisted)
  // Bound only once every entry is valid: an entry left out by its own problem would show up as unbound conditions.
  const { bindings, problems: unbound } = bindConditions({ entries, builtins: shape.builtins, rateLimit: shape.rateLimit, lineOf })
  throwProblems(unbound)
  return compileCatalogue(entries, bindings, { shape, clientErrorLevel, serverErrorLevel, onFail })
}
