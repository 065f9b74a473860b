/**
 * A JSON catalogue read by `JSON.parse`, which is native and many times faster than the YAML
 * parser on the same text, when it is certain to read it exactly as the YAML parser would (JSON
 * is YAML 1.2): a JSON object, no key written twice in one object, every character one YAML
 * allows, no `__proto__` key, nesting well within MAX_NESTING. Anything else goes the YAML way,
 * which reports it with positions; positions for a problem found later are worked out then.
 * @module
 */
/**
 * Characters YAML does not allow in a document (YAML 1.2 §5.1, c-printable), which JSON
 * strings may hold: a text with one is left to the YAML parser, which refuses it.
 */
const NOT_YAML_PRINTABLE = /[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\ud800-\udfff]/

/** The value of a JSON catalogue, or undefined when it must be read as YAML (also when it nests deeper than `maxNesting`). */
export function readJson(text: string, maxNesting: number): unknown {
  if (text.charCodeAt(firstNonSpace(text)) !== 0x7b /* { */) return undefined
  if (NOT_YAML_PRINTABLE.test(text) || text.includes('"__proto__"')) return undefined
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return undefined
  }
  // JSON.parse keeps the last of two equal keys without a word; YAML refuses them, with their line.
  const keys = keysIn(value, 0, maxNesting)
  return keys !== undefined && keys === keyTokens(text) ? value : undefined
}

function firstNonSpace(text: string): number {
  let i = 0
  while (i < text.length && isJsonSpace(text.charCodeAt(i))) i++
  return i
}

function isJsonSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09
}

/** The keys of every object in the value, or undefined past `maxNesting`. */
function keysIn(value: unknown, depth: number, maxNesting: number): number | undefined {
  if (value === null || typeof value !== 'object') return 0
  if (depth > maxNesting) return undefined
  let keys = 0
  const list = Array.isArray(value)
  // JSON.parse builds plain objects and arrays: `for…in` sees exactly their own keys.
  for (const key in value) {
    if (!list) keys++
    const inner = keysIn((value as Record<string, unknown>)[key], depth + 1, maxNesting)
    if (inner === undefined) return undefined
    keys += inner
  }
  return keys
}

/**
 * The keys written in a text that JSON.parse accepted: strings followed by a colon. Outside
 * strings valid JSON has no quote, so each quote found after a string's end opens the next.
 */
function keyTokens(text: string): number {
  let keys = 0
  for (let open = text.indexOf('"'); open !== -1;) {
    let close = text.indexOf('"', open + 1)
    // A quote preceded by an odd number of backslashes is escaped.
    while (escaped(text, close)) close = text.indexOf('"', close + 1)
    let next = close + 1
    while (isJsonSpace(text.charCodeAt(next))) next++
    if (text.charCodeAt(next) === 0x3a /* : */) keys++
    open = text.indexOf('"', next)
  }
  return keys
}

function escaped(text: string, quote: number): boolean {
  let backslashes = 0
  for (let i = quote - 1; text.charCodeAt(i) === 0x5c; i--) backslashes++
  return backslashes % 2 === 1
}
