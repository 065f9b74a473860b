/**
 * The plugin's own failures, each with a stable `FST_CATALOGUE_*` code.
 * Listed in the README's "Error codes" table; a test keeps the two in step.
 * @module
 */
import createError from '@fastify/error'

/** A catalogue file or object has one or more problems; the message lists every one. */
export const FST_CATALOGUE_INVALID = createError<[string]>(
  'FST_CATALOGUE_INVALID',
  'Invalid error catalogue:\n%s'
)

/** A catalogue path could not be read. */
export const FST_CATALOGUE_NOT_FOUND = createError<[string, string]>(
  'FST_CATALOGUE_NOT_FOUND',
  'Cannot read error catalogue %s: %s'
)

/** A plugin option has the wrong type or value. */
export const FST_CATALOGUE_OPTION_INVALID = createError<[string]>(
  'FST_CATALOGUE_OPTION_INVALID',
  'Invalid fastify-error-catalogue option: %s',
  500,
  TypeError
)

/** `errorCatalogue.responses()` was given codes the loaded catalogue does not have. */
export const FST_CATALOGUE_UNKNOWN_CODE = createError<[string]>(
  'FST_CATALOGUE_UNKNOWN_CODE',
  'Unknown error catalogue code: %s',
  500,
  TypeError
)

/** `errorCatalogue.codeFor()` was asked for a condition this app never meets: its feature is off. */
export const FST_CATALOGUE_CONDITION_OFF = createError<[string]>(
  'FST_CATALOGUE_CONDITION_OFF',
  'The plugin never answers this condition in this app: %s',
  500,
  TypeError
)

/** Every code the plugin itself throws, for `instanceof` checks and documentation. */
export const errorCodes = {
  FST_CATALOGUE_INVALID,
  FST_CATALOGUE_NOT_FOUND,
  FST_CATALOGUE_OPTION_INVALID,
  FST_CATALOGUE_UNKNOWN_CODE,
  FST_CATALOGUE_CONDITION_OFF
} as const
