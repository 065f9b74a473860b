/**
 * Statistics and the markdown tables: medians, min–max spread, ratios from the same run,
 * and the targets checked against them.
 * @module
 */
import type { Measured, Samples } from './measure.js'

export interface Stat {
  median: number
  min: number
  max: number
  samples: number[]
}

/** One measurement's statistics: requests/second and CPU µs per request, per variant. */
export interface RunStats {
  rps: Record<string, Stat>
  cpu: Record<string, Stat>
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
  return { rps: stats(measured.rps), cpu: stats(measured.cpu) }
}

const int = (n: number) => Math.round(n).toLocaleString('en-US')
const ratio = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? '–' : `${n.toFixed(2)}×`)
const micros = (n: number | undefined) => (n === undefined ? '–' : n.toFixed(1))
export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`

function table(head: string[], rows: string[][]): string {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map(row => `| ${row.join(' | ')} |`)].join('\n')
}

export interface VariantInfo {
  name: string
  group: '404' | 'mapped'
  baseline?: string
  status: number
  bytes: number
}

/** One table for the 404 variants: req/s, spread, ratios to raw and ok200, CPU per request; inject and HTTP. */
export function variantTable(variants: readonly VariantInfo[], inject: RunStats | undefined, http: RunStats | undefined): string {
  const cells = (s: RunStats | undefined, name: string) => {
    const own = s?.rps[name]
    if (s === undefined || own === undefined) return ['–', '–', '–', '–', '–']
    return [
      int(own.median),
      `${int(own.min)}–${int(own.max)}`,
      ratio(own.median / s.rps.raw!.median),
      ratio(own.median / s.rps.ok200!.median),
      micros(s.cpu[name]?.median)
    ]
  }
  const rows = variants.map(v => [`\`${v.name}\``, String(v.status), String(v.bytes), ...cells(inject, v.name), ...cells(http, v.name)])
  return table(
    ['variant', 'status', 'body B', 'inject req/s', 'min–max', '× raw', '× ok200', 'CPU µs/req', 'HTTP req/s', 'min–max', '× raw', '× ok200', 'server CPU µs/req'],
    rows
  )
}

