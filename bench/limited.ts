/**
 * What a request costs once the rate limit has answered it: a known route against an
 * unknown route (with a large JSON body, an invalid JSON body, none) and a router error
 * (`frameworkErrors`). The bucket is emptied first, so every measured request is a 429.
 * Interleaved rounds (order rotated each round), `app.inject`, sequential; CPU time per
 * request (user + system of this process), medians of the rounds and each variant's ratio to the known route with the same body, same run.
 *
 *   node --import tsx bench/limited.ts                      # this checkout's lib/
 *   BENCH_LIB=/path/to/other/lib/index.ts node --import tsx bench/limited.ts
 *
 * `BENCH_ROUNDS` (default 7) and `BENCH_REQUESTS` (per variant per round, default 300).
 * @module
 */
import Fastify, { type InjectOptions } from 'fastify'
import { loadavg } from 'node:os'
import { pathToFileURL } from 'node:url'

const lib = process.env.BENCH_LIB === undefined ? new URL('../lib/index.ts', import.meta.url).href : pathToFileURL(process.env.BENCH_LIB).href
const { default: errorsPlugin, frameworkErrors } = (await import(lib)) as typeof import('../lib/index.js')
const rounds = Number(process.env.BENCH_ROUNDS ?? 7)
const requests = Number(process.env.BENCH_REQUESTS ?? 300)

// 0.85 MB of valid JSON, as in the report that found the gap.
const large = JSON.stringify({ items: Array.from({ length: 40_000 }, (_, i) => ({ id: i, name: `item ${i}` })) })
const json = { 'content-type': 'application/json' }
const FLOOR = 'router error, no limiter (Fastify floor)'

const variants: Record<string, InjectOptions> = {
  'known route, large JSON body': { method: 'POST', url: '/known', headers: json, payload: large },
  'unknown route, large JSON body': { method: 'POST', url: '/nope', headers: json, payload: large },
  'known route, invalid JSON body': { method: 'POST', url: '/known', headers: json, payload: '{"a":' },
  'unknown route, invalid JSON body': { method: 'POST', url: '/nope', headers: json, payload: '{"a":' },
  'known route, GET': { method: 'GET', url: '/r/1' },
  'router error, GET /r/%zz': { method: 'GET', url: '/r/%zz' }
}
/** Each variant is compared with the known-route request of the same kind. */
const baseline: Record<string, string> = {
  'unknown route, large JSON body': 'known route, large JSON body',
  'unknown route, invalid JSON body': 'known route, invalid JSON body',
  'router error, GET /r/%zz': 'known route, GET',
  [FLOOR]: 'known route, GET'
}

async function build(rateLimit: boolean) {
  const app = Fastify({ frameworkErrors, bodyLimit: 2 * 1024 * 1024 })
  await app.register(errorsPlugin, rateLimit ? { rateLimit: { max: 1, timeWindow: 3_600_000 } } : {})
  app.post('/known', async () => 'ok')
  app.get('/r/:id', async () => 'ok')
  await app.ready()
  return app
}
const app = await build(true)
await app.inject({ method: 'GET', url: '/r/1' }) // the one allowed request
// Fastify's own floor for a router error (find-my-way's decoding, FST_ERR_BAD_URL with its
// stack) comes before any plugin code: the same request in an app without the limiter.
const unlimited = await build(false)

// Every variant should be a 429 already, or the comparison is meaningless: the answer is shown.
const answers = new Map<string, number>()
for (const [name, request] of Object.entries(variants)) answers.set(name, (await app.inject(request)).statusCode)
answers.set(FLOOR, (await unlimited.inject(variants['router error, GET /r/%zz']!)).statusCode)

/** CPU time (user + system) per request, µs: steadier than wall time on a shared machine. */
async function loop(request: InjectOptions, target = app): Promise<number> {
  const start = process.cpuUsage()
  for (let i = 0; i < requests; i++) await target.inject(request)
  const used = process.cpuUsage(start)
  return (used.user + used.system) / requests
}

const run = (name: string): Promise<number> =>
  name === FLOOR ? loop(variants['router error, GET /r/%zz']!, unlimited) : loop(variants[name]!)
const names = [...Object.keys(variants), FLOOR]
for (const name of names) await run(name) // warm-up
const samples = new Map(names.map(name => [name, [] as number[]]))
for (let round = 0; round < rounds; round++) {
  const order = [...names.slice(round % names.length), ...names.slice(0, round % names.length)]
  for (const name of order) samples.get(name)!.push(await run(name))
}
await app.close()
await unlimited.close()

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}
process.stdout.write(`lib: ${lib}\nNode ${process.version}, ${rounds} rounds × ${requests} requests, app.inject, load average ${loadavg().map(n => n.toFixed(1)).join(' ')}\n\n`)
process.stdout.write('| request | answer | CPU µs/request (median) | × known route |\n|---|---|---|---|\n')
for (const name of names) {
  const us = median(samples.get(name)!)
  const base = baseline[name]
  process.stdout.write(`| ${name} | ${answers.get(name)} | ${us.toFixed(1)} | ${base === undefined ? '1 (baseline)' : (us / median(samples.get(base)!)).toFixed(2) + '×'} |\n`)
}
