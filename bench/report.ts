/**
 * Statistics and the markdown tables: medians, min–max spread, ratios from the same run,
 * and the targets checked against them.
 * @module
 */
import type { LoadFigures } from './catalogue-load.js'
import type { Measured, Samples } from './measure.js'

export interface Stat {
  median: number
  min: number
  max: number
  samples: number[]
}

/** One measurement's statistics: requests/second, CPU µs per request and (HTTP) latency ms, per variant. */
export interface RunStats {
  rps: Record<string, Stat>
  cpu: Record<string, Stat>
  p50?: Record<string, Stat>
  p99?: Record<string, Stat>
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

export function stat(values: readonly number[]): Stat {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values), samples: [...values] }
}

function stats(samples: Samples): Record<string, Stat> {
  return Object.fromEntries([...samples].map(([name, values]) => [name, stat(values)]))
}

export function runStats(measured: Measured): RunStats {
  const latency = measured.p50 === undefined ? {} : { p50: stats(measured.p50), p99: stats(measured.p99!) }
  return { rps: stats(measured.rps), cpu: stats(measured.cpu), ...latency }
}

const int = (n: number) => Math.round(n).toLocaleString('en-US')
export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`

function table(head: string[], rows: string[][]): string {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map(row => `| ${row.join(' | ')} |`)].join('\n')
}

export interface VariantInfo {
  name: string
  group: '404' | 'mapped' | 'scale'
  baseline?: string
  status: number
  bytes: number
}

export interface Target {
  target: string
  /** Ratios of req/s medians; `cpu` is the inverse ratio of HTTP server CPU per request (higher is better). */
  inject?: number
  http?: number
  cpu?: number
  /** The ratio must be at least this. */
  atLeast: number
}

/** Issue 21's targets, as ratios within one run. */
export function targets(variants: readonly VariantInfo[], inject: RunStats | undefined, http: RunStats | undefined): Target[] {
  const r = (s: Record<string, Stat> | undefined, a: string, b: string) => (s?.[a] && s?.[b] ? s[a]!.median / s[b]!.median : undefined)
  const both = (a: string, b: string) => ({ inject: r(inject?.rps, a, b), http: r(http?.rps, a, b), cpu: r(http?.cpu, b, a) })
  const out: Target[] = []
  for (const name of ['reply.fail', 'reply.fail flat', 'reply.fail oauth', 'reply.fail problem']) {
    out.push({ target: `\`${name}\` ≥ 0.95× raw`, atLeast: 0.95, ...both(name, 'raw') })
  }
  out.push({ target: '`throw errors.x()` ≥ 0.97× the floor (`throw + own handler`)', atLeast: 0.97, ...both('throw errors.x()', 'throw + own handler') })
  out.push({ target: '`return errors.x()` ≥ 0.97× the floor (`throw + own handler`)', atLeast: 0.97, ...both('return errors.x()', 'throw + own handler') })
  for (const name of ['validation', 'unknown route', 'internal_error']) {
    out.push({ target: `${name}: ours ≥ 0.95× without`, atLeast: 0.95, ...both(`${name} (ours)`, `${name} (without)`) })
  }
  for (const v of variants) {
    if (v.group === 'scale' && v.baseline !== undefined) out.push({ target: `${v.name} ≥ 0.95× ${v.baseline}`, atLeast: 0.95, ...both(v.name, v.baseline) })
  }
  return out.filter(t => t.inject !== undefined || t.http !== undefined)
}

export function targetTable(list: readonly Target[]): string {
  const verdict = (n: number | undefined, atLeast: number) => (n === undefined ? '–' : `${n.toFixed(3)}× ${n >= atLeast ? 'holds' : '**missed**'}`)
  return table(
    ['target', 'inject req/s', 'HTTP req/s', 'HTTP server CPU per request (inverse)'],
    list
      .filter(t => t.inject !== undefined || t.http !== undefined)
      .map(t => [t.target, verdict(t.inject, t.atLeast), verdict(t.http, t.atLeast), verdict(t.cpu, t.atLeast)])
  )
}

