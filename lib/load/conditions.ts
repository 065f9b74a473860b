/**
 * The conditions the plugin answers by itself (invalid JSON, a schema failure, an unknown
 * route, the limiter…), what each one falls back to, and the words the reference uses for
 * them. A catalogue entry claims conditions with `when: [...]`; load/bind.ts resolves every
 * condition to one entry, once, at registration.
 * @module
 */

/** One condition: the status it is about, its more general condition, and when it happens. */
export interface ConditionInfo {
  /** The status whose entries answer it when nothing claims it (`builtins: false`). */
  readonly status: number
  /** The more general condition tried next; the chain ends at `status-NNN`. */
  readonly parent: string | undefined
  /** Completes "Sent when …" in the reference. */
  readonly sentWhen: string
  /** The placeholders the plugin fills when it answers this condition (`{field}`); none when absent. */
  readonly fills?: readonly string[]
}

/** What a schema failure fills: the first failing field and the part it is in. */
const VALIDATION_FILLS = ['field', 'in'] as const
/** What the limiter fills: the seconds until the client may send again. */
const LIMITER_FILLS = ['seconds'] as const

/** Named conditions, most specific first in each family. */
export const NAMED_CONDITIONS = {
  'empty-json-body': { status: 400, parent: 'invalid-json', sentWhen: 'the request says its body is JSON but the body is empty' },
  'invalid-json': { status: 400, parent: 'malformed-request', sentWhen: 'the request body is not valid JSON' },
  'missing-required': {
    status: 400,
    parent: undefined, // its parent is the part that failed (validation-body…), chosen per request
    sentWhen: 'a required field is missing',
    fills: VALIDATION_FILLS
  },
  'validation-body': { status: 400, parent: 'validation', sentWhen: 'the request body fails the route schema', fills: VALIDATION_FILLS },
  'validation-query': { status: 400, parent: 'validation', sentWhen: 'the query string fails the route schema', fills: VALIDATION_FILLS },
  'validation-params': { status: 400, parent: 'validation', sentWhen: 'a path parameter fails the route schema', fills: VALIDATION_FILLS },
  'validation-headers': { status: 400, parent: 'validation', sentWhen: 'a request header fails the route schema', fills: VALIDATION_FILLS },
  validation: { status: 400, parent: 'malformed-request', sentWhen: 'the request fails the route schema', fills: VALIDATION_FILLS },
  'malformed-request': {
    status: 400,
    parent: 'status-400',
    sentWhen: 'the request cannot be read (a malformed URL or Content-Length, a missing Content-Type)'
  },
  'route-not-found': { status: 404, parent: 'status-404', sentWhen: 'no route matches the method and path', fills: ['method', 'url'] },
  'body-too-large': { status: 413, parent: 'status-413', sentWhen: 'the request body is over the size limit' },
  'uri-too-long': { status: 414, parent: 'status-414', sentWhen: 'a path parameter is over the length limit' },
  'unsupported-media-type': { status: 415, parent: 'status-415', sentWhen: 'the server has no parser for the Content-Type' },
  // A ban is rate limiting: without a claim it falls to the only 429 entry, never to a 403 about permissions.
  'rate-limit-ban': { status: 429, parent: 'rate-limited', sentWhen: 'a client keeps sending past the rate limit and is blocked', fills: LIMITER_FILLS },
  'rate-limited': { status: 429, parent: 'status-429', sentWhen: 'the client is over the rate limit', fills: LIMITER_FILLS },
  'rate-limit-store-down': { status: 503, parent: 'status-503', sentWhen: "the rate limiter's store (Redis) fails" },
  'handler-timeout': { status: 503, parent: 'status-503', sentWhen: 'a handler runs past the route timeout' },
  'unexpected-error': { status: 500, parent: undefined, sentWhen: 'the server fails unexpectedly (a thrown value without a 4xx or 5xx status)' },
  // Without the built-ins, a 4xx status nothing answers falls to your general 400 (with them, it gets a code of its own).
  'client-error': { status: 400, parent: 'status-400', sentWhen: 'a thrown error carries a 4xx status no entry answers' }
} as const satisfies Record<string, ConditionInfo>

export type NamedCondition = keyof typeof NAMED_CONDITIONS
/** A thrown error carrying this status (http-errors, @fastify/sensible, @fastify/error, Boom). */
export type StatusCondition = `status-${number}`
/** What the plugin answers by itself; an entry claims conditions with `when: [...]`. */
export type Condition = NamedCondition | StatusCondition

export const CONDITION_NAMES = Object.keys(NAMED_CONDITIONS) as NamedCondition[]
export const STATUS_CONDITION = /^status-([45][0-9]{2})$/
/** The conditions of the limiter: bound only when `rateLimit` is on. */
export const RATE_LIMIT_CONDITIONS: readonly NamedCondition[] = ['rate-limited', 'rate-limit-ban', 'rate-limit-store-down']
/** The conditions that carry validation items: their entries send items where schema failures go. */
export const VALIDATION_CONDITIONS: readonly NamedCondition[] = [
  'validation',
  'validation-body',
  'validation-query',
  'validation-params',
  'validation-headers',
  'missing-required'
]

export function isCondition(name: unknown): name is Condition {
  return typeof name === 'string' && (Object.hasOwn(NAMED_CONDITIONS, name) || STATUS_CONDITION.test(name))
}

export function statusCondition(status: number): StatusCondition {
  return `status-${status}`
}

/** Status, parent and wording of any condition, `status-NNN` included. */
export function conditionInfo(condition: Condition): ConditionInfo {
  if (Object.hasOwn(NAMED_CONDITIONS, condition)) return NAMED_CONDITIONS[condition as NamedCondition]
  const status = Number(condition.slice('status-'.length))
  return { status, parent: undefined, sentWhen: `a thrown error carries status ${status}` }
}

/** Conditions only a 5xx entry may answer: a server failure is never the client's fault. */
export function isServerCondition(condition: string): boolean {
  return condition === 'unexpected-error' || /^status-5/.test(condition)
}

/** The catch-all a status condition falls to when nothing answers its status. */
export function catchAllOf(status: number): NamedCondition {
  return status < 500 ? 'client-error' : 'unexpected-error'
}

/** `missing-required` → its part → `validation` → …: the chain a request's condition is resolved along. */
export function chainOf(condition: Condition, part?: ValidationPart): Condition[] {
  const chain: Condition[] = []
  let next: Condition | undefined = condition
  while (next !== undefined) {
    chain.push(next)
    next = next === 'missing-required' ? `validation-${part ?? 'body'}` : (conditionInfo(next).parent as Condition | undefined)
  }
  return chain
}

export type ValidationPart = 'body' | 'query' | 'params' | 'headers'

/**
 * The conditions whose own texts (`when: { condition: message }`) an answer to `key` may use,
 * most specific first: the key's chain, and for a thrown status its catch-all's.
 */
export function textChainOf(key: string): Condition[] {
  if (key.startsWith('missing-required/')) return chainOf('missing-required', key.slice('missing-required/'.length) as ValidationPart)
  const match = STATUS_CONDITION.exec(key)
  if (match !== null) return [key as StatusCondition, ...chainOf(catchAllOf(Number(match[1])))]
  return chainOf(key as Condition)
}

/** The condition a binding key stands for (`missing-required/body` → `missing-required`). */
export function conditionOfKey(key: string): Condition {
  return (key.startsWith('missing-required/') ? 'missing-required' : key) as Condition
}
