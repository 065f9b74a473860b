/**
 * What the CLI says about itself: the usage of each command, the global one, the version,
 * and the wording rules its messages share (plurals, the advice to run a command).
 * @module
 */
import { readFileSync } from 'node:fs'
import { SHAPE_USAGE } from './shape.js'

/** The commands, in the order the global usage lists them. */
export const COMMAND_NAMES = ['generate', 'check', 'docs', 'openapi', 'contract', 'schema', 'import'] as const
export type CommandName = (typeof COMMAND_NAMES)[number]

interface CommandHelp {
  /** One line for the global usage. */
  readonly summary: string
  /** The command's synopsis and options, printed by `<command> --help` and with its usage errors. */
  readonly usage: string
}

const BIN = 'fastify-error-catalogue'

/** The answer-shaping flags stand for the app's options when there is no --app. */
const SHAPE_HELP = "  Without --app, the other flags are the app's answer-shaping options (--no-builtins, --response-format…)."

const COMMANDS: Readonly<Record<CommandName, CommandHelp>> = {
  generate: {
    summary: 'write the TypeScript declarations of a catalogue',
    usage: `Usage: ${BIN} generate <catalogue.yaml|.json>... --out <file.ts> [--no-builtins] [--watch]

  -o, --out <file.ts>   the module to write (import it once in your app)
  --no-builtins         leave the built-in codes out of the types (builtins: false)
  --watch               write it again on every save of a catalogue file`
  },
  check: {
    summary: 'exit 1 when a generated file is stale or the contract broke (for CI)',
    usage: `Usage: ${BIN} check [<catalogue>...] [--app <entry>] [--out <file.ts>] [--docs <file.md|.html>] [--openapi <file.json>]
      [--schema <file.json>] [--against <old catalogue or contract file | git-ref:path>] [--title <text>]
      ${SHAPE_USAGE}

  --app <entry>         the app itself (a module exporting a Fastify instance or a plugin) instead of catalogue files
  -o, --out <file.ts>   the generated types module to compare
  --docs <file>         the generated reference to compare (.md or .html)
  --openapi <file.json> the generated OpenAPI document to compare
  --schema <file.json>  the catalogue JSON Schema to compare
  --against <old>       list breaking edits against an older catalogue or contract document: a file, or git's ref:path (main:errors.yaml)
  --title <text>        as given to docs and openapi
${SHAPE_HELP}`
  },
  docs: {
    summary: 'write the error reference (Markdown or one HTML page)',
    usage: `Usage: ${BIN} docs [<catalogue>...] [--app <entry>] [--format md|html] [--out <file>] [--title <text>] [--locale <tag>] [--codes all|sent]
      ${SHAPE_USAGE}

  --app <entry>      the app itself: its catalogue, options and routes ("Returned by")
  --format md|html   Markdown (the default) or one self-contained HTML page
  -o, --out <file>   the file to write (default: standard output)
  --title <text>     the page title
  --locale <tag>     the language of the texts (a catalogue translation)
  --codes all|sent   every code, or only those the app can send (with --app)
${SHAPE_HELP}`
  },
  openapi: {
    summary: 'write the error responses as an OpenAPI document',
    usage: `Usage: ${BIN} openapi [<catalogue>...] [--app <entry>] [--out <file.json>] [--title <text>]
      ${SHAPE_USAGE}

  --app <entry>          the app itself: components.responses per code, paths per route
  -o, --out <file.json>  the file to write (default: standard output)
  --title <text>         the document title
${SHAPE_HELP}`
  },
  contract: {
    summary: 'write the contract document (every code, its bodies and conditions) for SDK generators and portals',
    usage: `Usage: ${BIN} contract [<catalogue>...] [--app <entry>] [--out <errors.contract.json>]
      ${SHAPE_USAGE}

  --app <entry>                    the app itself: its catalogue, options and routes
  -o, --out <errors.contract.json> the file to write (default: standard output)
${SHAPE_HELP}`
  },
  schema: {
    summary: 'write the catalogue JSON Schema (for editors)',
    usage: `Usage: ${BIN} schema [--out <file.json>]

  -o, --out <file.json>  the file to write (default: standard output)`
  },
  import: {
    summary: 'turn the createError() calls of an @fastify/error module into catalogue entries',
    usage: `Usage: ${BIN} import <module.js|.ts> [--out <file.yaml>]

  Reads the module as text (it is never run) and writes one YAML entry per
  createError(code, message, statusCode) call; '%s' becomes a {placeholder}.
  -o, --out <file.yaml>  the file to write (default: standard output)`
  }
}

/** The global usage: every command in one line, and how to learn more. */
export function globalUsage(): string {
  const width = Math.max(...COMMAND_NAMES.map(name => name.length))
  const lines = COMMAND_NAMES.map(name => `  ${name.padEnd(width)}  ${COMMANDS[name].summary}`)
  return `Usage: ${BIN} <command> [options]

Commands:
${lines.join('\n')}

Run '${BIN} <command> --help' for a command's options, '${BIN} --version' for the version.
Exit codes: 0 fine, 1 stale, breaking, invalid or failed, 2 wrong command line.`
}

/** The usage of one command, or the global one for none (or an unknown name). */
export function usage(command?: string): string {
  return isCommandName(command) ? COMMANDS[command].usage : globalUsage()
}

export function isCommandName(name: string | undefined): name is CommandName {
  return (COMMAND_NAMES as readonly (string | undefined)[]).includes(name)
}

/** The package's version, read from its package.json (two folders up from lib/cli/ and dist/cli/ alike). */
export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
  return pkg.version
}

/** `1 code`, `3 codes`. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`
}

/** The command to advise, as the README writes it (a project's own bin, through npx). */
export function advise(args: string): string {
  return `npx ${BIN} ${args}`
}

export { UsageError } from './usage-error.js'
