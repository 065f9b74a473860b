/**
 * `import <module>`: the `createError(code, message, statusCode)` calls of an @fastify/error
 * module as catalogue entries (YAML), so a team keeps its codes when it moves to a catalogue.
 * The module is read as text and never run: importing it would run its imports and side
 * effects, and need a loader for TypeScript. A small tokenizer (./import-tokens.ts) skips
 * comments, strings, template literals and regular expressions.
 * @module
 */
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs'
import { basename, dirname } from 'node:path'
import { CODE_PATTERN } from '../load/catalogue-schema.js'
import { placeholdersOf } from '../load/template.js'
import type { CliIo } from './io.js'
import { tokenize, type Token } from './import-tokens.js'
import { UsageError, plural } from './usage.js'

// ---------------------------------------------------------------------------------------
// createError() calls
// ---------------------------------------------------------------------------------------

const MODULE = '@fastify/error'

/** The names the module gives @fastify/error's factory: `createError` and whatever it imports it as. */
function factoryNames(tokens: readonly Token[]): Set<string> {
  const names = new Set(['createError'])
  const is = (at: number, text: string) => tokens[at]?.text === text
  const isModule = (at: number) => tokens[at]?.kind === 'string' && tokens[at]!.text === MODULE
  for (let i = 0; i < tokens.length; i++) {
    // import fastifyError from '@fastify/error'
    if (is(i, 'import') && tokens[i + 1]?.kind === 'name' && is(i + 2, 'from') && isModule(i + 3)) names.add(tokens[i + 1]!.text)
    // import { createError as make } from '@fastify/error'
    if (is(i, 'as') && tokens[i + 1]?.kind === 'name' && (is(i - 1, 'createError') || is(i - 1, 'default'))) names.add(tokens[i + 1]!.text)
    // const make = require('@fastify/error')
    if (is(i, '=') && is(i + 1, 'require') && is(i + 2, '(') && isModule(i + 3) && tokens[i - 1]?.kind === 'name') names.add(tokens[i - 1]!.text)
  }
  return names
}

interface Call {
  readonly line: number
  /** Each argument's tokens, split at top-level commas. */
  readonly args: Token[][]
}

/** Every `name(…)` or `name<…>(…)` call of the factory, with its arguments. */
function calls(tokens: readonly Token[], names: ReadonlySet<string>): Call[] {
  const found: Call[] = []
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!
    // `x.createError` is some other object's method; `function createError` is no call.
    if (token.kind !== 'name' || !names.has(token.text) || tokens[i - 1]?.text === '.' || tokens[i - 1]?.text === 'function') continue
    let open = i + 1
    if (tokens[open]?.text === '<') open = matching(tokens, open, '<', '>') + 1
    if (tokens[open]?.text !== '(') continue
    const close = matching(tokens, open, '(', ')')
    found.push({ line: token.line, args: splitArgs(tokens.slice(open + 1, close)) })
    i = close
  }
  return found
}

/** The index of the bracket that closes the one at `open`. */
function matching(tokens: readonly Token[], open: number, left: string, right: string): number {
  let depth = 0
  for (let i = open; i < tokens.length; i++) {
    if (tokens[i]!.kind !== 'punct') continue
    if (tokens[i]!.text === left) depth++
    if (tokens[i]!.text === right && --depth === 0) return i
  }
  return tokens.length
}

function splitArgs(tokens: readonly Token[]): Token[][] {
  const args: Token[][] = [[]]
  let depth = 0
  for (const token of tokens) {
    if (token.kind === 'punct' && '([{'.includes(token.text)) depth++
    if (token.kind === 'punct' && ')]}'.includes(token.text)) depth--
    if (depth === 0 && token.kind === 'punct' && token.text === ',') args.push([])
    else args.at(-1)!.push(token)
  }
  // A trailing comma leaves an empty last argument.
  return args.at(-1)!.length === 0 ? args.slice(0, -1) : args
}

/** A string literal, or string literals joined with `+`; undefined for anything computed. */
function stringValue(tokens: readonly Token[] | undefined): string | undefined {
  if (tokens === undefined || tokens.length === 0 || tokens.length % 2 === 0) return undefined
  let value = ''
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!
    if (i % 2 === 1 ? token.text !== '+' : token.kind !== 'string') return undefined
    if (i % 2 === 0) value += token.text
  }
  return value
}

// ---------------------------------------------------------------------------------------
// Entries
// ---------------------------------------------------------------------------------------

/** One catalogue entry made from a call. */
export interface ImportedEntry {
  readonly code: string
  readonly status: number
  readonly message: string
  readonly params: Readonly<Record<string, 'number' | 'integer'>>
  readonly line: number
}

/** A call that could not become an entry, and why. */
export interface SkippedCall {
  readonly line: number
  readonly reason: string
}

