/**
 * RFC 6901 JSON Pointers, as Ajv reports where an error is (`/items/2/id`): the one reading of
 * them, for the catalogue's own schema errors and for a request's validation items.
 * @module
 */

/** `/items/2/a~1b` → `['items', '2', 'a/b']`; `''` (the whole value) → `[]`. */
export function pointerKeys(pointer: string): string[] {
  return pointer === '' ? [] : pointer.split('/').slice(1).map(unescapeKey)
}

function unescapeKey(segment: string): string {
  return segment.includes('~') ? segment.replace(/~1/g, '/').replace(/~0/g, '~') : segment
}
