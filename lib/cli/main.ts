/**
 * The `fastify-error-catalogue` command.
 *   generate <catalogue...> --out FILE [--no-builtins] [--watch]  write the TypeScript declarations (again on every save)
 *   docs [catalogue...] [--app ENTRY] [--format md|html] [--out FILE]  write the error reference
 *   openapi [catalogue...] [--app ENTRY] [--out FILE]            write the error responses as an OpenAPI document
 *   schema [--out FILE]                                         write the catalogue JSON Schema
 *   check <catalogue...> [--app ENTRY] [--out FILE] [--docs FILE] [--openapi FILE] [--schema FILE] [--against OLD]
 *                                                               exit 1 when a file is stale or the contract broke
 * Without `--app`, the flags of the answer-shaping options (SHAPE_FLAGS) stand for the app's options.
 * Exit codes: 0 fine, 1 stale, breaking or invalid catalogue, 2 usage.
 * @module
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, extname } from 'node:path'
import { parseArgs } from 'node:util'
import { builtinSource } from '../load/builtins.js'
import type { CatalogueEntry } from '../load/catalogue-schema.js'
import { compareCatalogues } from '../load/compare.js'
import { readSource, type SourceDocument } from '../load/read.js'
import { validateCatalogues } from '../load/validate.js'
import { openApiDocument } from '../artifacts/openapi-document.js'
import type { ArtifactSource } from '../artifacts/source.js'
import { generateTypes } from '../artifacts/types-module.js'
import { readAgainst } from './against.js'
import { loadApp } from './app.js'
import { contractOfFiles, renderReference } from './docs.js'
import { SHAPE_OPTIONS, SHAPE_USAGE, shapeFromFlags } from './shape.js'
import { watchAndRegenerate } from './watch.js'
import { catalogueJsonSchema } from './schema.js'
import { UsageError } from './usage.js'
import type { CliIo } from './io.js'

const USAGE = `Usage:
  fastify-error-catalogue generate <catalogue.yaml|.json>... --out <file.ts> [--no-builtins] [--watch]
  fastify-error-catalogue docs [<catalogue>...] [--app <entry>] [--format md|html] [--out <file>] [--title <text>] [--locale <tag>] [--codes all|sent]
  fastify-error-catalogue openapi [<catalogue>...] [--app <entry>] [--out <file.json>] [--title <text>]
  fastify-error-catalogue schema [--out <file.json>]
  fastify-error-catalogue check [<catalogue>...] [--app <entry>] [--out <file.ts>] [--docs <file.md|.html>] [--openapi <file.json>]
      [--schema <file.json>] [--against <old catalogue file | git-ref:path>] [--title <text>]
Without --app, these flags stand for the app's options (docs, openapi, check):
  ${SHAPE_USAGE}`

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
  help: { type: 'boolean', short: 'h', default: false }
} as const

type Values = ReturnType<typeof parseArgs<{ args: string[]; options: typeof OPTIONS; allowPositionals: true }>>['values'] &
  Readonly<Record<string, string | boolean | undefined>>

async function main(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { ...OPTIONS, ...SHAPE_OPTIONS } })
  const flags = values as Values
  if (flags.help) {
    io.out(`${USAGE}\n`)
    return 0
  }
  const [command, ...files] = positionals
  switch (command) {
    case 'generate':
      return generate(files, flags, io)
    case 'docs':
      return withSource(files, flags, source => write(io, flags.out, reference(source, flags, referenceAs(flags.format)), `the ${referenceAs(flags.format) === 'md' ? 'Markdown' : 'HTML'} error reference`))
    case 'openapi':
      return withSource(files, flags, source => write(io, flags.out, openApiText(source, flags), 'the OpenAPI document of the error responses'))
    case 'schema':
      return write(io, flags.out, catalogueJsonSchema(), 'the catalogue JSON Schema')
    case 'check':
      return check(files, flags, io)
    default:
      throw new UsageError(`unknown command "${command ?? ''}"`)
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
    return write(io, out, text, `${count} codes`)
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
    io.err(`${file} is ${current === undefined ? 'missing' : 'stale'}: run fastify-error-catalogue ${regenerate}\n`)
  }
  const given = `${files.map(file => `${file} `).join('')}${values['no-builtins'] ? '--no-builtins ' : ''}`
  if (values.out !== undefined) {
    const { text, count } = typesText(files, values, values.out)
    fresh(values.out, text, `generate ${given}--out ${values.out}`, ` (${count} codes)`)
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
export async function run(argv: string[], io: CliIo = processIo): Promise<number> {
  try {
    return await main(argv, io)
  } catch (error) {
    const usage = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    io.err(`fastify-error-catalogue: ${(error as Error).message}\n`)
    if (usage) io.err(`${USAGE}\n`)
    return usage ? 2 : 1
  }
}
