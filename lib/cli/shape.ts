/**
 * The command line's flags for the options that shape an answer: derived from SHAPE_FLAGS (the
 * plugin's own table), resolved by the plugin's own `resolveAnswerShape`, so a catalogue-only run
 * documents exactly what an app registered with the same options sends.
 * @module
 */
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { isBuiltinFormatName } from '../formats/index.js'
import type { AnswerShape } from '../formats/index.js'
import { SHAPE_FLAGS, resolveAnswerShape, type AnswerShapeOptions } from '../options.js'
import { UsageError } from './usage.js'

type FlagOption = { readonly type: 'boolean' | 'string' }

/** The parseArgs options of the shape flags: `--no-fix`, `--rate-limit`, `--response-format <f>`, … */
export const SHAPE_OPTIONS: Readonly<Record<string, FlagOption>> = Object.fromEntries(
  Object.values(SHAPE_FLAGS).map(({ flag, value }) => [flag, { type: value === 'on' || value === 'off' ? 'boolean' : 'string' }] as const)
)

/** `[--no-fix] [--rate-limit] [--response-format <name|module>] …`, for the usage text. */
export const SHAPE_USAGE = Object.values(SHAPE_FLAGS)
  .map(({ flag, value }) => (value === 'on' || value === 'off' ? `[--${flag}]` : `[--${flag} <${value === 'integer' ? 'n' : flag === 'response-format' ? 'nested|flat|oauth|problem|./format.js' : 'value'}>]`))
  .join(' ')

/** The answer shape the flags describe; `--response-format ./format.js` imports a custom format `{ format, schema }`. */
export async function shapeFromFlags(values: Readonly<Record<string, unknown>>): Promise<AnswerShape> {
  const options: Record<string, unknown> = {}
  for (const [option, { flag, value }] of Object.entries(SHAPE_FLAGS)) {
    const given = values[flag]
    if (given === undefined || given === false) continue
    if (value === 'off') options[option] = false
    else if (value === 'on') options[option] = true
    else if (value === 'integer') options[option] = /^[0-9]+$/.test(String(given)) ? Number(given) : given
    else options[option] = given
  }
  if (typeof options.format === 'string' && !isBuiltinFormatName(options.format)) options.format = await customFormatModule(options.format)
  try {
    return resolveAnswerShape(options as AnswerShapeOptions)
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
}

/** A module whose default export (or `format` export) is a custom format `{ format, schema }`. */
async function customFormatModule(path: string): Promise<unknown> {
  if (!/[./\\]/.test(path)) throw new UsageError(`--response-format must be nested, flat, oauth, problem or a module path, got "${path}"`)
  let module: Record<string, unknown>
  try {
    module = (await import(pathToFileURL(resolve(path)).href)) as Record<string, unknown>
  } catch (error) {
    throw new UsageError(`--response-format ${path}: ${(error as Error).message.split('\n')[0]}`)
  }
  return module.default ?? module.format
}
