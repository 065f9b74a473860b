/**
 * Which routes return which codes, from the declarations the plugin's onRoute hook collected:
 * the "Returned by" line of each code in the reference, and the codes the app can send.
 * @module
 */
import type { RouteErrors } from '../request/route-errors.js'

export interface EndpointIndex {
  /** `GET /projects/:id` for each route that declares `code`, in registration order. */
  returnedBy(code: string): readonly string[]
  /** The codes the plugin answers by itself in this app. */
  readonly pluginCodes: ReadonlySet<string>
  /** Codes some route declares, and the plugin's own: what the app can send. */
  readonly sendable: ReadonlySet<string>
}

/** Fastify adds a HEAD route for every GET one: listing both says nothing new. */
export function listedRoutes(routes: readonly RouteErrors[]): RouteErrors[] {
  const gets = new Set(routes.filter(route => route.method === 'GET').map(route => route.url))
  return routes.filter(route => !(route.method === 'HEAD' && gets.has(route.url)))
}

export function endpointIndex(routes: readonly RouteErrors[], pluginCodes: ReadonlySet<string>): EndpointIndex {
  const byCode = new Map<string, string[]>()
  for (const route of listedRoutes(routes)) {
    for (const code of route.codes ?? []) {
      const list = byCode.get(code)
      const name = `${route.method} ${route.url}`
      if (list === undefined) byCode.set(code, [name])
      else list.push(name)
    }
  }
  return {
    returnedBy: code => byCode.get(code) ?? [],
    pluginCodes,
    sendable: new Set([...byCode.keys(), ...pluginCodes])
  }
}
