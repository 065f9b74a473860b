/**
 * `npm run bench`: every variant of bench/apps.ts measured with `app.inject` loops and
 * with autocannon over 127.0.0.1, in interleaved rounds, plus the catalogue-size runs.
 * Prints markdown tables to stdout, progress to stderr, and writes the figures as JSON
 * to bench/results/.
 *
 * Settings (environment or `--name=value` flags):
 *   BENCH_QUICK=1 / --quick     a short smoke run (3 rounds, fewer requests, 1 s per HTTP round)
 *   BENCH_RUNS / --runs         repeated runs, default 1. Each run is a fresh server process and
 *                               freshly built inject apps, measured in its own interleaved rounds;
 *                               with more than one, every figure is the median over runs of the
 *                               run's median, with the range over runs, and every ratio is taken
 *                               within a run first (`npm run bench:runs` is 3 runs)
 *   BENCH_ROUNDS / --rounds     interleaved rounds per run, default 5
 *   BENCH_REQUESTS / --requests inject requests per variant per round, default 10000
 *   BENCH_DURATION / --duration seconds of autocannon per variant per round, default 2
 *   BENCH_ONLY / --only         comma-separated sections: inject,http,size (default all)
 *   BENCH_VARIANTS / --variants comma-separated variant names to run (raw and ok200 always run)
 * @module
 */
