/**
 * Where variants spend their time: the variant's app under the V8 CPU profiler (in this
 * process), driven by an inject loop or, with `--http`, by autocannon in a separate process
 * (50 connections over 127.0.0.1), so the profile holds the server's work only. Prints the
 * functions with the most self time and writes the raw profile to bench/results/ (open it
 * in Chrome DevTools or speedscope).
 *
 *   npm run build && node --import tsx bench/profile.ts "validation (ours)" [requests]
 *   npm run build && node --import tsx bench/profile.ts "validation (ours)" --http [seconds]
 *
 * `--compare` profiles several variants one after the other, in interleaved rounds, and
 * accounts for their difference function by function, in microseconds of self time per
 * request (sampled time ÷ requests answered; idle excluded). Each variant is profiled in a
 * process of its own, fresh each round, holding its one app, as `npm run bench:runs` measures it:
 *
 *   node --import tsx bench/profile.ts --compare "raw,reply.fail,throw errors.x()" --http [seconds] [--rounds=3] [--among-all]
 *
 * `--among-all` profiles the compared variants in this one process instead, and also builds
 * every other variant in it and drives each once first, as `npm run bench:among-all` holds every app.
 * @module
 */
import { fork, spawn } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { Session, type Profiler } from 'node:inspector/promises'
import { fileURLToPath } from 'node:url'
import type { FastifyInstance } from 'fastify'
import { VARIANTS, buildChecked, inject, type Variant } from './apps.js'
import { YIELD_EVERY, turn } from './measure.js'
import { CLIENT_CORE, SERVER_CORE, canPin, pin } from './pin.js'

const args = process.argv.slice(2)
const flag = (name: string) => args.find(a => a.startsWith(`--${name}=`))?.split('=')[1]
const positional = args.filter(a => !a.startsWith('--'))
const compare = args.includes('--compare')
const http = args.includes('--http')
const amongAll = args.includes('--among-all')
/** `--child`: forked by `--compare` to profile one variant once, and send its totals back. */
const child = args.includes('--child')
/** Each profiled process on core 0 and autocannon on core 1, as `npm run bench:runs` does (bench/pin.ts); `--pin=0` to leave them free. */
const pinning = flag('pin') !== '0' && (child ? process.env.BENCH_PINNED === '1' : canPin())
// The process that holds the apps is on the server's core; a `--compare` parent holds none.
if (pinning && (child || !compare || amongAll)) pin(process.pid, SERVER_CORE)
const names = compare ? positional[0]!.split(',').map(s => s.trim()) : [positional[0]!]
const amount = Number((compare ? positional[1] : positional[1]) ?? (http ? (compare ? 5 : 10) : 20_000))
const rounds = Number(flag('rounds') ?? (compare ? 3 : 1))
const chosen = names.map(name => VARIANTS.find(v => v.name === name))
if (chosen.some(v => v === undefined)) {
  process.stderr.write(`usage: profile.ts <variant> [--http] [amount] | --compare <a,b,…> [--http] [amount] [--rounds=N]\nvariants: ${VARIANTS.map(v => JSON.stringify(v.name)).join(', ')}\n`)
  process.exit(2)
}
const variants = chosen as Variant[]
const dir = fileURLToPath(new URL('./results', import.meta.url))
mkdirSync(dir, { recursive: true })

interface Target {
  variant: Variant
  app: FastifyInstance
  port: number
}

/** A variant's app, built, checked and (over HTTP) listening on 127.0.0.1. */
async function start(variant: Variant): Promise<Target> {
  const { app } = await buildChecked(variant)
  if (!http) return { variant, app, port: 0 }
  await app.listen({ host: '127.0.0.1', port: 0 })
  return { variant, app, port: (app.server.address() as { port: number }).port }
}

/** Per variant: self µs per function, summed over rounds, and the requests they answered. */
interface Totals {
  self: Map<string, number>
  inclusive: Map<string, number>
  requests: number
  seconds: number
}
const totals = new Map<string, Totals>()

