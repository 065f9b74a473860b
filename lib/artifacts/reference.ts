/**
 * `app.errorCatalogue.reference()`: the error reference of a running app, written from the
 * catalogue that answers its requests and the routes it registered.
 * @module
 */
import type { CompiledCatalogue } from '../load/compile.js'
import type { EndpointIndex } from './endpoints.js'
import { renderHtml } from './html.js'
import { renderMarkdown } from './markdown.js'
import { buildDocsModel, type DocsFormatName } from './model.js'

export interface ReferenceOptions {
  /** Default: `'markdown'`. */
  format?: 'markdown' | 'html'
  /** `'sent'`: only the codes some route declares or the plugin answers by itself. Default: `'all'`. */
  codes?: 'all' | 'sent'
  /** Default: `'Error reference'`. */
  title?: string
}

const BODY_FORMATS: readonly string[] = ['nested', 'flat', 'oauth', 'problem']

/** The docs name of a body format: a custom one is documented by its examples only. */
export function docsFormatName(format: string): DocsFormatName {
  return (BODY_FORMATS.includes(format) ? format : 'custom') as DocsFormatName
}

export function writeReference(catalogue: CompiledCatalogue, format: string, endpoints: EndpointIndex, options: ReferenceOptions): string {
  const model = buildDocsModel(catalogue, {
    format: docsFormatName(format),
    title: options.title,
    endpoints,
    codes: options.codes ?? 'all'
  })
  return options.format === 'html' ? renderHtml(model) : renderMarkdown(model)
}
