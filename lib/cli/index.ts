#!/usr/bin/env node
/**
 * The `fastify-error-catalogue` command.
 *   generate <catalogue...> --out FILE [--no-builtins]   write the TypeScript declarations
 *   check <catalogue...> --out FILE [--no-builtins]      exit 1 when FILE is stale
 * Exit codes: 0 fine, 1 stale or invalid catalogue, 2 usage.
 * @module
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { parseArgs } from 'node:util'
import { readSource } from '../load.js'
import { validateCatalogues } from '../validate.js'
import { generateTypes } from './generate.js'

const USAGE = `Usage:
  fastify-error-catalogue generate <catalogue.yaml|.json>... --out <file.ts> [--no-builtins]
  fastify-error-catalogue check <catalogue.yaml|.json>... --out <file.ts> [--no-builtins]`

class UsageError extends Error {}

function main(argv: string[]): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: 'string', short: 'o' },
      'no-builtins': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false }
    }
  })
  if (values.help) {
    process.stdout.write(`${USAGE}\n`)
    return 0
  }
  const [command, ...files] = positionals
  if (command !== 'generate' && command !== 'check') throw new UsageError(`unknown command "${command ?? ''}"`)
  if (files.length === 0) throw new UsageError('name at least one catalogue file')
  if (values.out === undefined) throw new UsageError('--out <file.ts> is required')

  const entries = validateCatalogues(files.map(file => readSource(file)))
  const text = generateTypes(
    [...entries].map(([code, validated]) => [code, validated.entry] as const),
    { source: files.join(' '), kind: 'augment', builtins: !values['no-builtins'] }
  )
  if (command === 'generate') {
    mkdirSync(dirname(values.out), { recursive: true })
    writeFileSync(values.out, text)
    process.stdout.write(`wrote ${values.out} (${entries.size} codes)\n`)
    return 0
  }
  let current: string | undefined
  try {
    current = readFileSync(values.out, 'utf8')
  } catch {
    current = undefined
  }
  if (current === text) {
    process.stdout.write(`${values.out} is up to date (${entries.size} codes)\n`)
    return 0
  }
  process.stderr.write(
    `${values.out} is ${current === undefined ? 'missing' : 'stale'}: run fastify-error-catalogue generate ${files.join(' ')} --out ${values.out}\n`
  )
  return 1
}

try {
  process.exitCode = main(process.argv.slice(2))
} catch (error) {
  const usage = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
  process.stderr.write(`fastify-error-catalogue: ${(error as Error).message}\n`)
  if (usage) process.stderr.write(`${USAGE}\n`)
  process.exitCode = usage ? 2 : 1
}
