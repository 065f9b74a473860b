/**
 * The JSON Schema of a catalogue file, for editors (`# yaml-language-server: $schema=…`),
 * derived from the TypeBox schema the loader checks with: one source, two uses.
 * @module
 */
import { CODE_PATTERN, CatalogueEntrySchema, CatalogueFileSchema } from '../load/catalogue-schema.js'

/** The schema as committed in `catalogue/catalogue.schema.json`: JSON text, 2-space indent, final newline. */
export function catalogueJsonSchema(): string {
  // JSON.stringify drops TypeBox's symbol-keyed metadata, leaving plain JSON Schema.
  const entry = JSON.parse(JSON.stringify(CatalogueEntrySchema)) as Record<string, unknown>
  const schema = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: CatalogueFileSchema.$id,
    title: CatalogueFileSchema.title,
    description:
      'An error catalogue for fastify-error-catalogue: each key is an error code (snake_case or UPPER_SNAKE_CASE), each value its entry.',
    type: 'object',
    properties: {
      // The one key a catalogue may have besides codes: a pointer to this schema.
      $schema: { type: 'string', description: 'This schema, for editors' }
    },
    patternProperties: { [CODE_PATTERN.source]: entry },
    additionalProperties: false
  }
  return `${JSON.stringify(schema, null, 2)}\n`
}
