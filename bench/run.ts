/**
 * `npm run bench`: every variant of bench/apps.ts measured with `app.inject` loops and
 * with autocannon over 127.0.0.1, in interleaved rounds, plus the catalogue-size runs.
 * Prints markdown tables to stdout, progress to stderr, and writes the figures as JSON
 * to bench/results/.
 *
 * Each variant runs in a server process of its own, holding that one app, as a production
 * server holds one: shared code (ours and Fastify's) sees one app's `Reply` and `Request`
 * shapes, not every variant's. `--among-all` puts every variant in one server process
 * instead, the old mode, whose figures bench/PROFILE.md explains.
 *
 * Settings (environment or `--name=value` flags):
 *   BENCH_QUICK=1 / --quick     a short smoke run (3 rounds, fewer requests, 1 s per HTTP round)
 *   BENCH_RUNS / --runs         repeated runs, default 1. Each run starts fresh server processes,
 *                               measured in its own interleaved rounds; every figure is the median
 *                               over runs of the run's median over rounds, with the range over
 *                               runs, and every ratio is taken within a run first
 *                               (`npm run bench:runs` is 3 runs)
 *   BENCH_ROUNDS / --rounds     interleaved rounds per run, default 5
 *   BENCH_REQUESTS / --requests inject requests per variant per round, default 10000
 *   BENCH_DURATION / --duration seconds of autocannon per variant per round, default 2
 *   BENCH_ONLY / --only         comma-separated sections: inject,http,size (default all)
 *   BENCH_VARIANTS / --variants comma-separated variant names to run (raw and ok200 always run,
 *                               and every variant's baseline)
 *   BENCH_AMONG_ALL / --among-all  every variant in one server process
 *   BENCH_PIN / --pin           1 (default where `taskset` exists and there are 2 cores or more):
 *                               server processes on core 0, this process (autocannon, the client)
 *                               on core 1 (bench/pin.ts); 0 leaves both to the scheduler
 * @module
 */
import { fork, type ChildProcess } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { fileURLToPath } from 'node:url'
import { VARIANTS } from './apps.js'
import type { LoadFigures } from './catalogue-load.js'
import { CLIENT_CORE, CORES, SERVER_CORE, canPin, pin } from './pin.js'
import { httpRounds, injectRounds, type InjectResult, type Unexpected } from './measure.js'
import {
  loadTable,
  mb,
  overRuns,
  runStats,
  runsMappedTable,
  runsTargetTable,
  runsTargets,
  runsVariantTable,
  type RunFigures,
  type VariantInfo
} from './report.js'
import type { Built, ParentMessage, ServerMessage } from './server.js'

function setting(name: string, fallback: string): string {
  const flag = process.argv.find(arg => arg === `--${name}` || arg.startsWith(`--${name}=`))
  if (flag !== undefined) return flag.includes('=') ? flag.slice(flag.indexOf('=') + 1) : '1'
  return process.env[`BENCH_${name.toUpperCase()}`] ?? fallback
}

const quick = setting('quick', '0') !== '0'
const config = {
  quick,
  runs: Number(setting('runs', '1')),
  rounds: Number(setting('rounds', quick ? '3' : '5')),
  requests: Number(setting('requests', quick ? '1000' : '10000')),
  duration: Number(setting('duration', quick ? '1' : '2')),
  warmup: 1,
  connections: 50,
  sections: new Set(setting('only', 'inject,http,size').split(',').map(s => s.trim())),
  variants: setting('variants', ''),
  amongAll: setting('among-all', '0') !== '0',
  pin: setting('pin', canPin() ? '1' : '0') !== '0'
}
/** A forked bench process, pinned to the servers' core when pinning. */
function pinned(child: ChildProcess): ChildProcess {
  if (config.pin) pin(child.pid!, SERVER_CORE)
  return child
}
if (config.pin) pin(process.pid, CLIENT_CORE)

