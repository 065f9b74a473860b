/**
 * A bench server process, forked by bench/run.ts. It builds the variants named in argv[2]
 * (JSON; one in the default mode, as a production server holds one app; all of them with
 * `--among-all`), listens on a free port of 127.0.0.1 for each, reports the ports and each
 * variant's checked body, then answers the parent's requests one at a time:
 *
 * - `cpu`: this process's CPU time so far (`process.cpuUsage()`, user + system, µs), so the
 *   parent can divide it by the requests autocannon made in a round;
 * - `inject`: a loop of sequential `app.inject` requests to one variant in this process,
 *   timed here (req/s and CPU µs per request), so that the inject figures too come from a
 *   process that holds that one app;
 * - `heap`: heap used after a full GC when `--expose-gc` is on, and rss;
 * - `close`.
 * @module
 */
import type { FastifyInstance } from 'fastify'
import { VARIANTS, buildChecked, type BenchRequest } from './apps.js'
import { injectLoop } from './measure.js'

export interface Built {
  readonly port: number
  readonly bytes: number
  readonly body: string
}

export type ServerMessage =
  | { type: 'ready'; built: Record<string, Built> }
  | { type: 'heap'; heapUsed: number; rss: number }
  | { type: 'cpu'; micros: number }
  | { type: 'inject'; rps: number; cpuPerRequest: number }

export type ParentMessage =
  | { type: 'cpu' | 'heap' | 'close' }
  | { type: 'inject'; name: string; requests: number }

async function serve(names: ReadonlySet<string>): Promise<void> {
  const send = (message: ServerMessage) => process.send!(message)
  const apps = new Map<string, { app: FastifyInstance; request: BenchRequest }>()
  const built: Record<string, Built> = {}
  for (const variant of VARIANTS.filter(v => names.has(v.name))) {
    const { app, bytes, body } = await buildChecked(variant)
    await app.listen({ host: '127.0.0.1', port: 0 })
    const address = app.server.address()
    if (address === null || typeof address === 'string') throw new Error(`no port for ${variant.name}`)
    built[variant.name] = { port: address.port, bytes, body }
    apps.set(variant.name, { app, request: variant.request })
  }
  send({ type: 'ready', built })

  process.on('message', async (message: ParentMessage) => {
    if (message.type === 'cpu') {
      const { user, system } = process.cpuUsage()
      send({ type: 'cpu', micros: user + system })
    } else if (message.type === 'inject') {
      const target = apps.get(message.name)!
      send({ type: 'inject', ...(await injectLoop(target.app, target.request, message.requests)) })
    } else if (message.type === 'heap') {
      ;(globalThis as { gc?: () => void }).gc?.()
      const { heapUsed, rss } = process.memoryUsage()
      send({ type: 'heap', heapUsed, rss })
    } else {
      await Promise.all([...apps.values()].map(({ app }) => app.close()))
      process.disconnect()
    }
  })
}

await serve(new Set(JSON.parse(process.argv[2] ?? '[]') as string[]))
