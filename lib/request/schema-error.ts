/**
 * A schema error formatter for the Fastify factory: Fastify's own message, without the stack.
 * @module
 */
import type { FastifySchemaValidationError } from 'fastify'

/** Fastify's `validationContext`: the part of the request that failed. */
type SchemaErrorDataVar = 'body' | 'headers' | 'params' | 'querystring'

/**
 * Pass to `Fastify({ schemaErrorFormatter })`: the error a schema failure makes, with the very
 * message Fastify's default formatter writes (`body/count must be integer, body must have
 * required property 'name'`), but without capturing a stack trace. Fastify's default makes a
 * `new Error(…)`, whose stack (Fastify's own frames, never shown by the plugin) costs more than
 * building and sending the whole catalogue answer. `onError` hooks and `attachValidation` see
 * the same error as before: a native `Error` with the same message, whose `stack` is its first
 * line only. A factory option, like `frameworkErrors`, because a plugin cannot set it without
 * replacing a formatter of the app's own.
 * @example
 * const app = Fastify({ frameworkErrors, schemaErrorFormatter })
 * await app.register(errorsPlugin)
 */
export function schemaErrorFormatter(errors: FastifySchemaValidationError[], dataVar: SchemaErrorDataVar): Error {
  let text = ''
  for (let i = 0; i < errors.length; i++) {
    const error = errors[i]!
    text += `${i === 0 ? '' : ', '}${dataVar}${error.instancePath || ''} ${error.message}`
  }
  return withoutStack(text)
}

function withoutStack(message: string): Error {
  const limit = Error.stackTraceLimit
  try {
    Error.stackTraceLimit = 0
  } catch {
    // Frozen intrinsics (`Error.stackTraceLimit` not writable): an error with a stack, as Fastify's.
    return new Error(message)
  }
  try {
    return new Error(message)
  } finally {
    Error.stackTraceLimit = limit
  }
}
