/**
 * The `fastify-error-catalogue` command.
 *   generate <catalogue...> --out FILE [--no-builtins] [--watch]  write the TypeScript declarations (again on every save)
 *   docs [catalogue...] [--format md|html] [--out FILE]         write the error reference
 *   schema [--out FILE]                                         write the catalogue JSON Schema
 *   contract <catalogue...> [--out FILE]                         write the contract document (errors.contract.json)
 *   check <catalogue...> [--out FILE] [--docs FILE] [--schema FILE] [--against OLD]
 *                                                               exit 1 when a file is stale or the contract broke
 * Exit codes: 0 fine, 1 stale, breaking or invalid catalogue, 2 usage.
 * @module
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, extname } from 'node:path'
import { parseArgs } from 'node:util'
import { builtinSource } from '../load/builtins.js'
import type { CatalogueEntry } from '../load/catalogue-schema.js'
import { compareCatalogues, retiredCodes } from '../load/compare.js'
import { isBuiltinFormatName } from '../formats/index.js'
import { readSource, type SourceDocument } from '../load/read.js'
import type { BuiltinFormatName } from '../types.js'
import { validateCatalogues } from '../load/validate.js'
import { readAgainst } from './against.js'
import { renderReference } from './docs.js'
import { contractText } from './contract.js'
import { generateTypes } from '../artifacts/types-module.js'
import { watchAndRegenerate } from './watch.js'
import { catalogueJsonSchema } from './schema.js'
import { UsageError } from './usage.js'
import type { CliIo } from './io.js'

const USAGE = `Usage:
  fastify-error-catalogue generate <catalogue.yaml|.json>... --out <file.ts> [--no-builtins] [--watch]
  fastify-error-catalogue docs [<catalogue>...] [--format md|html] [--out <file>] [--no-builtins]
      [--response-format nested|flat|oauth|problem] [--problem-type-base <uri>] [--title <text>] [--locale <tag>]
  fastify-error-catalogue schema [--out <file.json>]
  fastify-error-catalogue contract <catalogue>... [--out <errors.contract.json>] [--no-builtins]
      [--response-format nested|flat|oauth|problem] [--problem-type-base <uri>]
  fastify-error-catalogue check [<catalogue>...] [--out <file.ts>] [--docs <file.md|.html>] [--schema <file.json>]
      [--against <old catalogue or contract file | git-ref:path>] [--no-builtins] [--response-format <format>] [--title <text>]`

const OPTIONS = {
  out: { type: 'string', short: 'o' },
  format: { type: 'string' },
  'response-format': { type: 'string' },
  'problem-type-base': { type: 'string' },
  title: { type: 'string' },
  locale: { type: 'string' },
  docs: { type: 'string' },
  schema: { type: 'string' },
  against: { type: 'string' },
  'no-builtins': { type: 'boolean', default: false },
  watch: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false }
} as const

type Values = ReturnType<typeof parseArgs<{ args: string[]; options: typeof OPTIONS; allowPositionals: true }>>['values']

function main(argv: string[], io: CliIo): number {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: OPTIONS })
  if (values.help) {
    io.out(`${USAGE}\n`)
    return 0
  }
  const [command, ...files] = positionals
  switch (command) {
    case 'generate':
      return generate(files, values, io)
    case 'docs':
      return docs(files, values, io)
    case 'schema':
      return write(io, values.out, catalogueJsonSchema(), 'the catalogue JSON Schema')
    case 'contract':
      return contract(files, values, io)
    case 'check':
      return check(files, values, io)
    default:
      throw new UsageError(`unknown command "${command ?? ''}"`)
  }
}

function generate(files: string[], values: Values, io: CliIo): number {
  if (files.length === 0) throw new UsageError('name at least one catalogue file')
  if (values.out === undefined) throw new UsageError('--out <file.ts> is required')
  const out = values.out
  const regenerate = () => {
    const { text, count } = typesText(files, values, out)
    return write(io, out, text, `${count} codes`)
  }
  const status = regenerate()
  if (values.watch) watchAndRegenerate(files, regenerate, io)
  return status
}

function docs(files: string[], values: Values, io: CliIo): number {
  const as = values.format ?? 'md'
  if (as !== 'md' && as !== 'html') throw new UsageError(`--format must be md or html, got "${as}"`)
  return write(io, values.out, reference(files, values, as), `the ${as === 'md' ? 'Markdown' : 'HTML'} error reference`)
}

function contract(files: string[], values: Values, io: CliIo): number {
  if (files.length === 0) throw new UsageError('name at least one catalogue file')
  const { text, count } = contractText(files.map(file => readSource(file)), {
    format: responseFormat(values),
    builtins: !values['no-builtins'],
    problemTypeBase: values['problem-type-base']
  })
  return write(io, values.out, text, `the error contract, ${count} codes`)
}

function check(files: string[], values: Values, io: CliIo): number {
  if (values.out === undefined && values.docs === undefined && values.schema === undefined && values.against === undefined) {
    throw new UsageError('check needs --out, --docs, --schema or --against')
  }
  if ((values.out !== undefined || values.against !== undefined) && files.length === 0) {
    throw new UsageError('name at least one catalogue file')
  }
  let failed = false
  const fresh = (file: string, expected: string, regenerate: string, what = '') => {
    const current = readOrUndefined(file)
    if (current === expected) {
      io.out(`${file} is up to date${what}\n`)
      return
    }
    failed = true
    io.err(`${file} is ${current === undefined ? 'missing' : 'stale'}: run fastify-error-catalogue ${regenerate}\n`)
  }
  const flags = `${files.map(file => `${file} `).join('')}${values['no-builtins'] ? '--no-builtins ' : ''}`
  if (values.out !== undefined) {
    const { text, count } = typesText(files, values, values.out)
    fresh(values.out, text, `generate ${flags}--out ${values.out}`, ` (${count} codes)`)
  }
  if (values.docs !== undefined) {
    const as = extname(values.docs).toLowerCase() === '.html' ? 'html' : 'md'
    const format = values['response-format'] === undefined ? '' : `--response-format ${values['response-format']} `
    fresh(values.docs, reference(files, values, as), `docs ${flags}${format}--format ${as} --out ${values.docs}`)
  }
  if (values.schema !== undefined) fresh(values.schema, catalogueJsonSchema(), `schema --out ${values.schema}`)
  if (values.against !== undefined) failed = against(files, values.against, !values['no-builtins'], io) || failed
  return failed ? 1 : 0
}

/** Prints one line per breaking edit; true when there is any. */
function against(files: string[], spec: string, builtins: boolean, io: CliIo): boolean {
  const base = builtins ? [builtinSource()] : []
  const entriesOf = (sources: SourceDocument[]) =>
    new Map<string, CatalogueEntry>([...validateCatalogues([...base, ...sources])].map(([code, validated]) => [code, validated.entry]))
  const before = entriesOf([readAgainst(spec)])
  const after = entriesOf(files.map(file => readSource(file)))
  const breaks = compareCatalogues(before, after)
  for (const { code, message } of breaks) io.err(`BREAKING ${code}: ${message}\n`)
  for (const { code, sunset } of retiredCodes(before, after)) io.out(`retired ${code}: deprecated, removed after its sunset ${sunset}\n`)
  if (breaks.length === 0) {
    const added = [...after.keys()].filter(code => !before.has(code)).length
    io.out(`no breaking changes against ${spec} (${after.size} codes, ${added} added)\n`)
  }
  return breaks.length > 0
}

