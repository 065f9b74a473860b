/**
 * The JSON Schema of a catalogue file, for editors (`# yaml-language-server: $schema=…`),
 * built around the entry schema the loader checks with: one source, two uses.
 * @module
 */
import { CATALOGUE_FILE_SCHEMA, CODE_PATTERN, CatalogueEntrySchema } from '../load/catalogue-schema.js'

/** The schema as committed in `catalogue/catalogue.schema.json`: JSON text, 2-space indent, final newline. */
export function catalogueJsonSchema(): string {
  const schema = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    ...CATALOGUE_FILE_SCHEMA,
    description:
      'An error catalogue for fastify-error-catalogue: each key is an error code (snake_case or UPPER_SNAKE_CASE), each value its entry.',
    type: 'object',
    properties: {
      // The one key a catalogue may have besides codes: a pointer to this schema.
      $schema: { type: 'string', description: 'This schema, for editors' }
    },
    patternProperties: { [CODE_PATTERN.source]: CatalogueEntrySchema },
    additionalProperties: false
  }
  return `${JSON.stringify(schema, null, 2)}\n`
}
