/**
 * Catalogue load and memory, in a process of its own (forked by bench/run.ts, or run alone:
 * `node --import tsx --expose-gc bench/catalogue-load.ts [--quick]`):
 *
 * - **load**: for generated YAML catalogues of 10, 1,000 and 10,000 codes, in interleaved
 *   repetitions, the wall and CPU time of a bare parse of the file (js-yaml's `load`, for scale: what any
 *   YAML catalogue costs before it is checked) and of register + `await app.ready()` (read,
 *   parse with positions, validate, bind, compile the plugin's part);
 * - **heap**: what a loaded 10,000-code catalogue keeps alive: heap used after a full GC in a
 *   fresh process holding one app with it, less the same for an app with the built-ins alone;
 * - **reloads**: heap after GC every 50 reloads over 500 saves of a 1,000-code catalogue
 *   under `watch`.
 * @module
 */
import { fork } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Writable } from 'node:stream'
import Fastify, { type FastifyInstance } from 'fastify'
import { load as parseYaml } from 'js-yaml'
import errorsPlugin from '../dist/index.js'
import { catalogueObject, catalogueYaml } from './generated.js'
import { turn } from './measure.js'

export const SIZES = [10, 1_000, 10_000] as const
/** The sizes also measured as JSON files (read natively when they qualify, lib/load/parse-json.ts). */
export const JSON_SIZES = [1_000, 10_000] as const
const RELOADS = 500
const RELOAD_SIZE = 1_000

export interface LoadFigures {
  /** Wall and CPU (user + system) milliseconds per repetition: CPU time is the figure to read on a shared machine. */
  sizes: { size: number; format: 'YAML' | 'JSON'; bytes: number; parseMs: number[]; readyMs: number[]; parseCpuMs: number[]; readyCpuMs: number[] }[]
  heap: { bytes: number; retained: number; withCatalogue: number; builtinsOnly: number; json: { bytes: number; retained: number } }
  /** Register + ready of the largest catalogue as the first thing a fresh process does (what a server pays at start, nothing compiled yet): wall and CPU ms, one per process. */
  cold: { size: number; readyMs: number[]; readyCpuMs: number[] }
  reloads: { size: number; count: number; heapUsed: number[]; reloadMs: number[] }
}

const gc = () => {
  const collect = (globalThis as { gc?: () => void }).gc
  if (collect === undefined) throw new Error('run with --expose-gc')
  collect()
  collect()
}
/** Wall and CPU milliseconds of `work`. */
async function timed<T>(work: () => T | Promise<T>): Promise<{ value: T; ms: number; cpuMs: number }> {
  const cpu = process.cpuUsage()
  const start = process.hrtime.bigint()
  const value = await work()
  const wall = Number(process.hrtime.bigint() - start) / 1e6
  const used = process.cpuUsage(cpu)
  return { value, ms: wall, cpuMs: (used.user + used.system) / 1000 }
}

async function ready(catalogue: string | undefined): Promise<FastifyInstance> {
  const app = Fastify()
  app.register(errorsPlugin, catalogue === undefined ? {} : { catalogue })
  await app.ready()
  return app
}

