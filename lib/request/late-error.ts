/**
 * Errors raised while our own error answer is going out: an `onSend` hook that throws on it.
 * Fastify hands such an error to the next handler up the chain, its default one, which
 * sends the error's `message` with a 500 (a leak), and when the hook throws again its last
 * resort does the same. Fastify offers no public way to be that next handler, so the
 * error handler points the reply's next handler (an internal slot, found by its symbol's
 * description and left alone when absent) at one that writes a fixed 500 directly,
 * without running the failing hooks again.
 * @module
 */
import type { FastifyReply, FastifyRequest } from 'fastify'
import { catalogueOf } from './current.js'

const NEXT_ERROR_HANDLER = 'fastify.reply.nextErrorHandler'

/** Shaped like Fastify's error-handler chain links: `func`, and a parent without one. */
const LATE_HANDLER = Object.create({}, { func: { value: lateErrorHandler } }) as object

/** Fastify's symbols are created once per process: found on the first error, then reused. */
let slot: symbol | undefined

/** Called by the error handler before it answers: any later error gets the fixed 500. */
export function guardLateErrors(reply: FastifyReply): void {
  const own = reply as unknown as Record<symbol, unknown>
  if (slot === undefined || !(slot in own)) {
    // Absent when Fastify did not route the error here (frameworkErrors), or if it renames the slot.
    slot = nextErrorHandlerSlot(reply)
    if (slot === undefined) return
  }
  own[slot] = LATE_HANDLER
}

/**
 * Fastify's internal slot for the reply's next error handler, set on a reply that Fastify
 * routed to an error handler; `undefined` otherwise. Exported for test/late-error.test.ts,
 * which fails the day the installed Fastify no longer has it.
 */
export function nextErrorHandlerSlot(reply: FastifyReply): symbol | undefined {
  return Object.getOwnPropertySymbols(reply).find(symbol => symbol.description === NEXT_ERROR_HANDLER)
}

function lateErrorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply): undefined {
  try {
    request.log.error({ err: error }, 'fastify-error-catalogue: error while sending an error response')
  } catch {
    request.log.error('fastify-error-catalogue: error while sending an error response (the error itself cannot be logged)')
  }
  const res = reply.raw
  if (res.headersSent) {
    res.destroy()
    return undefined
  }
  // The guard is set only by the error handler, which runs only where the catalogue is.
  const body = catalogueOf(request)!.safeAnswer.body
  res.writeHead(500, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) })
  res.end(body)
  return undefined
}
