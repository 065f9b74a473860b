/**
 * Catalogue size: generated YAML catalogues of 10, 1,000 and 10,000 codes, the time to
 * load and compile each (register the plugin, `await app.ready()`), and the cost of one
 * `reply.fail` against the size of the catalogue it looks codes up in.
 * @module
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Fastify, { type FastifyInstance } from 'fastify'
import errorsPlugin from '../dist/index.js'
import { injectRounds, type Measured } from './measure.js'

export const SIZES = [10, 1_000, 10_000] as const

/** `err_00001` … : a spread of 4xx statuses, a placeholder in every message, a fix and a cause. */
export function catalogueYaml(size: number): string {
  const lines = [`# ${size} generated codes for the benchmark`]
  for (let i = 0; i < size; i++) {
    const code = `err_${String(i).padStart(5, '0')}`
    lines.push(
      `${code}:`,
      `  status: ${400 + (i % 30)}`,
      `  message: "Item {id} failed check ${i}"`,
      '  params: { id: string }',
      `  cause: Generated entry ${i} for the catalogue-size benchmark`,
      `  fix: Correct the item and send it again (rule ${i})`,
      ''
    )
  }
  return lines.join('\n')
}

/** The middle code of a generated catalogue: what the per-request loop asks for. */
export function middleCode(size: number): string {
  return `err_${String(Math.floor(size / 2)).padStart(5, '0')}`
}

export interface LoadResult {
  size: number
  bytes: number
  /** Milliseconds from `register` to the end of `await app.ready()`, one per repetition. */
  ms: number[]
}

export interface SizeResults {
  load: LoadResult[]
  perRequest: Measured
}

export async function catalogueSize(repetitions: number, rounds: number, requests: number, progress: (line: string) => void): Promise<SizeResults> {
  const dir = mkdtempSync(join(tmpdir(), 'fec-bench-'))
  try {
    const files = SIZES.map(size => {
      const path = join(dir, `catalogue-${size}.yaml`)
      const text = catalogueYaml(size)
      writeFileSync(path, text)
      return { size, path, bytes: Buffer.byteLength(text) }
    })

    const load: LoadResult[] = files.map(({ size, bytes }) => ({ size, bytes, ms: [] }))
    for (let rep = 0; rep < repetitions; rep++) {
      for (const [i, file] of files.entries()) {
        const app = Fastify()
        const start = process.hrtime.bigint()
        app.register(errorsPlugin, { catalogue: file.path })
        await app.ready()
        load[i]!.ms.push(Number(process.hrtime.bigint() - start) / 1e6)
        await app.close()
      }
    }
    progress(`catalogue load: ${repetitions} repetitions`)

    const apps: { name: string; app: FastifyInstance }[] = []
    for (const file of files) {
      const app = Fastify()
      await app.register(errorsPlugin, { catalogue: file.path })
      const code = middleCode(file.size)
      // The generated codes are not in the package's types (no `generate` run for them).
      const fail = (reply: unknown) => (reply as { fail(code: string, params: unknown): unknown }).fail(code, { id: '7' })
      app.get('/items/:id', async (_request, reply) => fail(reply))
      await app.ready()
      apps.push({ name: `${file.size} codes`, app })
    }
    try {
      const perRequest = await injectRounds(
        apps.map(({ name, app }) => ({ name, app, request: { method: 'GET', url: '/items/7' } })),
        rounds,
        requests,
        line => progress(`catalogue size: ${line}`)
      )
      return { load, perRequest }
    } finally {
      await Promise.all(apps.map(({ app }) => app.close()))
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