export async function catalogueLoad(repetitions: number, progress: (line: string) => void): Promise<LoadFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'fec-bench-'))
  try {
    const file = (size: number, format: 'YAML' | 'JSON') => {
      const path = join(dir, `catalogue-${size}.${format.toLowerCase()}`)
      const text = format === 'YAML' ? catalogueYaml(size) : JSON.stringify(catalogueObject(size), null, 2)
      writeFileSync(path, text)
      // For scale, each file's bare parse: js-yaml's `load` for YAML, `JSON.parse` for JSON.
      const parse = format === 'YAML' ? () => parseYaml(text) : () => JSON.parse(text) as unknown
      return { size, format, path, text, parse, bytes: Buffer.byteLength(text) }
    }
    const files = [...SIZES.map(size => file(size, 'YAML')), ...JSON_SIZES.map(size => file(size, 'JSON'))]
    const sizes = files.map(({ size, format, bytes }) => ({ size, format, bytes, parseMs: [] as number[], readyMs: [] as number[], parseCpuMs: [] as number[], readyCpuMs: [] as number[] }))
    // One warm-up repetition, then interleaved: parse, load, for each size in turn.
    for (let rep = 0; rep <= repetitions; rep++) {
      for (const [i, file] of files.entries()) {
        const parse = await timed(file.parse)
        const load = await timed(() => ready(file.path))
        await load.value.close()
        if (rep === 0) continue
        sizes[i]!.parseMs.push(parse.ms)
        sizes[i]!.parseCpuMs.push(parse.cpuMs)
        sizes[i]!.readyMs.push(load.ms)
        sizes[i]!.readyCpuMs.push(load.cpuMs)
      }
    }
    progress(`catalogue load: ${repetitions} repetitions`)

    // Each heap figure from a fresh process that holds only that app (no garbage of earlier apps), alternated, three each.
    const largest = files.find(f => f.format === 'YAML' && f.size === SIZES.at(-1))!
    const withCatalogue: number[] = []
    const builtinsOnly: number[] = []
    const withJson: number[] = []
    const largestJson = files.find(f => f.format === 'JSON' && f.size === largest.size)!
    const cold: LoadFigures['cold'] = { size: largest.size, readyMs: [], readyCpuMs: [] }
    for (let i = 0; i < 3; i++) {
      builtinsOnly.push((await heapInFreshProcess(undefined)).heapUsed)
      const fresh = await heapInFreshProcess(largest.path)
      withCatalogue.push(fresh.heapUsed)
      cold.readyMs.push(fresh.readyMs)
      cold.readyCpuMs.push(fresh.readyCpuMs)
      withJson.push((await heapInFreshProcess(largestJson.path)).heapUsed)
    }
    const mid = (values: number[]) => [...values].sort((a, b) => a - b)[1]!
    const heap = {
      bytes: largest.bytes,
      withCatalogue: mid(withCatalogue),
      builtinsOnly: mid(builtinsOnly),
      retained: mid(withCatalogue) - mid(builtinsOnly),
      json: { bytes: largestJson.bytes, retained: mid(withJson) - mid(builtinsOnly) }
    }
    progress('catalogue heap and cold load measured')

    const reloads = await reloadHeap(files.find(f => f.format === 'YAML' && f.size === RELOAD_SIZE)!.text, dir)
    progress(`${RELOADS} reloads under watch`)
    return { sizes, heap, cold, reloads }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

interface FreshProcess {
  /** Heap used after a full GC, holding the ready app. */
  heapUsed: number
  /** The process's first register + ready, wall and CPU. */
  readyMs: number
  readyCpuMs: number
}

/** A new process that readies one app with `catalogue` (the built-ins alone when undefined) and reports its heap after GC. */
async function heapInFreshProcess(catalogue: string | undefined): Promise<FreshProcess> {
  const child = fork(fileURLToPath(import.meta.url), ['heap', catalogue ?? ''], { execArgv: ['--import', 'tsx', '--expose-gc'], stdio: 'inherit' })
  return new Promise((resolve, reject) => {
    child.once('message', message => resolve(message as FreshProcess))
    child.once('exit', code => reject(new Error(`heap child exited (${code})`)))
  })
}

/** Saves the catalogue RELOADS times (each save a changed message), waiting for each reload. */
async function reloadHeap(text: string, dir: string): Promise<LoadFigures['reloads']> {
  const path = join(dir, 'watched.yaml')
  writeFileSync(path, text)
  let reloaded: ((ms: number) => void) | undefined
  const stream = new Writable({
    write(chunk, _encoding, done) {
      const line = JSON.parse(String(chunk)) as { msg?: string; ms?: number }
      if (line.msg === 'fastify-error-catalogue: catalogue reloaded') reloaded?.(line.ms ?? 0)
      done()
    }
  })
  const app = Fastify({ logger: { level: 'info', stream } })
  await app.register(errorsPlugin, { catalogue: path, watch: { debounceMs: 5 } })
  await app.ready()
  const heapUsed: number[] = []
  const reloadMs: number[] = []
  try {
    for (let i = 1; i <= RELOADS; i++) {
      const done = new Promise<number>(resolve => (reloaded = resolve))
      writeFileSync(path, text.replace('failed check 0"', `failed check 0 (save ${i})"`))
      reloadMs.push(await done)
      if (i === 1 || i % 50 === 0) {
        await turn()
        gc()
        heapUsed.push(process.memoryUsage().heapUsed)
      }
    }
  } finally {
    await app.close()
  }
  return { size: RELOAD_SIZE, count: RELOADS, heapUsed, reloadMs }
}

if (process.send !== undefined && process.argv[2] === 'heap') {
  // Forked by heapInFreshProcess: one app, then the heap after GC.
  const load = await timed(() => ready(process.argv[3] === '' ? undefined : process.argv[3]))
  await turn()
  gc()
  const figures: FreshProcess = { heapUsed: process.memoryUsage().heapUsed, readyMs: load.ms, readyCpuMs: load.cpuMs }
  process.send(figures, () => load.value.close().then(() => process.disconnect()))
} else if (process.send !== undefined) {
  // Forked by run.ts: measure, send the figures, exit.
  const repetitions = Number(process.argv[2] ?? 5)
  const figures = await catalogueLoad(repetitions, line => process.stderr.write(`[bench load] ${line}\n`))
  process.send(figures, () => process.disconnect())
} else if (import.meta.url === `file://${process.argv[1]}`) {
  const figures = await catalogueLoad(process.argv.includes('--quick') ? 3 : 5, line => process.stderr.write(`[bench load] ${line}\n`))
  console.log(JSON.stringify(figures, null, 2))
}