import { fork } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { fileURLToPath } from 'node:url'
import { VARIANTS, buildChecked } from './apps.js'
import { SIZES, catalogueSize } from './catalogue-size.js'
import { httpRounds, injectRounds, type Unexpected } from './measure.js'
import {
  loadTable,
  mappedTable,
  mb,
  overRuns,
  runStats,
  runsMappedTable,
  runsTargetTable,
  runsTargets,
  runsVariantTable,
  targetTable,
  targets,
  variantTable,
  type RunFigures,
  type VariantInfo
} from './report.js'
import type { ServerMessage } from './server.js'

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
  variants: setting('variants', '')
}
const wanted = new Set(['raw', 'ok200', ...config.variants.split(',').map(s => s.trim())])
// A mapped path always runs with its baseline, the same app without the plugin.
for (const v of VARIANTS) if (wanted.has(v.name) && v.baseline !== undefined) wanted.add(v.baseline)
const variants = config.variants === '' ? VARIANTS : VARIANTS.filter(v => wanted.has(v.name))
const progress = (line: string) => process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(0)}s] ${line}\n`)
const started = performance.now()

interface RunResult extends RunFigures {
  unexpected: Unexpected
  heap: { inject?: number; http?: number; httpRss?: number }
}

const info: VariantInfo[] = []
const runs: RunResult[] = []
for (let run = 1; run <= config.runs; run++) {
  const label = config.runs > 1 ? ` run ${run}/${config.runs}:` : ''
  runs.push(await measureRun(run === 1, (line: string) => progress(`${label} ${line}`.trimStart())))
}

/**
 * One run: every variant built, checked and measured under inject in interleaved rounds, then
 * over HTTP against a fresh server process (so runs share no JIT state, heap or sockets).
 */
async function measureRun(first: boolean, progress: (line: string) => void): Promise<RunResult> {
  const result: RunResult = { unexpected: new Map(), heap: {} }
  // Every variant is built and checked first: a wrong status fails the run before any timing.
  const built = []
  const bodies = new Map<string, string>()
  for (const variant of variants) {
    const { app, bytes, body } = await buildChecked(variant)
    built.push({ variant, app })
    bodies.set(variant.name, body)
    if (first) info.push({ name: variant.name, group: variant.group, baseline: variant.baseline, status: variant.status, bytes })
  }
  // `raw` is the hand-written answer with our body byte for byte: the cost of our code, not of our members.
  for (const ours of ['reply.fail', 'throw errors.x()', 'return errors.x()', 'throw + own handler']) {
    if (bodies.has(ours) && bodies.get(ours) !== bodies.get('raw')) {
      throw new Error(`"raw" must send the same body as "${ours}":\n${bodies.get('raw')}\n${bodies.get(ours)}`)
    }
  }
  progress(`${built.length} variants built and checked`)

  if (config.sections.has('inject')) {
    const measured = await injectRounds(
      built.map(({ variant, app }) => ({ name: variant.name, app, request: variant.request })),
      config.rounds,
      config.requests,
      progress
    )
    result.inject = runStats(measured)
    result.heap.inject = process.memoryUsage().heapUsed
  }
  await Promise.all(built.map(({ app }) => app.close()))

  if (config.sections.has('http')) {
    const names = JSON.stringify(variants.map(v => v.name))
    const child = fork(fileURLToPath(new URL('./server.ts', import.meta.url)), [names], { execArgv: ['--import', 'tsx'], stdio: 'inherit' })
    const next = () => new Promise<ServerMessage>(resolve => child.once('message', message => resolve(message as ServerMessage)))
    const ready = await next()
    if (ready.type !== 'ready') throw new Error('bench server did not start')
    progress(`${Object.keys(ready.ports).length} servers listening on 127.0.0.1`)
    try {
      const measured = await httpRounds(
        variants.map(v => ({ name: v.name, port: ready.ports[v.name]!, request: v.request, status: v.status })),
        { rounds: config.rounds, duration: config.duration, warmup: config.warmup, connections: config.connections },
        async () => {
          const answer = next()
          child.send({ type: 'cpu' })
          const message = await answer
          if (message.type !== 'cpu') throw new Error('bench server: expected cpu')
          return message.micros
        },
        progress
      )
      result.http = runStats(measured)
      result.unexpected = measured.unexpected
      const memory = next()
      child.send({ type: 'heap' })
      const answer = await memory
      if (answer.type === 'heap') {
        result.heap.http = answer.heapUsed
        result.heap.httpRss = answer.rss
      }
    } finally {
      const exited = new Promise(resolve => child.once('exit', resolve))
      child.send({ type: 'close' })
      await exited
    }
  }
  return result
}

let size: Awaited<ReturnType<typeof catalogueSize>> | undefined
if (config.sections.has('size')) {
  size = await catalogueSize(config.quick ? 3 : 5, config.rounds, config.requests, progress)
}

const machine = {
  date: new Date().toISOString(),
  node: process.version,
  cores: os.availableParallelism(),
  cpu: os.cpus()[0]?.model ?? 'unknown',
  loadavg: os.loadavg(),
  command: `npm run bench${config.quick ? ' (BENCH_QUICK=1)' : ''}${config.runs > 1 ? ` (BENCH_RUNS=${config.runs})` : ''}`
}

const last = runs.at(-1)!
const names = info.map(v => v.name)
const figures = overRuns(runs, names, name => info.find(v => v.name === name)?.baseline ?? 'raw')
const checked = config.runs > 1 ? runsTargets(info, runs) : targets(info, last.inject, last.http)

const out: string[] = []
out.push(`## fastify-error-catalogue benchmark — ${machine.date.slice(0, 10)}`)
out.push('')
out.push(
  `${machine.cores} cores (${machine.cpu}), Node ${machine.node}, load average at the end ${machine.loadavg.map(n => n.toFixed(2)).join(' ')}. ` +
    (config.runs > 1 ? `${config.runs} runs (each a fresh server process and fresh inject apps) of ` : '') +
    `${config.rounds} interleaved rounds; inject: ${config.requests} sequential requests per variant per round; ` +
    `HTTP: autocannon, ${config.connections} connections, ${config.duration} s per variant per round, 127.0.0.1; server CPU = the server process's user + system time per request, read by the server. ` +
    (config.runs > 1
      ? 'Each figure: the median over runs of each run\'s median over rounds (range over runs in brackets); each ratio is taken within a run, then the median over runs.'
      : 'Medians, min–max over rounds; ratios from this run.')
)
out.push('')
out.push('### The same 404, answered each way')
out.push('')
if (config.runs > 1) out.push(runsVariantTable(info.filter(v => v.group === '404'), figures))
else out.push(variantTable(info.filter(v => v.group === '404'), last.inject, last.http))
out.push('')
out.push('### Paths our handler maps, with and without the plugin')
out.push('')
out.push(config.runs > 1 ? runsMappedTable(info, figures) : mappedTable(info, last.inject, last.http))
out.push('')
out.push('### Targets (issues 3 and 12)')
out.push('')
out.push(config.runs > 1 ? runsTargetTable(checked as ReturnType<typeof runsTargets>) : targetTable(checked as ReturnType<typeof targets>))
out.push('')
if (size !== undefined) {
  const perRequest = runStats(size.perRequest)
  out.push('### Catalogue size')
  out.push('')
  out.push(loadTable(size.load, perRequest))
  out.push('')
}
const heap = last.heap
const heapLine = [
  heap.inject === undefined ? undefined : `inject process ${mb(heap.inject)} (all ${info.length} apps alive)`,
  heap.http === undefined ? undefined : `HTTP server process ${mb(heap.http)} (rss ${mb(heap.httpRss!)})`
].filter(Boolean)
if (heapLine.length > 0) out.push(`Heap used after the${config.runs > 1 ? ' last' : ''} run: ${heapLine.join('; ')}.`)
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
    catalogue: size === undefined ? undefined : { sizes: SIZES, load: size.load, perRequest: runStats(size.perRequest) },
    seconds: (performance.now() - started) / 1000
  },
  null,
  2
)
const file = `${resultsDir}bench-${machine.date.replace(/[:.]/g, '-')}.json`
writeFileSync(file, json)
writeFileSync(`${resultsDir}latest.json`, json)
progress(`done in ${((performance.now() - started) / 1000).toFixed(0)} s; figures in ${file}`)
