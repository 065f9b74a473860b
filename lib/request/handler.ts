/**
 * The error handler, the not-found handler and `frameworkErrors`, exported so that an
 * app with a root error handler of its own can call ours instead of fighting over the slot.
 * @module
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { classify, type Classified } from './classify.js'
import { catalogueOf } from './current.js'
import { guardLateErrors } from './late-error.js'
import { kLimiter, type Limiter } from './rate-limit.js'
import { pathOf, respond, respondSafely } from './respond.js'

export { kCatalogue } from './current.js'

/**
 * Answers any thrown value with its catalogue entry. Installed by the plugin with
 * `setErrorHandler`; call it from your own handler to compose.
 * @example
 * app.setErrorHandler((error, request, reply) => {
 *   metrics.count(error)
 *   return errorHandler(error, request, reply)
 * })
 */
export function errorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply | undefined {
  const catalogue = catalogueOf(request)
  if (catalogue === undefined) throw error // the plugin is not registered here: let Fastify's default answer
  if (reply.sent || reply.raw.headersSent) {
    // Too late for a response (a stream failed mid-body): all that is left is the log.
    reply.log.error({ err: error }, 'fastify-error-catalogue: error after the response was sent')
    return undefined
  }
  guardLateErrors(reply)
  let classified: Classified
  try {
    classified = classify(error, reply, catalogue)
  } catch (failure) {
    return respondSafely({ reply, catalogue, failure, original: error })
  }
  return respond({ reply, catalogue, entry: classified.entry, params: classified.params, extras: classified, error })
}

/**
 * `errorHandler` as the plugin installs it: the same answer, returning nothing. A returned
 * reply is a thenable to Fastify, which waits on it (`reply.then`) for a send that has already
 * happened; the exported `errorHandler` keeps returning the reply, which an app's own async
 * handler must return when it composes ours.
 */
export function answerError(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
  errorHandler(error, request, reply)
}

/** Answers unknown routes with the entry bound to `route-not-found` (`Route GET /nope not found`). */
export function notFoundHandler(request: FastifyRequest, reply: FastifyReply): FastifyReply | undefined {
  const catalogue = catalogueOf(request)
  /* c8 ignore next -- installed only by the plugin, which decorates the instance first */
  if (catalogue === undefined) return reply.code(404).send()
  const params = { method: request.method, url: pathOf(request.url) }
  return respond({ reply, catalogue, entry: catalogue.answer('route-not-found'), params })
}

/** `notFoundHandler` as the plugin installs it: returning nothing, for the reason `answerError` gives. */
export function answerNotFound(request: FastifyRequest, reply: FastifyReply): void {
  notFoundHandler(request, reply)
}

/**
 * Pass to `Fastify({ frameworkErrors })`: router errors (a malformed URL, a path
 * parameter over `maxParamLength`) never reach `setErrorHandler`, and a plugin cannot set
 * this factory option for you. With the plugin's `rateLimit`, they count against the same
 * bucket and are limited first, like any other request.
 * @example
 * const app = Fastify({ frameworkErrors })
 * await app.register(errorsPlugin)
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  if (catalogueOf(request) === undefined) {
    reply.code(error.statusCode ?? 500).send({ error: { code: error.code, message: error.message } })
    return
  }
  // No hook runs for a router error: the limiter is called here, before the answer.
  const limit = (request.server as unknown as { [kLimiter]?: Limiter })[kLimiter]
  if (limit === undefined) {
    errorHandler(error, request, reply)
    return
  }
  limit(request, reply).then(
    () => errorHandler(error, request, reply),
    (limited: unknown) => errorHandler(limited, request, reply)
  )
}
