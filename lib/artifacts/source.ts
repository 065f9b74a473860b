/**
 * What the artefacts are written from: the contract, and, for a running app, what its routes
 * declare. The plugin lends it to the CLI (`--app`) under a registry symbol, so a CLI and an app
 * with their own copies of the package still find each other.
 * @module
 */
import type { CompiledCatalogue } from '../load/compile.js'
import type { RouteErrors } from '../request/route-errors.js'
import type { EndpointIndex } from './endpoints.js'

export interface ArtifactSource {
  readonly contract: CompiledCatalogue
  /** The app's routes and the codes each declares; undefined for a catalogue-only run. */
  readonly endpoints?: EndpointIndex | undefined
  readonly routes?: readonly RouteErrors[] | undefined
}

/** Where a Fastify instance that registered the plugin keeps its artifact source (a getter). */
export const kArtifactSource = Symbol.for('fastify-error-catalogue.artifact-source')