/** Load times (parse for scale; register + ready against the targets), retained heap, heap over reloads. */
export function loadTable(figures: LoadFigures): string {
  const targets: Record<number, number> = { 1000: 30, 10000: 150 }
  const ms = (s: Stat) => `${s.median.toFixed(1)} ms (${s.min.toFixed(1)}–${s.max.toFixed(1)})`
  const rows = figures.sizes.map(l => {
    const parse = stat(l.parseCpuMs)
    const ready = stat(l.readyCpuMs)
    const wall = stat(l.readyMs)
    const target = targets[l.size]
    return [
      int(l.size),
      `${l.format}, ${(l.bytes / 1024).toFixed(0)} KiB`,
      ms(stat(l.parseMs)),
      ms(wall),
      `${(wall.median / stat(l.parseMs).median).toFixed(1)}×`,
      `${ms(parse)} / ${ms(ready)}`,
      target === undefined ? '–' : `< ${target} ms: ${wall.median < target ? 'holds' : '**missed**'}`
    ]
  })
  const { heap, reloads } = figures
  const reloadMs = stat(reloads.reloadMs)
  const first = reloads.heapUsed[0]!
  const last = reloads.heapUsed.at(-1)!
  return [
    table(
      ['codes (+ built-ins)', 'file', 'bare parse (js-yaml `load` / `JSON.parse`), wall', 'register + ready, wall', 'ready ÷ parse', 'CPU (all threads): parse / ready', 'target (wall median)'],
      rows
    ),
    '',
    `The same register + ready as the first thing a fresh process does (${figures.cold.readyCpuMs.length} processes; nothing compiled yet, as at a server's start), ` +
      `${int(figures.cold.size)} codes: CPU ${ms(stat(figures.cold.readyCpuMs))}, wall ${ms(stat(figures.cold.readyMs))}.`,
    '',
    `Retained heap of the loaded ${int(figures.cold.size)}-code YAML catalogue: ${mb(heap.retained)} ` +
      `(${(heap.retained / heap.bytes).toFixed(2)}× the ${mb(heap.bytes)} file; target < 3×: ${heap.retained < 3 * heap.bytes ? 'holds' : '**missed**'}): ` +
      `heap used after GC in a fresh process holding the app, ${mb(heap.withCatalogue)}, less ${mb(heap.builtinsOnly)} for the same app with the built-ins alone. ` +
      `The same catalogue as JSON: ${mb(heap.json.retained)} (${(heap.json.retained / heap.json.bytes).toFixed(2)}× its ${mb(heap.json.bytes)} file, ${(heap.json.retained / heap.bytes).toFixed(2)}× the YAML file).`,
    '',
    `${reloads.count} saves of a ${int(reloads.size)}-code catalogue under \`watch\` (each a changed message, reload ${reloadMs.median.toFixed(1)} ms median): ` +
      `heap used after GC ${mb(first)} after the first reload, ${mb(last)} after the last (${last >= first ? '+' : ''}${((100 * (last - first)) / first).toFixed(1)}%; ` +
      `every 50: ${reloads.heapUsed.map(h => (h / 1024 / 1024).toFixed(1)).join(', ')} MB).`
  ].join('\n')
}

/**
 * Repeated runs: each run is a fresh server process (and freshly built inject apps) measured
 * in its own interleaved rounds. A run gives one median per variant and one ratio per pair
 * (both from that run); across runs we report the median of those and their range, so one
 * noisy run moves the range, not the figure.
 */
export interface RunFigures {
  inject?: RunStats | undefined
  http?: RunStats | undefined
}

export interface Spread {
  median: number
  min: number
  max: number
  runs: number[]
}

export function spread(values: readonly number[]): Spread | undefined {
  const finite = values.filter(Number.isFinite)
  if (finite.length === 0) return undefined
  return { median: median(finite), min: Math.min(...finite), max: Math.max(...finite), runs: [...finite] }
}

type Side = 'inject' | 'http'
type Metric = 'rps' | 'cpu' | 'p50' | 'p99'

/** One variant's per-run medians of one metric. */
function perRun(runs: readonly RunFigures[], side: Side, metric: Metric, name: string): number[] {
  return runs.map(run => run[side]?.[metric]?.[name]?.median ?? NaN)
}

/**
 * Per-run ratios of `a` to `b`: req/s a ÷ b, or for CPU the inverse (b's µs ÷ a's µs), so
 * that for both a ratio above 1 means `a` is cheaper.
 */
function runRatios(runs: readonly RunFigures[], side: Side, metric: 'rps' | 'cpu', a: string, b: string): number[] {
  const x = perRun(runs, side, metric, a)
  const y = perRun(runs, side, metric, b)
  return x.map((value, i) => (metric === 'rps' ? value / y[i]! : y[i]! / value))
}

const fixed = (digits: number) => (s: Spread | undefined) =>
  s === undefined ? '–' : `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`
const latency = (f: SideOverRuns) => (f.p50 === undefined ? '–' : `${f.p50.median.toFixed(1)} / ${f.p99!.median.toFixed(1)}`)
const perSecond = (s: Spread | undefined) => (s === undefined ? '–' : `${int(s.median)} (${int(s.min)}–${int(s.max)})`)

export interface SideOverRuns {
  rps?: Spread | undefined
  cpu?: Spread | undefined
  ratio?: Spread | undefined
  cpuRatio?: Spread | undefined
  p50?: Spread | undefined
  p99?: Spread | undefined
}

export interface OverRuns {
  inject: SideOverRuns
  http: SideOverRuns
}

