/**
 * The HTTP side of the benchmark, run as a child process so that autocannon (in the
 * parent) and the servers do not share an event loop: builds every variant, listens on
 * a free port of 127.0.0.1 for each, reports the ports, then waits for the parent. Its
 * CPU time (`process.cpuUsage()`, user + system) is read here and sent on request, so the
 * parent can divide it by the requests of each round.
 * @module
 */
import type { FastifyInstance } from 'fastify'
import { VARIANTS, buildChecked } from './apps.js'

export type ServerMessage =
  | { type: 'ready'; ports: Record<string, number> }
  | { type: 'heap'; heapUsed: number; rss: number }
  | { type: 'cpu'; micros: number }

const send = (message: ServerMessage) => process.send!(message)

// The parent names the variants it measures (JSON in argv[2]); all of them when absent.
const only = process.argv[2] === undefined ? undefined : new Set(JSON.parse(process.argv[2]) as string[])
const apps: FastifyInstance[] = []
const ports: Record<string, number> = {}
for (const variant of VARIANTS.filter(v => only === undefined || only.has(v.name))) {
  const { app } = await buildChecked(variant)
  await app.listen({ host: '127.0.0.1', port: 0 })
  const address = app.server.address()
  if (address === null || typeof address === 'string') throw new Error(`no port for ${variant.name}`)
  ports[variant.name] = address.port
  apps.push(app)
}
send({ type: 'ready', ports })

process.on('message', async (message: { type: string }) => {
  if (message.type === 'cpu') {
    const { user, system } = process.cpuUsage()
    send({ type: 'cpu', micros: user + system })
  } else if (message.type === 'heap') {
    const { heapUsed, rss } = process.memoryUsage()
    send({ type: 'heap', heapUsed, rss })
  } else if (message.type === 'close') {
    await Promise.all(apps.map(app => app.close()))
    process.disconnect()
  }
})
