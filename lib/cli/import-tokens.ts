/**
 * The tokens of a JavaScript or TypeScript module that `import` reads: names, string and
 * number literals, template literals and punctuators, with comments, regular expressions and
 * template substitutions skipped, so a call written inside any of them is not taken for one.
 * @module
 */

export interface Token {
  readonly kind: 'name' | 'string' | 'number' | 'template' | 'punct'
  /** A name, a punctuator, a number's text, or a string's value (escapes resolved). */
  readonly text: string
  readonly line: number
}

/** After these a `/` starts a regular expression, not a division. */
const BEFORE_REGEX = new Set(['(', ',', '=', ':', '[', '!', '&', '|', '?', '{', '}', ';', '+', '-', '*', '%', '<', '>', '~', '^', 'return', 'typeof', 'case', 'do', 'else', 'in', 'of', 'new', 'throw', 'void', 'yield', 'await'])

const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', 0: '\0' }

/** The tokens of a JavaScript or TypeScript module that matter here; comments dropped. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = []
  let line = 1
  let i = 0
  const push = (kind: Token['kind'], text: string, at: number) => tokens.push({ kind, text, line: at })
  while (i < source.length) {
    const char = source[i]!
    if (char === '\n') {
      line++
      i++
    } else if (/\s/.test(char)) {
      i++
    } else if (source.startsWith('//', i)) {
      while (i < source.length && source[i] !== '\n') i++
    } else if (source.startsWith('/*', i)) {
      const end = source.indexOf('*/', i + 2)
      const stop = end === -1 ? source.length : end + 2
      line += countLines(source.slice(i, stop))
      i = stop
    } else if (char === '"' || char === "'" || char === '`') {
      const start = line
      const read = readQuoted(source, i)
      line += countLines(source.slice(i, read.end))
      push(char === '`' && read.substituted ? 'template' : 'string', read.value, start)
      i = read.end
    } else if (/[A-Za-z_$]/.test(char)) {
      const name = /^[A-Za-z0-9_$]+/.exec(source.slice(i, i + 256))![0]
      push('name', name, line)
      i += name.length
    } else if (/[0-9]/.test(char)) {
      const number = /^[0-9][0-9_.eExXa-fA-FnoObB]*/.exec(source.slice(i, i + 64))![0]
      push('number', number, line)
      i += number.length
    } else if (char === '/' && (tokens.length === 0 || BEFORE_REGEX.has(tokens.at(-1)!.text))) {
      i = skipRegex(source, i)
    } else {
      push('punct', char, line)
      i++
    }
  }
  return tokens
}

function countLines(text: string): number {
  let lines = 0
  for (const char of text) if (char === '\n') lines++
  return lines
}

/** A quoted string or template literal from `start` (its quote): its value and where it ends. */
function readQuoted(source: string, start: number): { value: string; end: number; substituted: boolean } {
  const quote = source[start]!
  let value = ''
  let substituted = false
  let i = start + 1
  while (i < source.length && source[i] !== quote) {
    const char = source[i]!
    if (char === '\\') {
      const next = source[i + 1] ?? ''
      // A backslash before a line break continues the string; any other escape is its character.
      value += next === '\n' ? '' : (ESCAPES[next] ?? next)
      i += 2
    } else if (quote === '`' && source.startsWith('${', i)) {
      substituted = true
      i = skipSubstitution(source, i + 2)
    } else {
      value += char
      i++
    }
  }
  return { value, end: i + 1, substituted }
}

/** Past the `}` that closes a template's `${`, nested braces and strings included. */
function skipSubstitution(source: string, start: number): number {
  let depth = 1
  let i = start
  while (i < source.length && depth > 0) {
    const char = source[i]!
    if (char === '"' || char === "'" || char === '`') {
      i = readQuoted(source, i).end
      continue
    }
    if (char === '{') depth++
    if (char === '}') depth--
    i++
  }
  return i
}

function skipRegex(source: string, start: number): number {
  let i = start + 1
  let inClass = false
  while (i < source.length && source[i] !== '\n') {
    const char = source[i]!
    if (char === '\\') i++
    else if (char === '[') inClass = true
    else if (char === ']') inClass = false
    else if (char === '/' && !inClass) break
    i++
  }
  return i + 1
}
