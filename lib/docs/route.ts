/**
 * The `docs` option: the error reference served as one HTML page, and `<route>/<code>`
 * redirecting to the code's entry on it. The page is rendered by lib/docs/ from the same
 * compiled catalogue that answers requests, so its examples are what this server sends.
 * @module
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { CompiledCatalogue } from '../load/compile.js'
import type { EndpointIndex } from './endpoints.js'
import { renderHtml } from './html.js'
import { buildDocsModel } from './model.js'
import { docsFormatName } from './reference.js'

export interface DocsRouteSettings {
  readonly route: string
  readonly title: string | undefined
  /** `'sent'`: only the codes some route declares or the plugin answers by itself. */
  readonly codes: 'all' | 'sent'
}

/** Pages kept per origin (scheme + host); Host is client-controlled, so the cache is bounded. */
const MAX_CACHED_PAGES = 16

/** No script, no external asset: the page needs nothing but its own inline CSS. */
const CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

/** @fastify/swagger leaves routes with `schema.hide` out of the OpenAPI document. */
const HIDDEN: Record<string, unknown> = { hide: true }

/** The problem `type` base the `docs` option implies: the page's path, made absolute per request by the problem format. */
export function docsTypeBase(prefix: string, docs: DocsRouteSettings | undefined): string | undefined {
  return docs === undefined ? undefined : `${prefix}${docs.route}#`
}

export function registerDocsRoute(
  fastify: FastifyInstance,
  docs: DocsRouteSettings,
  current: () => CompiledCatalogue,
  format: string,
  endpoints: () => EndpointIndex
): void {
  const path = `${fastify.prefix}${docs.route}`
  const formatName = docsFormatName(format)
  // Only problem bodies show the origin (in `type`); other formats render one page for every host.
  const perOrigin = formatName === 'problem'
  // Pages of the catalogue they were rendered from: a reloaded catalogue (`watch`) renders anew.
  let pages = new Map<string, string>()
  let pagesOf: CompiledCatalogue | undefined

  const page = (request: FastifyRequest): string => {
    const origin = `${request.protocol}://${request.host}`
    const key = perOrigin ? origin : ''
    const catalogue = current()
    if (pagesOf !== catalogue) {
      pages = new Map()
      pagesOf = catalogue
    }
    let html = pages.get(key)
    if (html === undefined) {
      // Built on the first request, after ready(): every route has been seen by then.
      html = renderHtml(buildDocsModel(catalogue, { format: formatName, title: docs.title, origin, endpoints: endpoints(), codes: docs.codes }))
      if (pages.size >= MAX_CACHED_PAGES) pages.clear()
      pages.set(key, html)
    }
    return html
  }

  fastify.get(docs.route, { schema: HIDDEN }, function errorReference(request: FastifyRequest, reply: FastifyReply) {
    return reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', CONTENT_SECURITY_POLICY)
      .header('x-content-type-options', 'nosniff')
      .send(page(request))
  })

  // A redirect rather than a page per code: one page to keep right, and the reader lands
  // on the entry with its neighbours and the retry section one scroll away.
  fastify.get(
    `${docs.route}/:code`,
    { schema: HIDDEN },
    function errorReferenceEntry(request: FastifyRequest<{ Params: { code: string } }>, reply: FastifyReply) {
      const { code } = request.params
      if (!current().entries.has(code)) return reply.callNotFound()
      return reply.redirect(`${path}#${code}`, 302)
    }
  )
}
