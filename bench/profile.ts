/**
 * Where one variant spends its time: an inject loop under the V8 CPU profiler, then the
 * functions with the most self time. Also writes the raw profile (open it in Chrome
 * DevTools or speedscope).
 *
 *   npm run build && node --import tsx bench/profile.ts "validation (ours)" [requests]
 *   npm run build && node --import tsx bench/profile.ts "validation (ours)" --http [seconds]
 *
 * With `--http` the variant listens on 127.0.0.1 and autocannon (a separate process, 50
 * connections) drives it, so the profile holds the server's work only.
 * @module
 */
import { spawn } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { Session, type Profiler } from 'node:inspector/promises'
import { fileURLToPath } from 'node:url'
import { VARIANTS, buildChecked, inject } from './apps.js'
import { YIELD_EVERY, turn } from './measure.js'

const name = process.argv[2]
const http = process.argv[3] === '--http'
const requests = Number(process.argv[http ? 4 : 3] ?? (http ? 10 : 20_000))
const variant = VARIANTS.find(v => v.name === name)
if (variant === undefined) {
  process.stderr.write(`usage: profile.ts <variant> [requests]\nvariants: ${VARIANTS.map(v => JSON.stringify(v.name)).join(', ')}\n`)
  process.exit(2)
}

const { app } = await buildChecked(variant)
let port = 0
if (http) {
  await app.listen({ host: '127.0.0.1', port: 0 })
  port = (app.server.address() as { port: number }).port
  await cannon(2)
} else {
  await loop(2000) // warm up: let V8 optimise first
}

const session = new Session()
session.connect()
await session.post('Profiler.enable')
await session.post('Profiler.setSamplingInterval', { interval: 100 })
await session.post('Profiler.start')
const start = process.hrtime.bigint()
const count = http ? await cannon(requests) : (await loop(requests), requests)
const seconds = Number(process.hrtime.bigint() - start) / 1e9
const { profile } = await session.post('Profiler.stop')
await app.close()

const dir = fileURLToPath(new URL('./results/', import.meta.url))
mkdirSync(dir, { recursive: true })
const file = `${dir}${variant.name.replace(/[^a-z0-9]+/gi, '-')}.cpuprofile`
writeFileSync(file, JSON.stringify(profile))

const how = http ? `${requests} s of autocannon` : `${requests} injects`
console.log(`${variant.name}: ${how}, ${Math.round(count / seconds)} req/s under the profiler; profile in ${file}\n`)
console.log(topSelf(profile, 30))

async function loop(count: number): Promise<void> {
  for (let i = 1; i <= count; i++) {
    await inject(app, variant!.request)
    if (i % YIELD_EVERY === 0) await turn()
  }
}

/** autocannon as a child process for `seconds`; resolves with the number of requests it made. */
function cannon(seconds: number): Promise<number> {
  const bin = fileURLToPath(new URL('../node_modules/autocannon/autocannon.js', import.meta.url))
  const { method, url, headers, payload } = variant!.request
  const args = [bin, '-j', '-c', '50', '-d', String(seconds), '-m', method]
  for (const [key, value] of Object.entries(headers ?? {})) args.push('-H', `${key}=${value}`)
  if (payload !== undefined) args.push('-b', payload)
  args.push(`http://127.0.0.1:${port}${url}`)
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    child.stdout.on('data', chunk => (out += chunk))
    child.on('error', reject)
    child.on('exit', () => resolve((JSON.parse(out) as { requests: { total: number } }).requests.total))
  })
}

/** Self time per function (name + file:line), summed over every node of the profile. */
function topSelf(profile: Profiler.Profile, count: number): string {
  const byId = new Map(profile.nodes.map(node => [node.id, node]))
  const self = new Map<number, number>()
  const deltas = profile.timeDeltas ?? []
  for (const [i, id] of (profile.samples ?? []).entries()) self.set(id, (self.get(id) ?? 0) + (deltas[i] ?? 0))
  const total = [...self.values()].reduce((a, b) => a + b, 0)
  const perFunction = new Map<string, number>()
  for (const [id, micros] of self) {
    const frame = byId.get(id)!.callFrame
    const where = frame.url === '' ? '' : ` ${frame.url.replace(/^.*\/node_modules\//, '').replace(/^file:\/\/.*\/main\//, '')}:${frame.lineNumber + 1}`
    const key = `${frame.functionName || '(anonymous)'}${where}`
    perFunction.set(key, (perFunction.get(key) ?? 0) + micros)
  }
  return [...perFunction]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([key, micros]) => `${((100 * micros) / total).toFixed(1).padStart(5)}%  ${key}`)
    .join('\n')
}
