// A client of the demo API, using only `fetch` and fastify-error-catalogue/client.
// Start the demo (`npm start`), then in another terminal:
//   node --import tsx example/client.ts            (PORT or API_URL pick the server; default http://127.0.0.1:3000)
// It knows the API only from the outside: URLs, tokens and the error codes the API documents.
import { parseError, withRetry, type ApiError, type RetryOptions } from '../lib/client.js'

/** Codes the catalogue marks `retryable: true` (504 is retried for its status anyway; a 409 or 423 code would need this). */
const RETRYABLE_CODES = ['discovery_timeout']

/** Runs each scenario against `base` and returns one line per scenario (`sleep` is for tests). */
export async function main(base: string, print: (line: string) => void = console.log, sleep?: RetryOptions['sleep']): Promise<string[]> {
  const lines: string[] = []
  const say = (line: string) => {
    lines.push(line)
    print(line)
  }
  const discover = (token: string | undefined, body: unknown) =>
    fetch(`${base}/v1/discover`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
      body: JSON.stringify(body)
    })

  // 1. Success, through withRetry: resolves with the response once it is ok.
  const ok = await withRetry(() => discover('demo-token', { services: ['compute', 'storage'] }))
  say(`ok ${ok.status}: ${JSON.stringify(await ok.json())}`)

  // 2. Errors the caller must fix: parse them, never retry them.
  for (const [label, token, body] of [
    ['no token', undefined, { services: ['compute'] }],
    ['batch too large', 'demo-token', { services: ['compute', 'storage', 'dns', 'compute'] }],
    ['unknown service', 'demo-token', { services: ['mainframe'] }],
    ['invalid body', 'demo-token', { services: [] }]
  ] as const) {
    const error = await parseError(await discover(token, body))
    const { code, message, params, fix } = error
    say(`${label}: ${error.status} ${JSON.stringify({ code, message, params, fix })}`)
  }

  // 3. A retryable error (the demo's provider timeout): retried with backoff, then given up.
  // withRetry rejects with the last ApiError once the retries are used up.
  const failure = (await withRetry(() => discover('demo-token', { services: ['dns'], region: 'ap-south-1' }), {
    retries: 2,
    baseMs: 100,
    maxMs: 1000,
    retryableCodes: RETRYABLE_CODES,
    sleep,
    onRetry: ({ attempt, delayMs, error }) => say(`retry ${attempt} after ${delayMs} ms (${error.code})`)
  }).catch((error: unknown) => error)) as ApiError
  say(`gave up: ${failure.status} ${failure.code}, request ${failure.requestId}`)

  // 4. The rate limit: keep asking until a 429 arrives, and read how long to wait.
  for (let i = 0; i < 50; i++) {
    const res = await discover('demo-token', { services: ['compute'] })
    if (res.status !== 429) {
      await res.arrayBuffer()
      continue
    }
    const error = await parseError(res)
    say(`rate limited after ${i + 1} more requests: ${error.code}, retry after ${error.retryAfter} s`)
    break
  }
  return lines
}

/* c8 ignore start -- runs only when started as a script; the test calls main() */
if (import.meta.url === `file://${process.argv[1]}`) {
  const base = process.env.API_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`
  await main(base)
}
/* c8 ignore stop */
