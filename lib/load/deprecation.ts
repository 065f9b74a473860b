/**
 * A code's deprecation in words, one sentence for every place that shows it: the generated
 * types' `@deprecated`, the reference, OpenAPI and the registration warning.
 * @module
 */
import type { Deprecation } from './catalogue-schema.js'

/** `Use token_invalid. Revoked and invalid tokens answer alike (deprecated since 2026-03-01, sunset 2026-09-01)`. */
export function deprecationText(deprecated: Deprecation): string {
  const dates = [deprecated.since && `deprecated since ${deprecated.since}`, deprecated.sunset && `sunset ${deprecated.sunset}`].filter(Boolean).join(', ')
  const parts = [deprecated.use && `Use ${deprecated.use}.`, deprecated.reason, dates && `(${dates})`].filter(Boolean)
  return parts.length === 0 ? 'This code is deprecated.' : parts.join(' ')
}
