/**
 * The `fastify-error-catalogue` command.
 *   generate <catalogue...> --out FILE [--no-builtins] [--watch]  write the TypeScript declarations (again on every save)
 *   docs [catalogue...] [--app ENTRY] [--format md|html] [--out FILE]  write the error reference
 *   openapi [catalogue...] [--app ENTRY] [--out FILE]            write the error responses as an OpenAPI document
 *   schema [--out FILE]                                         write the catalogue JSON Schema
 *   contract [catalogue...] [--app ENTRY] [--out FILE]           write the contract document (errors.contract.json)
 *   check <catalogue...> [--app ENTRY] [--out FILE] [--docs FILE] [--openapi FILE] [--schema FILE] [--against OLD]
 *                                                               exit 1 when a file is stale or the contract broke
 *   import <module> [--out FILE]                                @fastify/error createError() calls → catalogue YAML
 * Without `--app`, the flags of the answer-shaping options (SHAPE_FLAGS) stand for the app's options.
 * Every command takes --help; --version prints the version. Usage texts: ./usage.ts.
 * Exit codes: 0 fine, 1 stale, breaking, invalid catalogue or a run-time failure (one line), 2 usage.
 * @module
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, extname } from 'node:path'
import { parseArgs } from 'node:util'
import { builtinSource } from '../load/builtins.js'
import type { CatalogueEntry } from '../load/catalogue-schema.js'
import { compareCatalogues, retiredCodes } from '../load/compare.js'
import { readSource, type SourceDocument } from '../load/read.js'
import { validateCatalogues } from '../load/validate.js'
import { openApiDocument } from '../artifacts/openapi-document.js'
import type { ArtifactSource } from '../artifacts/source.js'
import { generateTypes } from '../artifacts/types-module.js'
import { readAgainst } from './against.js'
import { contractText } from './contract.js'
import { loadApp } from './app.js'
import { contractOfFiles, renderReference } from './docs.js'
import { SHAPE_OPTIONS, shapeFromFlags } from './shape.js'
import { watchAndRegenerate } from './watch.js'
import { catalogueJsonSchema } from './schema.js'
import { runImport } from './import.js'
import { UsageError, advise, plural, usage, version } from './usage.js'
import type { CliIo } from './io.js'

const OPTIONS = {
  out: { type: 'string', short: 'o' },
  format: { type: 'string' },
  title: { type: 'string' },
  locale: { type: 'string' },
  codes: { type: 'string' },
  app: { type: 'string' },
  docs: { type: 'string' },
  openapi: { type: 'string' },
  schema: { type: 'string' },
  against: { type: 'string' },
  watch: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', short: 'v', default: false }
} as const

type Values = ReturnType<typeof parseArgs<{ args: string[]; options: typeof OPTIONS; allowPositionals: true }>>['values'] &
  Readonly<Record<string, string | boolean | undefined>>

async function main(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { ...OPTIONS, ...SHAPE_OPTIONS } })
  const flags = values as Values
  const [command, ...files] = positionals
  if (flags.version) {
    io.out(`${version()}\n`)
    return 0
  }
  // `--help`, `<command> --help`, `help [command]`, and no command at all (as fastify-cli does).
  if (flags.help || command === undefined || command === 'help') {
    io.out(`${usage(command === 'help' ? files[0] : command)}\n`)
    return 0
  }
  switch (command) {
    case 'generate':
      return generate(files, flags, io)
    case 'docs':
      return withSource(files, flags, source => write(io, flags.out, reference(source, flags, referenceAs(flags.format)), `the ${referenceAs(flags.format) === 'md' ? 'Markdown' : 'HTML'} error reference`))
    case 'openapi':
      return withSource(files, flags, source => write(io, flags.out, openApiText(source, flags), 'the OpenAPI document of the error responses'))
    case 'schema':
      return write(io, flags.out, catalogueJsonSchema(), 'the catalogue JSON Schema')
    case 'contract':
      return withSource(files, flags, source => write(io, flags.out, contractText(source), `the error contract, ${source.contract.entries.size} codes`))
    case 'check':
      return check(files, flags, io)
    case 'import':
      return runImport(files, flags.out, io)
    default:
      throw new UsageError(`unknown command "${command}"`)
  }
}

/** The artefacts' source: the app's own contract with `--app`, else the files' under the flags' shape. */
async function withSource(files: string[], values: Values, use: (source: ArtifactSource) => number): Promise<number> {
  if (values.app === undefined) return use(contractOfFiles(files.map(file => readSource(file)), await shapeFromFlags(values)))
  if (files.length > 0) throw new UsageError('--app reads the catalogue the app registers: name no catalogue file beside it')
  const app = await loadApp(values.app)
  try {
    return use(app.source)
  } finally {
    await app.close()
  }
}

function referenceAs(format: string | undefined): 'md' | 'html' {
  const as = format ?? 'md'
  if (as !== 'md' && as !== 'html') throw new UsageError(`--format must be md or html, got "${as}"`)
  return as
}

function reference(source: ArtifactSource, values: Values, as: 'md' | 'html'): string {
  const codes = values.codes
  if (codes !== undefined && codes !== 'all' && codes !== 'sent') throw new UsageError(`--codes must be all or sent, got "${codes}"`)
  return renderReference(source, { as, title: values.title, locale: values.locale, codes })
}

