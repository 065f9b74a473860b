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
    list.map(t => [t.target, verdict(t.inject, t.atLeast), verdict(t.http, t.atLeast), verdict(t.cpu, t.atLeast)])
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