const wanted = new Set(['raw', 'ok200', ...config.variants.split(',').map(s => s.trim())])
// A mapped path always runs with its baseline, the same app without the plugin.
for (const v of VARIANTS) if (wanted.has(v.name) && v.baseline !== undefined) wanted.add(v.baseline)
const variants = config.variants === '' ? VARIANTS : VARIANTS.filter(v => wanted.has(v.name))
const progress = (line: string) => process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(0)}s] ${line}\n`)
const started = performance.now()

interface RunResult extends RunFigures {
  unexpected: Unexpected
  /** Heap used after GC and rss, per server process (one per variant; one for all with --among-all). */
  heap: { heapUsed: number; rss: number }[]
}

/** A server process: the variants it holds, and its requests to it (one at a time). */
interface ServerProcess {
  built: Record<string, Built>
  ask<T extends ServerMessage['type']>(message: ParentMessage, answer: T): Promise<Extract<ServerMessage, { type: T }>>
  close(): Promise<void>
}

const serverFile = fileURLToPath(new URL('./server.ts', import.meta.url))

async function startServer(names: readonly string[]): Promise<ServerProcess> {
  const child = pinned(fork(serverFile, [JSON.stringify(names)], { execArgv: ['--import', 'tsx', '--expose-gc'], stdio: 'inherit' }))
  const next = () =>
    new Promise<ServerMessage>((resolve, reject) => {
      const exit = (code: number | null) => reject(new Error(`bench server for ${names.join(', ')} exited (${code})`))
      child.once('exit', exit)
      child.once('message', message => {
        child.off('exit', exit)
        resolve(message as ServerMessage)
      })
    })
  const ready = await next()
  if (ready.type !== 'ready') throw new Error('bench server did not start')
  return {
    built: ready.built,
    async ask(message, type) {
      const answer = next()
      child.send(message)
      const got = await answer
      if (got.type !== type) throw new Error(`bench server: expected ${type}, got ${got.type}`)
      return got as Extract<ServerMessage, { type: typeof type }>
    },
    async close() {
      const exited = new Promise(resolve => child.once('exit', resolve))
      child.send({ type: 'close' } satisfies ParentMessage)
      await exited
    }
  }
}

const info: VariantInfo[] = []
const runs: RunResult[] = []
for (let run = 1; run <= config.runs; run++) {
  const label = config.runs > 1 ? ` run ${run}/${config.runs}:` : ''
  runs.push(await measureRun(run === 1, (line: string) => progress(`${label} ${line}`.trimStart())))
}

/**
 * One run: fresh server processes (so runs share no JIT state, heap or sockets), every
 * variant built and checked in its own, then measured under inject and over HTTP in
 * interleaved rounds.
 */
async function measureRun(first: boolean, progress: (line: string) => void): Promise<RunResult> {
  const result: RunResult = { unexpected: new Map(), heap: [] }
  const names = variants.map(v => v.name)
  // Started together, built before any timing: a wrong status fails the run at once.
  const servers = config.amongAll ? [await startServer(names)] : await Promise.all(names.map(name => startServer([name])))
  const serverOf = new Map<string, ServerProcess>()
  for (const server of servers) for (const name of Object.keys(server.built)) serverOf.set(name, server)
  const built = (name: string) => serverOf.get(name)!.built[name]!
  try {
    if (first) for (const v of variants) info.push({ name: v.name, group: v.group, baseline: v.baseline, status: v.status, bytes: built(v.name).bytes })
    // `raw` is the hand-written answer with our body byte for byte: the cost of our code, not of our members.
    for (const ours of ['reply.fail', 'throw errors.x()', 'return errors.x()', 'throw + own handler']) {
      if (serverOf.has(ours) && built(ours).body !== built('raw').body) {
        throw new Error(`"raw" must send the same body as "${ours}":\n${built('raw').body}\n${built(ours).body}`)
      }
    }
    progress(`${names.length} variants built and checked in ${servers.length} server process${servers.length === 1 ? '' : 'es'}`)

    if (config.sections.has('inject')) {
      const targets = names.map(name => ({
        name,
        run: async (requests: number): Promise<InjectResult> => serverOf.get(name)!.ask({ type: 'inject', name, requests }, 'inject')
      }))
      result.inject = runStats(await injectRounds(targets, config.rounds, config.requests, progress))
    }
    if (config.sections.has('http')) {
      const measured = await httpRounds(
        variants.map(v => ({
          name: v.name,
          port: built(v.name).port,
          request: v.request,
          status: v.status,
          serverCpu: async () => (await serverOf.get(v.name)!.ask({ type: 'cpu' }, 'cpu')).micros
        })),
        { rounds: config.rounds, duration: config.duration, warmup: config.warmup, connections: config.connections },
        progress
      )
      result.http = runStats(measured)
      result.unexpected = measured.unexpected
    }
    for (const server of servers) {
      const { heapUsed, rss } = await server.ask({ type: 'heap' }, 'heap')
      result.heap.push({ heapUsed, rss })
    }
  } finally {
    await Promise.all(servers.map(server => server.close()))
  }
  return result
}

/** The load and memory figures, from a process of their own (nothing else loaded or allocated in it). */
async function catalogueLoad(repetitions: number): Promise<LoadFigures> {
  const child = fork(fileURLToPath(new URL('./catalogue-load.ts', import.meta.url)), [String(repetitions)], {
    execArgv: ['--import', 'tsx', '--expose-gc'],
    stdio: 'inherit'
  })
  // On every core, not this process's one: a load has no client to keep off its core, and V8 runs part of its GC on other threads, as in a server.
  if (config.pin) pin(child.pid!, 'all')
  const figures = await new Promise<LoadFigures>((resolve, reject) => {
    child.once('message', message => resolve(message as LoadFigures))
    child.once('exit', code => reject(new Error(`bench/catalogue-load.ts exited (${code})`)))
  })
  await new Promise(resolve => child.once('exit', resolve))
  return figures
}

let size: LoadFigures | undefined
if (config.sections.has('size')) {
  size = await catalogueLoad(config.quick ? 3 : 5)
  progress('catalogue load and memory measured')
}

const machine = {
  date: new Date().toISOString(),
  node: process.version,
  cores: CORES,
  cpu: os.cpus()[0]?.model ?? 'unknown',
  loadavg: os.loadavg(),
  command: `node bench/run.ts ${process.argv.slice(2).join(' ')}`.trim()
}

const last = runs.at(-1)!
const names = info.map(v => v.name)
const figures = overRuns(runs, names, name => info.find(v => v.name === name)?.baseline ?? 'raw')
const checked = runsTargets(info, runs)

const out: string[] = []
out.push(`## fastify-error-catalogue benchmark — ${machine.date.slice(0, 10)}`)
out.push('')
out.push(
  `${machine.cores} cores (${machine.cpu}), Node ${machine.node}, load average at the end ${machine.loadavg.map(n => n.toFixed(2)).join(' ')}. ` +
    `\`${machine.command}\`: ${config.runs} run${config.runs === 1 ? '' : 's'} of ${config.rounds} interleaved rounds, ` +
    (config.amongAll ? 'every variant in one server process (--among-all); ' : 'each variant in a server process of its own (one app per process, fresh each run); ') +
    `inject: ${config.requests} sequential requests per variant per round, in the variant's server process; ` +
    `HTTP: autocannon, ${config.connections} connections, ${config.duration} s per variant per round, 127.0.0.1${config.pin ? ', the servers pinned to core 0 and autocannon to core 1 (taskset)' : ''}; server CPU = the server process's user + system time per request, read by the server; latency = autocannon's p50 / p99. ` +
    'Each figure: the median over runs of each run\'s median over rounds (range over runs in brackets); each ratio is taken within a run, then the median over runs.'
)
out.push('')
out.push('### The same 404, answered each way')
out.push('')
out.push(runsVariantTable(info.filter(v => v.group === '404'), figures))
out.push('')
out.push('### Paths our handler maps, with and without the plugin')
out.push('')
out.push(runsMappedTable(info, figures, 'mapped'))
out.push('')
if (info.some(v => v.group === 'scale' && v.baseline !== undefined)) {
  out.push('### Per-request cost against the size of the app')
  out.push('')
  out.push(runsMappedTable(info, figures, 'scale'))
  out.push('')
}
out.push('### Targets (issue 21)')
out.push('')
out.push(runsTargetTable(checked))
out.push('')
if (size !== undefined) {
  out.push('### Catalogue load and memory')
  out.push('')
  out.push(loadTable(size))
  out.push('')
}
const heaps = last.heap.map(h => h.heapUsed)
out.push(
  `Heap used after GC at the end of the${config.runs > 1 ? ' last' : ''} run: ` +
    (config.amongAll ? `${mb(heaps[0]!)} (one server process, every app)` : `${mb(Math.min(...heaps))}–${mb(Math.max(...heaps))} per server process (one app each)`) +
    '.'
)
const unexpected = runs.flatMap(run => [...run.unexpected])
if (unexpected.length > 0) {
  out.push('')
  out.push(`Unexpected HTTP answers (counts over all rounds): ${unexpected.map(([name, counts]) => `${name} ${JSON.stringify(counts)}`).join('; ')}`)
}
process.stdout.write(out.join('\n') + '\n')

const resultsDir = fileURLToPath(new URL('./results', import.meta.url))
mkdirSync(resultsDir, { recursive: true })
const json = JSON.stringify(
  {
    machine,
    config: { ...config, sections: [...config.sections] },
    variants: info,
    runs: runs.map(run => ({ inject: run.inject, http: run.http, unexpectedHttp: Object.fromEntries(run.unexpected), heap: run.heap })),
    overRuns: figures,
    targets: checked,
    catalogue: size,
    seconds: (performance.now() - started) / 1000
  },
  null,
  2
)
const file = `${resultsDir}/bench-${machine.date.replace(/[:.]/g, '-')}.json`
writeFileSync(file, json)
writeFileSync(`${resultsDir}/latest.json`, json)
progress(`done in ${((performance.now() - started) / 1000).toFixed(0)} s; figures in ${file}`)
