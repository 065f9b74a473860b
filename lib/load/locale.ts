/**
 * Accept-Language negotiation (RFC 9110 §12.5.4) against the locales a catalogue has.
 * @module
 */

/** Distinct Accept-Language headers remembered; real traffic has few, an attacker many. */
const CACHE_LIMIT = 256

/**
 * Returns the best available locale for an Accept-Language header: an exact tag first,
 * then the same primary language (`de-CH` → `de`, `pt` → `pt-BR`), else the default.
 */
export function createNegotiator(available: readonly string[], defaultLocale: string): (header: string | undefined) => string {
  const byTag = new Map(available.map(tag => [tag.toLowerCase(), tag]))
  const byLanguage = new Map<string, string>()
  for (const tag of available) {
    const language = primary(tag)
    if (!byLanguage.has(language) || tag.toLowerCase() === language) byLanguage.set(language, tag)
  }
  const cache = new Map<string, string>()

  return function negotiate(header) {
    if (header === undefined || header === '') return defaultLocale
    const cached = cache.get(header)
    if (cached !== undefined) return cached
    const chosen = choose(parse(header), byTag, byLanguage) ?? defaultLocale
    if (cache.size >= CACHE_LIMIT) cache.clear()
    cache.set(header, chosen)
    return chosen
  }
}

function choose(ranges: readonly string[], byTag: Map<string, string>, byLanguage: Map<string, string>): string | undefined {
  for (const range of ranges) {
    const exact = byTag.get(range)
    if (exact !== undefined) return exact
    const sameLanguage = byLanguage.get(primary(range))
    if (sameLanguage !== undefined) return sameLanguage
  }
  return undefined
}

/** `de-CH, de;q=0.9, en;q=0.8, *;q=0.1` → `['de-ch', 'de', 'en']`, best first (q=0 and `*` dropped). */
function parse(header: string): string[] {
  const ranges: { tag: string; q: number; order: number }[] = []
  const parts = header.slice(0, 1024).split(',')
  for (let order = 0; order < parts.length && order < 32; order++) {
    const [tag = '', ...parameters] = parts[order]!.split(';')
    const q = parameters.map(p => p.trim()).find(p => p.startsWith('q='))
    const weight = q === undefined ? 1 : Number(q.slice(2))
    const name = tag.trim().toLowerCase()
    if (name === '' || name === '*' || !(weight > 0)) continue
    ranges.push({ tag: name, q: weight, order })
  }
  return ranges.sort((a, b) => b.q - a.q || a.order - b.order).map(range => range.tag)
}

function primary(tag: string): string {
  const dash = tag.indexOf('-')
  return (dash === -1 ? tag : tag.slice(0, dash)).toLowerCase()
}