/** The mapped paths: ours against the same app without the plugin. */
export function mappedTable(variants: readonly VariantInfo[], inject: RunStats | undefined, http: RunStats | undefined): string {
  const rows: string[][] = []
  for (const ours of variants) {
    if (ours.baseline === undefined) continue
    const without = variants.find(v => v.name === ours.baseline)!
    const pair = (s: RunStats | undefined) => {
      const a = s?.rps[ours.name]
      const b = s?.rps[without.name]
      if (s === undefined || a === undefined || b === undefined) return ['–', '–', '–', '–']
      return [
        `${int(a.median)} (${int(a.min)}–${int(a.max)})`,
        `${int(b.median)} (${int(b.min)}–${int(b.max)})`,
        ratio(a.median / b.median),
        `${micros(s.cpu[ours.name]?.median)} / ${micros(s.cpu[without.name]?.median)}`
      ]
    }
    rows.push([ours.name.replace(' (ours)', ''), String(ours.status), `${ours.bytes} / ${without.bytes}`, ...pair(inject), ...pair(http)])
  }
  return table(
    ['path', 'status', 'body B ours / without', 'inject ours', 'inject without', 'ours ÷ without', 'CPU µs/req ours / without', 'HTTP ours', 'HTTP without', 'ours ÷ without', 'server CPU µs/req ours / without'],
    rows
  )
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

export function targets(variants: readonly VariantInfo[], inject: RunStats | undefined, http: RunStats | undefined): Target[] {
  const r = (s: Record<string, Stat> | undefined, a: string, b: string) => (s?.[a] && s?.[b] ? s[a]!.median / s[b]!.median : undefined)
  const both = (a: string, b: string) => ({ inject: r(inject?.rps, a, b), http: r(http?.rps, a, b), cpu: r(http?.cpu, b, a) })
  const out: Target[] = []
  for (const name of ['reply.fail', 'reply.fail flat', 'reply.fail oauth', 'reply.fail problem']) {
    out.push({ target: `\`${name}\` ≥ 0.95× raw`, atLeast: 0.95, ...both(name, 'raw') })
  }
  out.push({ target: '`throw errors.x()` ≥ 0.90× raw', atLeast: 0.9, ...both('throw errors.x()', 'raw') })
  out.push({ target: 'validation: ours ≥ 0.95× without (issue 12)', atLeast: 0.95, ...both('validation (ours)', 'validation (without)') })
  for (const v of variants) {
    if (v.baseline !== undefined) out.push({ target: `${v.name.replace(' (ours)', '')}: ours ≥ 1.00× without`, atLeast: 1, ...both(v.name, v.baseline) })
  }
  out.push({ target: '`reply.fail` ≥ 1.8× sensible', atLeast: 1.8, ...both('reply.fail', 'sensible') })
  return out
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

export function loadTable(load: readonly { size: number; bytes: number; ms: number[] }[], perRequest: RunStats): string {
  const first = `${load[0]!.size} codes`
  const rows = load.map(l => {
    const s = stat(l.ms)
    const name = `${l.size} codes`
    const p = perRequest.rps[name]
    return [
      int(l.size),
      `${(l.bytes / 1024).toFixed(0)} KiB`,
      `${s.median.toFixed(1)} ms`,
      `${s.min.toFixed(1)}–${s.max.toFixed(1)} ms`,
      s.median < 300 ? 'yes' : '**no**',
      p === undefined ? '–' : `${int(p.median)} (${int(p.min)}–${int(p.max)})`,
      ratio(p === undefined ? undefined : p.median / perRequest.rps[first]!.median),
      micros(perRequest.cpu[name]?.median)
    ]
  })
  return table(
    ['codes (+ built-ins)', 'YAML', 'register + ready (median)', 'min–max', '< 300 ms', '`reply.fail` inject req/s', '× 10 codes', 'CPU µs/req'],
    rows
  )
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
type Metric = 'rps' | 'cpu'

/** One variant's per-run medians of one metric. */
function perRun(runs: readonly RunFigures[], side: Side, metric: Metric, name: string): number[] {
  return runs.map(run => run[side]?.[metric][name]?.median ?? NaN)
}

/**
 * Per-run ratios of `a` to `b`: req/s a ÷ b, or for CPU the inverse (b's µs ÷ a's µs), so
 * that for both a ratio above 1 means `a` is cheaper.
 */
function runRatios(runs: readonly RunFigures[], side: Side, metric: Metric, a: string, b: string): number[] {
  const x = perRun(runs, side, metric, a)
  const y = perRun(runs, side, metric, b)
  return x.map((value, i) => (metric === 'rps' ? value / y[i]! : y[i]! / value))
}

const fixed = (digits: number) => (s: Spread | undefined) =>
  s === undefined ? '–' : `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`
const perSecond = (s: Spread | undefined) => (s === undefined ? '–' : `${int(s.median)} (${int(s.min)}–${int(s.max)})`)

export interface OverRuns {
  inject: { rps?: Spread | undefined; cpu?: Spread | undefined; ratio?: Spread | undefined; cpuRatio?: Spread | undefined }
  http: { rps?: Spread | undefined; cpu?: Spread | undefined; ratio?: Spread | undefined; cpuRatio?: Spread | undefined }
}

/** Every variant's figures over runs, with ratios to `baseline`. */
export function overRuns(runs: readonly RunFigures[], names: readonly string[], baselineOf: (name: string) => string): Record<string, OverRuns> {
  const side = (s: Side, name: string) => ({
    rps: spread(perRun(runs, s, 'rps', name)),
    cpu: spread(perRun(runs, s, 'cpu', name)),
    ratio: spread(runRatios(runs, s, 'rps', name, baselineOf(name))),
    cpuRatio: spread(runRatios(runs, s, 'cpu', name, baselineOf(name)))
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
      fixed(2)(f.http.cpuRatio)
    ]
  })
  return table(
    ['variant', 'body B', 'inject × raw', 'inject CPU µs/req', 'HTTP req/s', 'HTTP × raw', 'server CPU µs/req', 'CPU: raw ÷ variant'],
    rows
  )
}

/** The mapped paths over runs: ours against the same app without the plugin. */
export function runsMappedTable(variants: readonly VariantInfo[], figures: Record<string, OverRuns>): string {
  const rows: string[][] = []
  for (const ours of variants) {
    if (ours.baseline === undefined) continue
    const without = variants.find(v => v.name === ours.baseline)!
    const f = figures[ours.name]!
    const w = figures[without.name]!
    rows.push([
      ours.name.replace(' (ours)', ''),
      `${ours.bytes} / ${without.bytes}`,
      fixed(2)(f.inject.ratio),
      `${fixed(1)(f.inject.cpu)} / ${fixed(1)(w.inject.cpu)}`,
      `${perSecond(f.http.rps)} / ${perSecond(w.http.rps)}`,
      fixed(2)(f.http.ratio),
      `${fixed(1)(f.http.cpu)} / ${fixed(1)(w.http.cpu)}`,
      fixed(2)(f.http.cpuRatio)
    ])
  }
  return table(
    ['path', 'body B ours / without', 'inject ours ÷ without', 'inject CPU µs/req ours / without', 'HTTP req/s ours / without', 'HTTP ours ÷ without', 'server CPU µs/req ours / without', 'CPU: without ÷ ours'],
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
