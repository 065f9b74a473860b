/**
 * Catalogue files → the error reference text, compiled exactly as the plugin compiles them
 * (same merge over the built-ins, same body serializer), so the examples are what the server sends.
 * @module
 */
import { buildCatalogue } from '../load/contract.js'
import type { CompiledCatalogue } from '../load/compile.js'
import { renderHtml } from '../artifacts/html.js'
import { renderMarkdown } from '../artifacts/markdown.js'
import { buildDocsModel } from '../artifacts/model.js'
import { BUILTIN_FORMATS } from '../formats/index.js'
import type { SourceDocument } from '../load/read.js'
import type { BuiltinFormatName } from '../types.js'

export interface ReferenceOptions {
  /** `md` (default) or `html`. */
  readonly as: 'md' | 'html'
  readonly format: BuiltinFormatName
  readonly builtins: boolean
  readonly problemTypeBase?: string | undefined
  readonly title?: string | undefined
  /** Document this locale's texts where the catalogue translates them. */
  readonly locale?: string | undefined
}

function localesOf(catalogue: CompiledCatalogue): string[] {
  return [...new Set([...catalogue.entries.values()].flatMap(entry => [...(entry.translations?.keys() ?? [])]))]
}

export function compileForDocs(sources: readonly SourceDocument[], options: Omit<ReferenceOptions, 'as' | 'title' | 'locale'>): CompiledCatalogue {
  return buildCatalogue({
    sources,
    builtins: options.builtins,
    // The reference documents the limiter's codes whether or not the app turns it on.
    rateLimit: options.builtins,
    compile: {
      format: BUILTIN_FORMATS[options.format],
      includeFix: true,
      problemTypeBase: options.problemTypeBase,
      clientErrorLevel: 'info',
      serverErrorLevel: 'error'
    }
  })
}

/** The Markdown or HTML reference of the catalogue made of `sources` (merged over the built-ins unless `builtins` is false). */
export function renderReference(sources: readonly SourceDocument[], options: ReferenceOptions): string {
  const catalogue = compileForDocs(sources, options)
  if (options.locale !== undefined && !localesOf(catalogue).includes(options.locale)) {
    throw new RangeError(`the catalogue has no "${options.locale}" texts (translated: ${localesOf(catalogue).join(', ') || 'none'})`)
  }
  const model = buildDocsModel(catalogue, { format: options.format, title: options.title, locale: options.locale })
  return options.as === 'html' ? renderHtml(model) : renderMarkdown(model)
}
