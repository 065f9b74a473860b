/**
 * `contract`: the contract document (`errors.contract.json`) of the artefacts' source, an app's
 * own (`--app`, routes included) or catalogue files' under the shape flags.
 * @module
 */
import { contractDocument } from '../artifacts/contract-document.js'
import type { ArtifactSource } from '../artifacts/source.js'

/** The contract document's text: JSON, 2-space indent, final newline. */
export function contractText({ contract, endpoints }: ArtifactSource): string {
  return `${JSON.stringify(contractDocument({ catalogue: contract, endpoints }), null, 2)}\n`
}
