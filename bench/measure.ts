/**
 * The two measurements: `app.inject` loops and autocannon over loopback, both in
 * interleaved rounds (A B C A B C …) so that machine noise spreads over every variant.
 * @module
 */
import autocannon from 'autocannon'
import type { FastifyInstance } from 'fastify'
import { inject, type BenchRequest } from './apps.js'

/** One number per round, per variant. */
export type Samples = Map<string, number[]>

/**
 * Requests per second, and CPU time per request (user + system, microseconds) of the
 * process that answers: the first is what the targets are about, the second is
 * far less disturbed by other processes on a shared machine. Over HTTP also autocannon's
 * latency percentiles (ms) under its connections.
 */
export interface Measured {
  rps: Samples
  cpu: Samples
  p50?: Samples
  p99?: Samples
}

function empty(names: readonly string[], latency = false): Measured {
  const map = () => new Map(names.map(name => [name, [] as number[]]))
  return latency ? { rps: map(), cpu: map(), p50: map(), p99: map() } : { rps: map(), cpu: map() }
}

/**
 * The variants in a different order each round (round r starts r-1 places further on), so
 * that no variant always runs right after the same neighbour, or always last in a round,
 * when garbage left by the others is collected.
 */
function rotated<T>(targets: readonly T[], round: number): T[] {
  const start = ((round - 1) * Math.max(1, Math.floor(targets.length / 5))) % targets.length
  return [...targets.slice(start), ...targets.slice(0, start)]
}

/**
 * Back-to-back `await app.inject()` never leaves the microtask queue, and each response
 * leaves work for the event loop (about 10 KB each) that only runs when it turns: a loop
 * that never yields grows the heap by hundreds of MB and measures the garbage collector.
 * A server yields between reads; so does this loop, every YIELD_EVERY requests.
 */
export const YIELD_EVERY = 64
export const turn = () => new Promise(resolve => setImmediate(resolve))

export interface InjectResult {
  rps: number
  /** CPU µs per request of the process that ran the loop. */
  cpuPerRequest: number
}

/** `requests` sequential injects, timed in the process that runs them. */
export async function injectLoop(app: FastifyInstance, request: BenchRequest, requests: number): Promise<InjectResult> {
  const cpu = process.cpuUsage()
  const start = process.hrtime.bigint()
  for (let i = 1; i <= requests; i++) {
    await inject(app, request)
    if (i % YIELD_EVERY === 0) await turn()
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9
  const used = process.cpuUsage(cpu)
  return { rps: requests / seconds, cpuPerRequest: (used.user + used.system) / requests }
}

/** A variant to inject into: its loop runs wherever its app lives (this process or a server process). */
export interface InjectTarget {
  readonly name: string
  run(requests: number): Promise<InjectResult>
}

/** An app of this process as an inject target. */
export function localTarget(name: string, app: FastifyInstance, request: BenchRequest): InjectTarget {
  return { name, run: requests => injectLoop(app, request, requests) }
}

/** `requests` sequential injects per variant per round; the first round's worth is a warm-up. */
export async function injectRounds(targets: readonly InjectTarget[], rounds: number, requests: number, progress: (line: string) => void): Promise<Measured> {
  for (const target of targets) await target.run(requests)
  const measured = empty(targets.map(target => target.name))
  for (let round = 1; round <= rounds; round++) {
    for (const target of rotated(targets, round)) {
      const { rps, cpuPerRequest } = await target.run(requests)
      measured.rps.get(target.name)!.push(rps)
      measured.cpu.get(target.name)!.push(cpuPerRequest)
    }
    progress(`inject round ${round}/${rounds}`)
  }
  return measured
}

export interface HttpTarget {
  readonly name: string
  readonly port: number
  readonly request: BenchRequest
  readonly status: number
  /** The answering process's CPU time so far (user + system, microseconds). */
  serverCpu(): Promise<number>
}

export interface HttpSettings {
  readonly rounds: number
  /** Seconds per variant per round. */
  readonly duration: number
  readonly warmup: number
  readonly connections: number
}

/** Status codes other than the expected one, per variant, summed over every round. */
export type Unexpected = Map<string, Record<string, number>>

export async function httpRounds(
  targets: readonly HttpTarget[],
  settings: HttpSettings,
  progress: (line: string) => void
): Promise<Measured & { unexpected: Unexpected }> {
  for (const target of targets) await cannon(target, settings.warmup, settings.connections)
  const measured = empty(targets.map(target => target.name), true)
  const unexpected: Unexpected = new Map()
  for (let round = 1; round <= settings.rounds; round++) {
    for (const target of rotated(targets, round)) {
      const cpu = await target.serverCpu()
      const result = await cannon(target, settings.duration, settings.connections)
      measured.cpu.get(target.name)!.push(((await target.serverCpu()) - cpu) / result.requests.total)
      measured.rps.get(target.name)!.push(result.requests.total / result.duration)
      measured.p50!.get(target.name)!.push(result.latency.p50)
      measured.p99!.get(target.name)!.push(result.latency.p99)
      for (const [status, stat] of Object.entries(result.statusCodeStats ?? {})) {
        if (Number(status) === target.status) continue
        const counts = unexpected.get(target.name) ?? {}
        counts[status] = (counts[status] ?? 0) + (stat.count ?? 0)
        unexpected.set(target.name, counts)
      }
      if (result.errors > 0) {
        const counts = unexpected.get(target.name) ?? {}
        counts.errors = (counts.errors ?? 0) + result.errors
        unexpected.set(target.name, counts)
      }
    }
    progress(`http round ${round}/${settings.rounds}`)
  }
  return { ...measured, unexpected }
}

function cannon(target: HttpTarget, duration: number, connections: number): Promise<autocannon.Result> {
  return autocannon({
    url: `http://127.0.0.1:${target.port}${target.request.url}`,
    method: target.request.method,
    headers: target.request.headers === undefined ? undefined : { ...target.request.headers },
    body: target.request.payload,
    connections,
    duration
  })
}
