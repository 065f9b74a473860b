/**
 * Observability: every error sent is published on a diagnostics channel and passed to the
 * `onFail` option. Both cost nothing when unused (no subscriber, no callback).
 * @module
 */
import diagnostics from 'node:diagnostics_channel'
import type { FastifyReply } from 'fastify'
import type { FailEvent, OnFail } from '../types.js'
import { callGuarded } from '../user-callback.js'

export type { FailEvent, OnFail }

/** The diagnostics channel name. Subscribe with `diagnostics_channel.subscribe(CHANNEL, fn)`. */
export const ERROR_CHANNEL = 'fastify-error-catalogue:error'

const channel = diagnostics.channel(ERROR_CHANNEL)

/** One error response sent, as `observe` reports it. */
export interface Observed extends Pick<FailEvent, 'code' | 'statusCode' | 'message' | 'params' | 'error'> {
  readonly reply: FastifyReply
  readonly onFail: OnFail | undefined
}

/** Whether anyone listens: the caller then skips building the event at all. */
export function isObserved(onFail: OnFail | undefined): boolean {
  return onFail !== undefined || channel.hasSubscribers
}

/** Publishes one error response; callers check {@link isObserved} first, so nobody pays for an event nobody reads. */
export function observe({ reply, onFail, code, statusCode, message, params, error }: Observed): void {
  const request = reply.request
  const event: FailEvent = {
    code,
    statusCode,
    message,
    params,
    route: request.is404 ? undefined : request.routeOptions.url,
    method: request.method,
    requestId: request.id,
    duration: reply.elapsedTime,
    error
  }
  if (channel.hasSubscribers) channel.publish(event)
  if (onFail === undefined) return
  // A metrics callback must never turn an error response into a crash, sync or async.
  callGuarded(onFail, [event, request], failure => reply.log.error({ err: failure }, 'fastify-error-catalogue: onFail threw'))
}