if (compare && !amongAll && !child) {
  // One process per variant and round, interleaved; only the totals come back.
  for (let round = 1; round <= rounds; round++) {
    for (const variant of round % 2 === 1 ? variants : [...variants].reverse()) {
      const got = await profileInChild(variant)
      const sum = totals.get(variant.name) ?? { self: new Map(), inclusive: new Map(), requests: 0, seconds: 0 }
      for (const [key, micros] of got.self) sum.self.set(key, (sum.self.get(key) ?? 0) + micros)
      for (const [key, micros] of got.inclusive) sum.inclusive.set(key, (sum.inclusive.get(key) ?? 0) + micros)
      sum.requests += got.requests
      sum.seconds += got.seconds
      totals.set(variant.name, sum)
      process.stderr.write(`[profile] round ${round}/${rounds} ${variant.name} (own process): ${got.requests} requests\n`)
    }
  }
  console.log(comparison())
  process.exit(0)
}

/** This script again, profiling `variant` alone in a fresh process; its totals, sent back over IPC. */
function profileInChild(variant: Variant): Promise<Totals> {
  const argv = ['--child', '--compare', variant.name, String(amount), '--rounds=1', ...(http ? ['--http'] : [])]
  const env = { ...process.env, BENCH_PINNED: pinning ? '1' : '0' }
  const forked = fork(fileURLToPath(import.meta.url), argv, { execArgv: ['--import', 'tsx'], env, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] })
  if (pinning) pin(forked.pid!, SERVER_CORE)
  return new Promise((resolve, reject) => {
    forked.once('message', message => {
      const m = message as { self: [string, number][]; inclusive: [string, number][]; requests: number; seconds: number }
      resolve({ self: new Map(m.self), inclusive: new Map(m.inclusive), requests: m.requests, seconds: m.seconds })
    })
    forked.once('exit', code => reject(new Error(`profile child for ${variant.name} exited (${code})`)))
  })
}

const targets: Target[] = []
for (const variant of variants) targets.push(await start(variant))
// `--among-all`: the process also holds every other variant's app, each driven once before the
// profile, as in `npm run bench:runs`, whose server holds every app: code shared by the variants
// (ours and Fastify's) has then seen all their shapes, which the bench's figures include.
const others: Target[] = []
if (amongAll) {
  for (const variant of VARIANTS.filter(v => !variants.includes(v))) others.push(await start(variant))
  for (const other of others) await (http ? cannon(other, 1) : loop(other, 2000))
}
// Warm up: let V8 optimise first.
for (const target of targets) await (http ? cannon(target, 2) : loop(target, 2000))

const session = new Session()
session.connect()
await session.post('Profiler.enable')
await session.post('Profiler.setSamplingInterval', { interval: 100 })

for (let round = 1; round <= rounds; round++) {
  for (const target of round % 2 === 1 ? targets : [...targets].reverse()) {
    await session.post('Profiler.start')
    const start = process.hrtime.bigint()
    const count = http ? await cannon(target, amount) : (await loop(target, amount), amount)
    const seconds = Number(process.hrtime.bigint() - start) / 1e9
    const { profile } = await session.post('Profiler.stop')
    const file = `${dir}/${target.variant.name.replace(/[^a-z0-9]+/gi, '-')}${rounds > 1 ? `-${round}` : ''}.cpuprofile`
    writeFileSync(file, JSON.stringify(profile))
    const sum = totals.get(target.variant.name) ?? { self: new Map(), inclusive: new Map(), requests: 0, seconds: 0 }
    for (const [key, micros] of selfTimes(profile)) sum.self.set(key, (sum.self.get(key) ?? 0) + micros)
    for (const [key, micros] of inclusiveTimes(profile)) sum.inclusive.set(key, (sum.inclusive.get(key) ?? 0) + micros)
    sum.requests += count
    sum.seconds += seconds
    totals.set(target.variant.name, sum)
    if (!compare) {
      const how = http ? `${amount} s of autocannon` : `${amount} injects`
      console.log(`${target.variant.name}: ${how}, ${Math.round(count / seconds)} req/s under the profiler; profile in ${file}\n`)
      console.log(topSelf(profile, 30))
    } else if (!child) {
      process.stderr.write(`[profile] round ${round}/${rounds} ${target.variant.name}: ${count} requests\n`)
    }
  }
}
await Promise.all([...targets, ...others].map(t => t.app.close()))
if (child) {
  const sum = totals.get(variants[0]!.name)!
  process.send!({ self: [...sum.self], inclusive: [...sum.inclusive], requests: sum.requests, seconds: sum.seconds }, () => process.disconnect())
} else if (compare) console.log(comparison())