/** util.format's directives, as @fastify/error fills them from the constructor's arguments. */
const DIRECTIVE = /%([sdifjoOc%])/g
const DIRECTIVE_TYPES: Readonly<Record<string, 'number' | 'integer' | undefined>> = { d: 'number', i: 'integer', f: 'number' }

/**
 * `'msg %s'` → `'msg {value}'`; with several directives `{value1}`, `{value2}`, … in order,
 * typed `number` (`%d`, `%f`) or `integer` (`%i`) where the directive says so. `%%` is `%`,
 * and `%c` (a CSS directive util.format drops) is dropped too.
 */
export function placeholderMessage(message: string): { message: string; params: Record<string, 'number' | 'integer'> } {
  const count = [...message.matchAll(DIRECTIVE)].filter(match => match[1] !== '%' && match[1] !== 'c').length
  const params: Record<string, 'number' | 'integer'> = {}
  let n = 0
  const text = message.replace(DIRECTIVE, (_all, directive: string) => {
    if (directive === '%') return '%'
    if (directive === 'c') return ''
    n++
    const name = count === 1 ? 'value' : `value${n}`
    const type = DIRECTIVE_TYPES[directive]
    if (type !== undefined) params[name] = type
    return `{${name}}`
  })
  return { message: text, params }
}

/** The entries of a module's createError() calls, and the calls it had to pass over. */
export function importEntries(source: string): { entries: ImportedEntry[]; skipped: SkippedCall[] } {
  const tokens = tokenize(source)
  const entries: ImportedEntry[] = []
  const skipped: SkippedCall[] = []
  const seen = new Set<string>()
  for (const call of calls(tokens, factoryNames(tokens))) {
    const result = entryOf(call)
    if (typeof result === 'string') skipped.push({ line: call.line, reason: result })
    else if (seen.has(result.code)) skipped.push({ line: call.line, reason: `${result.code} is defined twice: the first one is kept` })
    else {
      seen.add(result.code)
      entries.push(result)
    }
  }
  return { entries, skipped }
}

/** The entry of one call, or why there is none. */
function entryOf(call: Call): ImportedEntry | string {
  const [codeArg, messageArg, statusArg] = call.args
  const code = stringValue(codeArg)
  if (code === undefined) return 'its code is not a string literal'
  if (!CODE_PATTERN.test(code)) return `${code}: a catalogue code is snake_case or UPPER_SNAKE_CASE`
  const message = stringValue(messageArg)
  if (message === undefined) return `${code}: its message is not a string literal`
  if (message.trim() === '') return `${code}: its message is empty`
  // @fastify/error's default status.
  let status = 500
  if (statusArg !== undefined) {
    if (statusArg.length !== 1 || statusArg[0]!.kind !== 'number' || !/^\d+$/.test(statusArg[0]!.text)) return `${code}: its status is not a number literal`
    status = Number(statusArg[0]!.text)
  }
  if (status < 400 || status > 599) return `${code}: status ${status} is not an error status (400-599)`
  if (placeholdersOf(message).length > 0) return `${code}: its message has {braces} a catalogue would read as placeholders`
  return { code, status, ...placeholderMessage(message), line: call.line }
}

/** The entries as a catalogue file. */
export function entriesYaml(entries: readonly ImportedEntry[], from: string): string {
  const lines = [
    '# yaml-language-server: $schema=./node_modules/fastify-error-catalogue/catalogue/catalogue.schema.json',
    `# Imported from ${from} by fastify-error-catalogue import: add a fix (and a cause) to each entry.`
  ]
  for (const entry of entries) {
    lines.push(`${entry.code}:`, `  status: ${entry.status}`, `  message: ${JSON.stringify(entry.message)}`)
    const params = Object.entries(entry.params)
    if (params.length > 0) lines.push(`  params: { ${params.map(([name, type]) => `${name}: ${type}`).join(', ')} }`)
  }
  return `${lines.join('\n')}\n`
}

/** The `import` command: one module in, YAML out (stdout or --out); passed-over calls on stderr. */
export function runImport(files: readonly string[], out: string | undefined, io: CliIo): number {
  if (files.length !== 1) throw new UsageError('name one module to import')
  const file = files[0]!
  const { entries, skipped } = importEntries(readFileSync(file, 'utf8'))
  for (const call of skipped) io.err(`${file}:${call.line}: skipped: ${call.reason}\n`)
  if (entries.length === 0) throw new Error(`no createError(code, message, statusCode) call to import in ${file}`)
  const yaml = entriesYaml(entries, basename(file))
  if (out === undefined) {
    io.out(yaml)
    return 0
  }
  mkdirSync(dirname(out), { recursive: true })
  writeFileSync(out, yaml)
  io.out(`wrote ${out} (${plural(entries.length, 'code')})\n`)
  return 0
}
