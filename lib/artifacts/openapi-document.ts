/**
 * The contract as an OpenAPI 3.1 document: one reusable response per code under
 * `components.responses`, and, for an app, each route's error responses under `paths`
 * (the codes it declares and those the plugin answers by itself), written by the same
 * `errorResponses` that routes spread into `schema.response`.
 * @module
 */
import { errorResponses } from './openapi.js'
import type { ArtifactSource } from './source.js'

export interface OpenApiDocumentOptions {
  /** `info.title`. Default: `'Errors'`. */
  readonly title?: string | undefined
}

/** `/projects/:id` → `/projects/{id}` (OpenAPI path templating). */
function openApiPath(url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, '{$1}')
}

export function openApiDocument({ contract, endpoints, routes }: ArtifactSource, options: OpenApiDocumentOptions = {}): Record<string, unknown> {
  const responses: Record<string, unknown> = {}
  for (const code of contract.entries.keys()) {
    const [response] = Object.values(errorResponses(contract, [code]))
    responses[code] = response
  }
  const paths: Record<string, Record<string, unknown>> = {}
  for (const route of routes ?? []) {
    const codes = [...new Set([...(route.codes ?? []), ...(endpoints?.pluginCodes ?? [])])].filter(code => contract.entries.has(code))
    if (route.codes === undefined || codes.length === 0) continue
    const path = (paths[openApiPath(route.url)] ??= {})
    path[route.method.toLowerCase()] = { responses: { ...errorResponses(contract, codes) } }
  }
  return {
    openapi: '3.1.0',
    info: { title: options.title ?? 'Errors', version: '1' },
    paths,
    components: { responses }
  }
}