function openApiText(source: ArtifactSource, values: Values): string {
  return `${JSON.stringify(openApiDocument(source, { title: values.title }), null, 2)}\n`
}

function generate(files: string[], values: Values, io: CliIo): number {
  if (files.length === 0) throw new UsageError('name at least one catalogue file')
  if (values.out === undefined) throw new UsageError('--out <file.ts> is required')
  const out = values.out
  const regenerate = () => {
    const { text, count } = typesText(files, values, out)
    return write(io, out, text, plural(count, 'code'))
  }
  const status = regenerate()
  if (values.watch) watchAndRegenerate(files, regenerate, io)
  return status
}

async function check(files: string[], values: Values, io: CliIo): Promise<number> {
  if (values.out === undefined && values.docs === undefined && values.openapi === undefined && values.schema === undefined && values.against === undefined) {
    throw new UsageError('check needs --out, --docs, --openapi, --schema or --against')
  }
  if (values.out !== undefined && files.length === 0) throw new UsageError('name at least one catalogue file')
  if (values.against !== undefined && files.length === 0 && values.app === undefined) throw new UsageError('name at least one catalogue file, or --app')
  let failed = false
  const fresh = (file: string, expected: string, regenerate: string, what = '') => {
    const current = readOrUndefined(file)
    if (current === expected) {
      io.out(`${file} is up to date${what}\n`)
      return
    }
    failed = true
    io.err(`${file} is ${current === undefined ? 'missing' : 'stale'}: run ${advise(regenerate)}\n`)
  }
  const given = `${files.map(file => `${file} `).join('')}${values['no-builtins'] ? '--no-builtins ' : ''}`
  if (values.out !== undefined) {
    const { text, count } = typesText(files, values, values.out)
    fresh(values.out, text, `generate ${given}--out ${values.out}`, ` (${plural(count, 'code')})`)
  }
  const needsSource = values.docs !== undefined || values.openapi !== undefined || (values.against !== undefined && values.app !== undefined)
  if (needsSource) {
    const regenerateFlags = shapeFlagsGiven(values)
    await withSource(values.app === undefined ? files : [], values, source => {
      if (values.docs !== undefined) {
        const as = extname(values.docs).toLowerCase() === '.html' ? 'html' : 'md'
        fresh(values.docs, reference(source, values, as), `docs ${given}${regenerateFlags}--format ${as} --out ${values.docs}`)
      }
      if (values.openapi !== undefined) fresh(values.openapi, openApiText(source, values), `openapi ${given}${regenerateFlags}--out ${values.openapi}`)
      if (values.against !== undefined) failed = against(entriesOfContract(source), values.against, source.contract.shape.builtins, io) || failed
      return 0
    })
  }
  if (values.schema !== undefined) fresh(values.schema, catalogueJsonSchema(), `schema --out ${values.schema}`)
  if (values.against !== undefined && values.app === undefined) {
    failed = against(entriesOf(files.map(file => readSource(file)), !values['no-builtins']), values.against, !values['no-builtins'], io) || failed
  }
  return failed ? 1 : 0
}

/** The shape flags given, as they would be written again (for the advice of a stale file). */
function shapeFlagsGiven(values: Values): string {
  return Object.keys(SHAPE_OPTIONS)
    .filter(flag => flag !== 'no-builtins' && values[flag] !== undefined && values[flag] !== false)
    .map(flag => (values[flag] === true ? `--${flag} ` : `--${flag} ${String(values[flag])} `))
    .join('')
}

function entriesOf(sources: SourceDocument[], builtins: boolean): Map<string, CatalogueEntry> {
  const base = builtins ? [builtinSource()] : []
  return new Map([...validateCatalogues([...base, ...sources])].map(([code, validated]) => [code, validated.entry]))
}

function entriesOfContract({ contract }: ArtifactSource): Map<string, CatalogueEntry> {
  return new Map([...contract.entries.values()].map(entry => [entry.code, entry.source!.entry]))
}

/** Prints one line per breaking edit; true when there is any. */
function against(after: ReadonlyMap<string, CatalogueEntry>, spec: string, builtins: boolean, io: CliIo): boolean {
  const before = entriesOf([readAgainst(spec)], builtins)
  const breaks = compareCatalogues(before, after)
  for (const { code, message } of breaks) io.err(`BREAKING ${code}: ${message}\n`)
  for (const { code, sunset } of retiredCodes(before, after)) io.out(`retired ${code}: deprecated, removed after its sunset ${sunset}\n`)
  if (breaks.length === 0) {
    const added = [...after.keys()].filter(code => !before.has(code)).length
    io.out(`no breaking changes against ${spec} (${plural(after.size, 'code')}, ${added} added)\n`)
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

/**
 * Runs one command line and returns the exit code: 0 fine, 1 stale, breaking, invalid or
 * failed, 2 usage. A wrong command line prints its message and the command's usage; any
 * other failure (a missing file, git refusing a ref) prints one line and no usage.
 */
export async function run(argv: string[], io: CliIo = processIo): Promise<number> {
  try {
    return await main(argv, io)
  } catch (error) {
    const wrongLine = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    io.err(`fastify-error-catalogue: ${(error as Error).message}\n`)
    if (!wrongLine) return 1
    io.err(`${usage(argv.find(arg => !arg.startsWith('-')))}\n`)
    return 2
  }
}
