/**
 * Message templates: `"{resource} '{id}' not found"` compiled once into a function.
 * Only `{identifier}` is a placeholder; any other brace is literal text.
 * @module
 */

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g

/** Interpolated values longer than this are cut, with an ellipsis, so a client cannot inflate bodies or logs. */
export const MAX_PARAM_LENGTH = 256

export interface Template {
  /** True when the text has no placeholder, so `render` always returns the same string. */
  readonly constant: boolean
  render(params: unknown): string
}

export function placeholdersOf(text: string): string[] {
  const names = new Set<string>()
  addPlaceholders(text, names)
  return [...names]
}

function addPlaceholders(text: string, names: Set<string>): void {
  // Most texts have no placeholder: one scan for a brace spares the regular expression's matches.
  if (!text.includes('{')) return
  for (const match of text.matchAll(PLACEHOLDER)) names.add(match[1]!)
}

/** The texts of an entry that may hold placeholders (in the default locale; translations must use the same ones). */
export interface EntryTexts {
  readonly message: string
  readonly fix?: string | undefined
  readonly headers?: { readonly [name: string]: string } | undefined
}

/**
 * The parameters of an entry: every placeholder of its message, fix and header values,
 * in order of first appearance. The one home of this rule: validation, compilation,
 * the generated types and the contract check all ask here.
 */
export function entryPlaceholders(entry: EntryTexts): string[] {
  const names = new Set<string>()
  addPlaceholders(entry.message, names)
  if (entry.fix !== undefined) addPlaceholders(entry.fix, names)
  if (entry.headers !== undefined) for (const value of Object.values(entry.headers)) addPlaceholders(value, names)
  return [...names]
}

export function compileTemplate(text: string): Template {
  return compile(text, false)
}

/**
 * A header value template. A placeholder inside a quoted-string (RFC 9110 §5.6.4:
 * `Bearer realm="{user}"`) has `"` and `\` escaped as quoted-pairs, so a value cannot end
 * the string and add parameters of its own. Outside quotes a value is inserted as it is
 * (the caller strips what Node refuses in a header).
 */
export function compileHeaderTemplate(text: string): Template {
  return compile(text, true)
}

function compile(text: string, header: boolean): Template {
  const literals: string[] = []
  const names: string[] = []
  let last = 0
  for (const match of text.matchAll(PLACEHOLDER)) {
    literals.push(text.slice(last, match.index))
    names.push(match[1]!)
    last = match.index! + match[0].length
  }
  literals.push(text.slice(last))

  if (names.length === 0) {
    return { constant: true, render: () => text }
  }
  const head = literals[0]!
  const quoted = header ? quotedPlaceholders(literals) : names.map(() => false)
  return {
    constant: false,
    render(params) {
      let out = head
      for (let i = 0; i < names.length; i++) {
        const value = paramText(ownValue(params, names[i]!))
        out += (quoted[i] ? value.replace(QUOTED_PAIR, '\\$&') : value) + literals[i + 1]
      }
      return out
    }
  }
}

/** What a quoted-string must escape. */
const QUOTED_PAIR = /["\\]/g

/** For each placeholder (the gap after literal i), whether it sits inside a quoted-string. */
function quotedPlaceholders(literals: readonly string[]): boolean[] {
  const quoted: boolean[] = []
  let inside = false
  for (let i = 0; i < literals.length - 1; i++) {
    const literal = literals[i]!
    for (let j = 0; j < literal.length; j++) {
      if (literal[j] === '"') inside = !inside
      else if (inside && literal[j] === '\\') j++ // a quoted-pair: the next character is literal
    }
    quoted.push(inside)
  }
  return quoted
}

/** Own properties only: a `{toString}` placeholder must not read from Object.prototype. */
export function ownValue(params: unknown, name: string): unknown {
  if (params === null || typeof params !== 'object' || !Object.hasOwn(params, name)) return undefined
  return (params as Record<string, unknown>)[name]
}

/** The text a parameter value shows in a message: never throws, never longer than the bound. */
export function paramText(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return truncate(value)
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value)
    case 'undefined':
      return ''
    // A function's text is its source, and a symbol's its description: neither is for clients.
    case 'function':
      return '[function]'
    case 'symbol':
      return '[symbol]'
    default:
      if (value === null) return ''
      try {
        return truncate(String(value))
      } catch {
        // An object whose toString throws, or one with a null prototype.
        return ''
      }
  }
}

/** The value a parameter carries in the body's `params`: JSON-safe, bounded. */
export function paramValue(value: unknown): string | number | boolean | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value)
  if (typeof value === 'boolean') return value
  if (value === undefined || value === null) return undefined
  return paramText(value)
}

export function truncate(text: string): string {
  if (text.length <= MAX_PARAM_LENGTH) return text
  let cut = MAX_PARAM_LENGTH - 1
  // Never split a surrogate pair: half of one is not valid UTF-16.
  const code = text.charCodeAt(cut - 1)
  if (code >= 0xd800 && code <= 0xdbff) cut--
  return text.slice(0, cut) + '…'
}
