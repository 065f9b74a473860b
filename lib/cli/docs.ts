/**
 * The CLI's artefacts from one source: an app's own contract (`--app`), or catalogue files
 * made into a contract by the plugin's own `makeContract` under the flags' answer shape. Either
 * way the examples are what the server sends under that configuration.
 * @module
 */
import type { ArtifactSource } from '../artifacts/source.js'
import { renderHtml } from '../artifacts/html.js'
import { renderMarkdown } from '../artifacts/markdown.js'
import { buildDocsModel } from '../artifacts/model.js'
import type { AnswerShape } from '../formats/index.js'
import { makeContract } from '../load/contract.js'
import type { CompiledCatalogue } from '../load/compile.js'
import type { SourceDocument } from '../load/read.js'
import { UsageError } from './usage.js'

export interface ReferenceOptions {
  /** `md` (default) or `html`. */
  readonly as: 'md' | 'html'
  readonly title?: string | undefined
  /** Document this locale's texts where the catalogue translates them. */
  readonly locale?: string | undefined
  /** `sent`: only the codes the app can send (needs `--app`). */
  readonly codes?: 'all' | 'sent' | undefined
}

function localesOf(catalogue: CompiledCatalogue): string[] {
  return [...new Set([...catalogue.entries.values()].flatMap(entry => [...(entry.translations?.keys() ?? [])]))]
}

/** The contract of catalogue files alone, as an app registered with `shape`'s options would hold it. */
export function contractOfFiles(sources: readonly SourceDocument[], shape: AnswerShape): ArtifactSource {
  if (!shape.builtins && sources.length === 0) throw new UsageError('name at least one catalogue file, or leave the built-ins on')
  return { contract: makeContract({ sources, shape }) }
}

/** The Markdown or HTML reference of a contract. */
export function renderReference({ contract, endpoints }: ArtifactSource, options: ReferenceOptions): string {
  if (options.locale !== undefined && !localesOf(contract).includes(options.locale)) {
    throw new RangeError(`the catalogue has no "${options.locale}" texts (translated: ${localesOf(contract).join(', ') || 'none'})`)
  }
  if (options.codes === 'sent' && endpoints === undefined) throw new UsageError('--codes sent needs --app: only the app knows what its routes send')
  const model = buildDocsModel(contract, { title: options.title, locale: options.locale, endpoints, codes: options.codes ?? 'all' })
  return options.as === 'html' ? renderHtml(model) : renderMarkdown(model)
}
