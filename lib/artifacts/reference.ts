/**
 * `app.errorCatalogue.reference()`: the error reference of a running app, written from the
 * catalogue that answers its requests and the routes it registered.
 * @module
 */
import type { CompiledCatalogue } from '../load/compile.js'
import type { EndpointIndex } from './endpoints.js'
import { renderHtml } from './html.js'
import { renderMarkdown } from './markdown.js'
import { buildDocsModel } from './model.js'

export interface ReferenceOptions {
  /** Default: `'markdown'`. */
  format?: 'markdown' | 'html'
  /** `'sent'`: only the codes some route declares or the plugin answers by itself. Default: `'all'`. */
  codes?: 'all' | 'sent'
  /** Default: `'Error reference'`. */
  title?: string
}

export function writeReference(catalogue: CompiledCatalogue, endpoints: EndpointIndex, options: ReferenceOptions): string {
  const model = buildDocsModel(catalogue, {
    title: options.title,
    endpoints,
    codes: options.codes ?? 'all'
  })
  return options.format === 'html' ? renderHtml(model) : renderMarkdown(model)
}
