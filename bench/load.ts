/**
 * `npm run bench:load`: 30 s of mixed load over loopback (success, 4xx, 5xx, validation,
 * 404 and 429 answers, 50 connections) against the soak server in its own process, then
 * the figures: throughput, latency, non-catalogue answers, socket errors and timeouts, and
 * heap after GC once a second. `-- --seconds 60 --connections 100` to change the run.
 * @module
 */
import { parseArgs } from 'node:util'
import { runLoad, startSoakServer } from '../test/reliability/fixtures/load.js'

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '30' }, connections: { type: 'string', default: '50' } } })
const seconds = Number(values.seconds)
const connections = Number(values.connections)

const server = await startSoakServer()
try {
  console.log(`load: ${seconds} s, ${connections} connections, ${server.url} (node ${process.version})`)
  const f = await runLoad(server.url, seconds, connections)
  const rows: [string, string][] = [
    ['requests', `${f.requests} (${f.requestsPerSecond} req/s)`],
    ['latency p50 / p99 / max', `${f.latencyMs.p50} / ${f.latencyMs.p99} / ${f.latencyMs.max} ms`],
    ['answers by code', Object.entries(f.byCode).map(([code, n]) => `${code} ${n}`).join(', ')],
    ['non-catalogue answers', `${f.nonCatalogue}${f.nonCatalogueExamples.length ? ` (${f.nonCatalogueExamples.join('; ')})` : ''}`],
    ['socket errors / timeouts', `${f.errors} / ${f.timeouts}`],
    ['heap after GC (MB)', `${f.heapMB[0]} → ${f.heapMB.at(-1)} (min ${Math.min(...f.heapMB)}, max ${Math.max(...f.heapMB)}, ${f.heapMB.length} samples)`],
    ['heap slope', `${f.heapSlopeMBPerSecond.toFixed(4)} MB/s`]
  ]
  for (const [name, value] of rows) console.log(`${name.padEnd(26)} ${value}`)
  process.exitCode = f.nonCatalogue === 0 && f.errors === 0 && f.timeouts === 0 ? 0 : 1
} finally {
  await server.stop()
}