function loop(target: Target, count: number): Promise<void> {
  return (async () => {
    for (let i = 1; i <= count; i++) {
      await inject(target.app, target.variant.request)
      if (i % YIELD_EVERY === 0) await turn()
    }
  })()
}

/** autocannon as a child process for `seconds`; resolves with the number of requests it made. */
function cannon(target: Target, seconds: number): Promise<number> {
  const bin = fileURLToPath(new URL('../node_modules/autocannon/autocannon.js', import.meta.url))
  const { method, url, headers, payload } = target.variant.request
  const argv = [bin, '-j', '-c', '50', '-d', String(seconds), '-m', method]
  for (const [key, value] of Object.entries(headers ?? {})) argv.push('-H', `${key}=${value}`)
  if (payload !== undefined) argv.push('-b', payload)
  argv.push(`http://127.0.0.1:${target.port}${url}`)
  return new Promise((resolve, reject) => {
    const child = pinning ? spawn('taskset', ['-c', String(CLIENT_CORE), process.execPath, ...argv], { stdio: ['ignore', 'pipe', 'inherit'] }) : spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    child.stdout.on('data', chunk => (out += chunk))
    child.on('error', reject)
    child.on('exit', () => resolve((JSON.parse(out) as { requests: { total: number } }).requests.total))
  })
}

/** `name file:line`, with paths cut to the package (`fastify/lib/reply.js`) or to `dist/`. */
function frameKey(frame: Profiler.ProfileNode['callFrame']): string {
  const url = frame.url.replace(/^.*\/node_modules\//, '').replace(/^file:\/\/.*?\/dist\//, 'dist/').replace(/^file:\/\/.*?\/bench\//, 'bench/')
  return `${frame.functionName || '(anonymous)'}${url === '' ? '' : ` ${url}:${frame.lineNumber + 1}`}`
}

/** Self time per function (µs), summed over every node of the profile; idle left out. */
function selfTimes(profile: Profiler.Profile): Map<string, number> {
  const byId = new Map(profile.nodes.map(node => [node.id, node]))
  const self = new Map<number, number>()
  const deltas = profile.timeDeltas ?? []
  // A sample's time is the delta to the next sample.
  const samples = profile.samples ?? []
  for (const [i, id] of samples.entries()) self.set(id, (self.get(id) ?? 0) + (deltas[i + 1] ?? 0))
  const out = new Map<string, number>()
  for (const [id, micros] of self) {
    const key = frameKey(byId.get(id)!.callFrame)
    if (key === '(idle)') continue
    out.set(key, (out.get(key) ?? 0) + micros)
  }
  return out
}

/** Time under each function (self + callees), counted once per stack even when recursive. */
function inclusiveTimes(profile: Profiler.Profile): Map<string, number> {
  const byId = new Map(profile.nodes.map(node => [node.id, node]))
  const parent = new Map<number, number>()
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id)
  const selfById = new Map<number, number>()
  const deltas = profile.timeDeltas ?? []
  for (const [i, id] of (profile.samples ?? []).entries()) selfById.set(id, (selfById.get(id) ?? 0) + (deltas[i + 1] ?? 0))
  const out = new Map<string, number>()
  for (const [id, micros] of selfById) {
    const seen = new Set<string>()
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const key = frameKey(byId.get(at)!.callFrame)
      if (seen.has(key)) continue
      seen.add(key)
      out.set(key, (out.get(key) ?? 0) + micros)
    }
  }
  return out
}

function topSelf(profile: Profiler.Profile, count: number): string {
  const self = selfTimes(profile)
  const total = [...self.values()].reduce((a, b) => a + b, 0)
  return [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([key, micros]) => `${((100 * micros) / total).toFixed(1).padStart(5)}%  ${key}`)
    .join('\n')
}

