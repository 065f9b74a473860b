/**
 * OpenTelemetry: every error answer names its catalogue code on the request's span, as
 * `error.type` (the HTTP semantic conventions' "component-specific error code"), and a 5xx
 * marks the span's status ERROR. A 4xx leaves the status alone: on a server span it MUST
 * stay unset. `@opentelemetry/api` is an optional peer dependency, imported once at
 * registration; without it (or with `tracing: false`) nothing is read per request but one
 * missing property.
 * @module
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'

/** The attribute the semantic conventions name for the class of error an operation ended with. */
export const ERROR_TYPE = 'error.type'

/** Where the span marker lives on the instance, once registered. */
export const kTrace = Symbol.for('fastify-error-catalogue.trace')

/** Names the answer's code on the request's span. */
export type MarkSpan = (reply: FastifyReply, code: string, status: number) => void

/** The part of @opentelemetry/api's Span this module writes. */
interface Span {
  setAttribute(key: string, value: string): unknown
  setStatus(status: { code: number }): unknown
}

/** The part of @opentelemetry/api this module reads. */
interface TraceApi {
  readonly trace: { getActiveSpan(): Span | undefined }
  readonly SpanStatusCode: { readonly ERROR: number }
}

/** What @fastify/otel's `request.opentelemetry()` returns: the span it opened for this request, or null. */
type OtelRequest = FastifyRequest & { opentelemetry?: () => { span?: Span | null } }

/** Imports @opentelemetry/api when it is installed; undefined when it is not (test/trace-missing.test.ts). */
async function loadTraceApi(): Promise<TraceApi | undefined> {
  try {
    return (await import('@opentelemetry/api')) as unknown as TraceApi
  } catch {
    return undefined
  }
}

/** Installs the marker on the instance when tracing is on and @opentelemetry/api is there. */
export async function registerTracing(fastify: FastifyInstance, enabled: boolean): Promise<void> {
  if (!enabled) return
  const api = await loadTraceApi()
  if (api !== undefined) fastify.decorate(kTrace, spanMarker(api))
}

/** The marker of this instance's answers; undefined without OpenTelemetry. */
export function markerOf(reply: FastifyReply): MarkSpan | undefined {
  return (reply.server as unknown as { [kTrace]?: MarkSpan })[kTrace]
}

function spanMarker(api: TraceApi): MarkSpan {
  const error = api.SpanStatusCode.ERROR
  return (reply, code, status) => {
    const span = requestSpan(reply.request as OtelRequest, api)
    if (span === undefined) return
    span.setAttribute(ERROR_TYPE, code)
    // Keep a status someone set before: @fastify/otel's onError hook puts the thrown message in its description.
    if (status >= 500 && !isError(span, error)) span.setStatus({ code: error })
  }
}

/** The span @fastify/otel opened for the request where it decorated it, else the active one (an HTTP server span). */
function requestSpan(request: OtelRequest, api: TraceApi): Span | undefined {
  const own = request.opentelemetry?.().span
  return own ?? api.trace.getActiveSpan()
}

/** The SDK's spans are readable (`ReadableSpan.status`); the API's interface has no getter. */
function isError(span: Span, error: number): boolean {
  return (span as { status?: { code?: number } }).status?.code === error
}
