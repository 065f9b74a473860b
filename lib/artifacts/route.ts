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
import { buildDocsModel, otherStatuses } from './model.js'

export interface DocsRouteSettings {
  readonly route: string
  readonly title: string | undefined
  /** `'sent'`: only the codes some route declares or the plugin answers by itself. */
  readonly codes: 'all' | 'sent'
}

/** No script, no external asset: the page needs nothing but its own inline CSS. */
const CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

/** @fastify/swagger leaves routes with `schema.hide` out of the OpenAPI document. */
const HIDDEN: Record<string, unknown> = { hide: true }

/**
 * The problem `type` base the `docs` option implies: the page's path, a relative reference
 * that clients resolve against the response URL. Never built from the request's Host.
 */
export function docsTypeBase(prefix: string, docs: DocsRouteSettings | undefined): string | undefined {
  return docs === undefined ? undefined : `${prefix}${docs.route}#`
}

export function registerDocsRoute(
  fastify: FastifyInstance,
  docs: DocsRouteSettings,
  current: () => CompiledCatalogue,
  endpoints: () => EndpointIndex
): void {
  const path = `${fastify.prefix}${docs.route}`
  // One page per catalogue (a reloaded one, `watch`, renders anew): nothing on it comes from the request.
  let html: string | undefined
  let htmlOf: CompiledCatalogue | undefined
  const page = (): string => {
    const catalogue = current()
    if (html === undefined || htmlOf !== catalogue) {
      // Built on the first request, after ready(): every route has been seen by then.
      html = renderHtml(buildDocsModel(catalogue, { title: docs.title, endpoints: endpoints(), codes: docs.codes }))
      htmlOf = catalogue
    }
    return html
  }
  // Codes a problem `type` can name: the catalogue's, and those made for statuses it lacks.
  const codeSets = new WeakMap<CompiledCatalogue, ReadonlySet<string>>()
  const codesOf = (catalogue: CompiledCatalogue): ReadonlySet<string> => {
    let codes = codeSets.get(catalogue)
    if (codes === undefined) {
      codes = new Set([...catalogue.entries.keys(), ...otherStatuses(catalogue).map(other => other.code)])
      codeSets.set(catalogue, codes)
    }
    return codes
  }

  fastify.get(docs.route, { schema: HIDDEN }, function errorReference(_request: FastifyRequest, reply: FastifyReply) {
    return reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', CONTENT_SECURITY_POLICY)
      .header('x-content-type-options', 'nosniff')
      .send(page())
  })

  // A redirect rather than a page per code: one page to keep right, and the reader lands
  // on the entry with its neighbours and the retry section one scroll away.
  fastify.get(
    `${docs.route}/:code`,
    { schema: HIDDEN },
    function errorReferenceEntry(request: FastifyRequest<{ Params: { code: string } }>, reply: FastifyReply) {
      const { code } = request.params
      if (!codesOf(current()).has(code)) return reply.callNotFound()
      return reply.redirect(`${path}#${code}`, 302)
    }
  )
}