/** Every variant's figures over runs, with ratios to `baseline`. */
export function overRuns(runs: readonly RunFigures[], names: readonly string[], baselineOf: (name: string) => string): Record<string, OverRuns> {
  const side = (s: Side, name: string) => ({
    rps: spread(perRun(runs, s, 'rps', name)),
    cpu: spread(perRun(runs, s, 'cpu', name)),
    ratio: spread(runRatios(runs, s, 'rps', name, baselineOf(name))),
    cpuRatio: spread(runRatios(runs, s, 'cpu', name, baselineOf(name))),
    p50: spread(perRun(runs, s, 'p50', name)),
    p99: spread(perRun(runs, s, 'p99', name))
  })
  return Object.fromEntries(names.map(name => [name, { inject: side('inject', name), http: side('http', name) }]))
}

/** The 404 variants over runs against `raw` (same body bytes as ours). */
export function runsVariantTable(variants: readonly VariantInfo[], figures: Record<string, OverRuns>): string {
  const rows = variants.map(v => {
    const f = figures[v.name]!
    return [
      `\`${v.name}\``,
      String(v.bytes),
      fixed(2)(f.inject.ratio),
      fixed(1)(f.inject.cpu),
      perSecond(f.http.rps),
      fixed(2)(f.http.ratio),
      fixed(1)(f.http.cpu),
      fixed(2)(f.http.cpuRatio),
      latency(f.http)
    ]
  })
  return table(
    ['variant', 'body B', 'inject × raw', 'inject CPU µs/req', 'HTTP req/s', 'HTTP × raw', 'server CPU µs/req', 'CPU: raw ÷ variant', 'latency p50 / p99 ms'],
    rows
  )
}

/**
 * Pairs over runs: for `mapped`, ours against the same app without the plugin; for `scale`,
 * `reply.fail` in a bigger app against the smallest.
 */
export function runsMappedTable(variants: readonly VariantInfo[], figures: Record<string, OverRuns>, group: 'mapped' | 'scale' = 'mapped'): string {
  const rows: string[][] = []
  for (const ours of variants) {
    if (ours.baseline === undefined || ours.group !== group) continue
    const without = variants.find(v => v.name === ours.baseline)!
    const f = figures[ours.name]!
    const w = figures[without.name]!
    rows.push([
      group === 'mapped' ? ours.name.replace(' (ours)', '') : `${ours.name} (${without.name})`,
      `${ours.bytes} / ${without.bytes}`,
      fixed(2)(f.inject.ratio),
      `${fixed(1)(f.inject.cpu)} / ${fixed(1)(w.inject.cpu)}`,
      `${perSecond(f.http.rps)} / ${perSecond(w.http.rps)}`,
      fixed(2)(f.http.ratio),
      `${fixed(1)(f.http.cpu)} / ${fixed(1)(w.http.cpu)}`,
      fixed(2)(f.http.cpuRatio),
      `${latency(f.http)} / ${latency(w.http)}`
    ])
  }
  const [a, b] = group === 'mapped' ? ['ours', 'without'] : ['row', 'baseline']
  return table(
    [
      group === 'mapped' ? 'path' : 'row (baseline)',
      `body B ${a} / ${b}`,
      `inject ${a} ÷ ${b}`,
      `inject CPU µs/req ${a} / ${b}`,
      `HTTP req/s ${a} / ${b}`,
      `HTTP ${a} ÷ ${b}`,
      `server CPU µs/req ${a} / ${b}`,
      `CPU: ${b} ÷ ${a}`,
      `latency p50 / p99 ms ${a} / ${b}`
    ],
    rows
  )
}

export interface RunsTarget {
  target: string
  atLeast: number
  inject?: Spread | undefined
  http?: Spread | undefined
  cpu?: Spread | undefined
}

/** The targets, each ratio taken per run and then summarised over runs. */
export function runsTargets(variants: readonly VariantInfo[], runs: readonly RunFigures[]): RunsTarget[] {
  const each = runs.map(run => targets(variants, run.inject, run.http))
  return each[0]!.map((first, i) => ({
    target: first.target,
    atLeast: first.atLeast,
    inject: spread(each.map(t => t[i]!.inject ?? NaN)),
    http: spread(each.map(t => t[i]!.http ?? NaN)),
    cpu: spread(each.map(t => t[i]!.cpu ?? NaN))
  }))
}

export function runsTargetTable(list: readonly RunsTarget[]): string {
  const verdict = (s: Spread | undefined, atLeast: number) =>
    s === undefined ? '–' : `${s.median.toFixed(2)}× (${s.min.toFixed(2)}–${s.max.toFixed(2)}) ${s.median >= atLeast ? 'holds' : '**missed**'}`
  return table(
    ['target', 'inject req/s', 'HTTP req/s', 'HTTP server CPU per request (inverse)'],
    list
      .filter(t => t.inject !== undefined || t.http !== undefined)
      .map(t => [t.target, verdict(t.inject, t.atLeast), verdict(t.http, t.atLeast), verdict(t.cpu, t.atLeast)])
  )
}