function typesText(files: string[], values: Values, out: string): { text: string; count: number } {
  const entries = validateCatalogues(files.map(file => readSource(file)))
  const text = generateTypes(
    [...entries].map(([code, validated]) => [code, validated.entry] as const),
    { kind: 'augment', files, out, builtins: !values['no-builtins'] }
  )
  return { text, count: entries.size }
}

function responseFormat(values: Values): BuiltinFormatName {
  const format = values['response-format'] ?? 'nested'
  if (!isBuiltinFormatName(format)) throw new UsageError(`--response-format must be nested, flat, oauth or problem, got "${format}"`)
  return format
}

function reference(files: string[], values: Values, as: 'md' | 'html'): string {
  const format = responseFormat(values)
  const builtins = !values['no-builtins']
  if (!builtins && files.length === 0) throw new UsageError('name at least one catalogue file, or leave the built-ins on')
  return renderReference(
    files.map(file => readSource(file)),
    { as, format, builtins, problemTypeBase: values['problem-type-base'], title: values.title, locale: values.locale }
  )
}

/** Writes to FILE, or to stdout without one. */
function write(io: CliIo, out: string | undefined, text: string, what: string): number {
  if (out === undefined) {
    io.out(text)
    return 0
  }
  mkdirSync(dirname(out), { recursive: true })
  writeFileSync(out, text)
  io.out(`wrote ${out} (${what})\n`)
  return 0
}

function readOrUndefined(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8')
  } catch {
    return undefined
  }
}

const processIo: CliIo = {
  out: text => void process.stdout.write(text),
  err: text => void process.stderr.write(text)
}

/** Runs one command line and returns the exit code: 0 fine, 1 stale, breaking or invalid, 2 usage. */
export function run(argv: string[], io: CliIo = processIo): number {
  try {
    return main(argv, io)
  } catch (error) {
    const usage = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    io.err(`fastify-error-catalogue: ${(error as Error).message}\n`)
    if (usage) io.err(`${USAGE}\n`)
    return usage ? 2 : 1
  }
}