/** Where a function lives, for the per-area subtotals. */
function area(key: string): string {
  if (key.includes(' dist/')) return 'ours (dist/)'
  if (key.includes(' fastify/')) return 'fastify'
  if (/ (fast-json-stringify|find-my-way|light-my-request|avvio|@fastify|fast-querystring|content-type|toad-cache|process-warning|abstract-logging|pino)/.test(key)) return 'fastify dependencies'
  if (key.includes(' node:')) return 'node (JS)'
  if (key.startsWith('(garbage collector)')) return '(garbage collector)'
  if (key.startsWith('(program)')) return '(program)'
  if (key.includes(' bench/')) return 'bench'
  return 'native / V8 builtins'
}

/**
 * Per function: self µs per request for each variant, and each variant's difference to the
 * first; the functions whose difference is largest, then the subtotals per area.
 */
function comparison(): string {
  const base = variants[0]!.name
  const per = (name: string, key: string, kind: 'self' | 'inclusive') => {
    const t = totals.get(name)!
    return (t[kind].get(key) ?? 0) / t.requests
  }
  const keys = new Set<string>()
  for (const t of totals.values()) for (const key of t.self.keys()) keys.add(key)
  const fmt = (n: number) => n.toFixed(2)
  const sign = (n: number) => `${n >= 0 ? '+' : ''}${n.toFixed(2)}`
  const head = ['function (self time)', ...variants.map(v => `${v.name} µs/req`), ...variants.slice(1).map(v => `${v.name} − ${base}`)]
  const rows = [...keys]
    .map(key => ({ key, values: variants.map(v => per(v.name, key, 'self')) }))
    .sort((a, b) => Math.max(...b.values.map(v => Math.abs(v - b.values[0]!)), b.values[0]! / 4) - Math.max(...a.values.map(v => Math.abs(v - a.values[0]!)), a.values[0]! / 4))
    .slice(0, 45)
    .map(({ key, values }) => [`\`${key}\``, ...values.map(fmt), ...values.slice(1).map(v => sign(v - values[0]!))])
  const areas = new Map<string, number[]>()
  for (const key of keys) {
    const a = area(key)
    const values = areas.get(a) ?? variants.map(() => 0)
    variants.forEach((v, i) => (values[i]! += per(v.name, key, 'self')))
    areas.set(a, values)
  }
  const total = variants.map((_, i) => [...areas.values()].reduce((sum, values) => sum + values[i]!, 0))
  const areaRows = [...areas]
    .sort((a, b) => b[1][0]! - a[1][0]!)
    .map(([name, values]) => [name, ...values.map(fmt), ...values.slice(1).map(v => sign(v - values[0]!))])
  areaRows.push(['**total (not idle)**', ...total.map(fmt), ...total.slice(1).map(v => sign(v - total[0]!))])
  // Inclusive time of the request path's landmarks.
  const landmarks = [...keys].filter(key => /^(onSendEnd|onSendHook|onErrorHook|handleError|wrapThenable|errorHandler|respond|fail|preSerializationHook|serialize|send|writeHead|end|_writeRaw|writev|runPreParsing|handleRequest|execute|preHandlerCallback|validate|handler) /.test(key))
  const landmarkRows = landmarks
    .map(key => ({ key, values: variants.map(v => per(v.name, key, 'inclusive')) }))
    .filter(r => r.values.some(v => v >= 0.2))
    .sort((a, b) => Math.max(...b.values) - Math.max(...a.values))
    .map(({ key, values }) => [`\`${key}\``, ...values.map(fmt), ...values.slice(1).map(v => sign(v - values[0]!))])
  const rate = variants.map(v => {
    const t = totals.get(v.name)!
    return `${v.name} ${Math.round(t.requests / t.seconds)} req/s (${t.requests} requests)`
  })
  const table = (h: string[], r: string[][]) => [`| ${h.join(' | ')} |`, `|${h.map(() => '---').join('|')}|`, ...r.map(x => `| ${x.join(' | ')} |`)].join('\n')
  return [
    `${http ? `HTTP, ${amount} s of autocannon (50 connections)` : `inject, ${amount} requests`} per variant per round, ${rounds} round(s), ${amongAll ? 'the variants in one process (--among-all)' : 'each variant in a process of its own, fresh each round'}, Node ${process.version}; under the profiler: ${rate.join('; ')}.`,
    '',
    table(['area (self time)', ...head.slice(1)], areaRows),
    '',
    table(head, rows),
    '',
    table(['function (inclusive time: itself and what it calls)', ...head.slice(1)], landmarkRows)
  ].join('\n')
}
