/**
 * `contract`: catalogue files → `errors.contract.json`, compiled as the reference is (same
 * merge over the built-ins, same format), without routes: a running app's own contract, with
 * its routes, is `app.errorCatalogue.contract()`.
 * @module
 */
import { contractDocument } from '../artifacts/contract-document.js'
import { BUILTIN_FORMATS } from '../formats/index.js'
import type { SourceDocument } from '../load/read.js'
import type { BuiltinFormatName } from '../types.js'
import { compileForDocs } from './docs.js'

export interface ContractCliOptions {
  readonly format: BuiltinFormatName
  readonly builtins: boolean
  readonly problemTypeBase?: string | undefined
}

/** The contract document's text: JSON, 2-space indent, final newline. */
export function contractText(sources: readonly SourceDocument[], options: ContractCliOptions): { text: string; count: number } {
  const catalogue = compileForDocs(sources, options)
  const document = contractDocument({
    catalogue,
    settings: { format: BUILTIN_FORMATS[options.format], problemTypeBase: options.problemTypeBase, includeRequestId: true },
    defaultLocale: 'en'
  })
  return { text: `${JSON.stringify(document, null, 2)}\n`, count: catalogue.entries.size }
}
