/**
 * Prose shared by the Markdown and HTML renderers, written once. Inline code is marked
 * with backticks; each renderer turns them into its own markup.
 * @module
 */
import type { DocsEntry, DocsModel } from './model.js'

/** `Yes: wait for Retry-After (60 s by default; …)` / `No.` for one code. */
export function retryText(entry: DocsEntry): string {
  const seconds = entry.retryAfter
  const inBody = entry.retryAfterInBody ? '; `retry_after` in the body is the same number' : ''
  if (entry.limiterWindow) {
    const same = entry.retryAfterInBody ? ' (`retry_after` in the body is the same number)' : ''
    return `Yes: wait for \`Retry-After\`, the seconds left in the rate limiter's window${same}.`
  }
  if (entry.retryable) {
    return seconds === undefined
      ? 'Yes, with exponential backoff (no Retry-After by default).'
      : `Yes: wait for \`Retry-After\` (${seconds} s by default${inBody}).`
  }
  return seconds === undefined ? 'No.' : `No; sends \`Retry-After: ${seconds}\` by default.`
}

/** `Sent when the request body is not valid JSON; or when …` */
export function sentWhenText(entry: DocsEntry): string | undefined {
  if (entry.sentWhen.length === 0) return undefined
  const text = entry.sentWhen.join('; or when ')
  return `${text[0]!.toUpperCase()}${text.slice(1)}.`
}

/** The paragraphs of the "Retrying" section. */
export function retryAdvice(model: DocsModel): string[] {
  const codes = model.retryable.map(entry => `\`${entry.code}\``)
  return [
    codes.length === 0
      ? 'No code of this API is marked retryable: every error gives the same answer until the request, the credentials or the permissions change.'
      : `Retry only ${codes.join(', ')}. Every other error gives the same answer until the request, the credentials or the permissions change.`,
    'When a response has a `Retry-After` header, wait that many seconds before the next attempt (always whole seconds; the body carries the same number). ' +
      'The values below are defaults: a response can carry its own (the rate limiter\'s window, for example), so read the header every time. ' +
      'Otherwise back off exponentially with jitter (for example 0.5 s, 1 s, 2 s, … capped at 30 s, each multiplied by a random factor between 0.5 and 1), and stop after a few attempts.',
    'A request that is not idempotent (a POST that creates something) may already have taken effect when a 5xx comes back: retry it only when repeating it is harmless.'
  ]
}

/** A client-side retry loop for this API's format and retryable codes. */
export function retrySnippet(model: DocsModel): string {
  return [
    `const RETRYABLE = new Set(${JSON.stringify(model.retryable.map(entry => entry.code))})`,
    '',
    'async function withRetry(send, attempts = 4) {',
    '  for (let attempt = 1; ; attempt++) {',
    '    const response = await send()',
    '    if (response.ok || attempt >= attempts) return response',
    '    const body = await response.clone().json().catch(() => ({}))',
    `    if (!RETRYABLE.has(${model.codeExpression})) return response`,
    "    const retryAfter = Number(response.headers.get('retry-after'))",
    '    const wait = retryAfter > 0 ? retryAfter * 1000 : Math.min(30_000, 500 * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2)',
    '    await new Promise(resolve => setTimeout(resolve, wait))',
    '  }',
    '}'
  ].join('\n')
}

/** `` `GET /projects/:id`, `POST /discover` `` and/or the plugin's own; undefined when the routes are not known. */
export function returnedByText(entry: DocsEntry): string | undefined {
  if (entry.returnedBy === undefined) return undefined
  const routes = entry.returnedBy.map(route => `\`${route}\``)
  if (entry.byPlugin) routes.push(routes.length === 0 ? 'any route (the plugin answers it by itself)' : 'any other route (the plugin answers it by itself)')
  return routes.length === 0 ? 'No route declares it.' : routes.join(', ')
}
