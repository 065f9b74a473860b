/**
 * `node --expose-gc --import tsx bench/client-body.ts`: what parseError keeps of a large error
 * body. A real server on 127.0.0.1 answers 503 with a body of `--mb` MB (default 50); the client
 * parses it with fetch and reports the peak RSS growth while reading, what it kept and what it
 * counted. The tests assert the mechanism (1 MiB kept, every byte counted); this measures it.
 * @module
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { parseArgs } from 'node:util'
import { parseError } from '../lib/client.js'

const { values } = parseArgs({ options: { mb: { type: 'string', default: '50' } } })
const bytes = Number(values.mb) * 1_048_576
const chunk = Buffer.alloc(64 * 1024, 'a')

const server = createServer((_req, res) => {
  res.writeHead(503, { 'content-type': 'application/json', 'content-length': bytes })
  let sent = 0
  const more = () => {
    while (sent < bytes) {
      const part = chunk.subarray(0, Math.min(chunk.length, bytes - sent))
      sent += part.length
      if (!res.write(part)) return void res.once('drain', more)
    }
    res.end()
  }
  more()
})
await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
const { port } = server.address() as AddressInfo

globalThis.gc?.()
const before = process.memoryUsage().rss
const heapBefore = process.memoryUsage().heapUsed + process.memoryUsage().external
let peak = before
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5)
const started = performance.now()
const error = await parseError(await fetch(`http://127.0.0.1:${port}/`))
const ms = performance.now() - started
clearInterval(sampler)
peak = Math.max(peak, process.memoryUsage().rss)
await new Promise<void>(resolve => server.close(() => resolve()))
// Let undici and the server release their sockets, then collect twice (young and old generation).
await new Promise(resolve => setTimeout(resolve, 200))
globalThis.gc?.()
globalThis.gc?.()
const retained = process.memoryUsage().heapUsed + process.memoryUsage().external

const mb = (n: number) => (n / 1_048_576).toFixed(1)
console.log(`body ${mb(bytes)} MB (node ${process.version})`)
console.log(`kept ${typeof error.body === 'string' ? mb(error.body.length) : 0} MB, counted ${mb(error.bodyBytes ?? 0)} MB, bodyUnread ${error.bodyUnread}, code ${error.code}`)
console.log(`peak RSS growth while reading ${mb(peak - before)} MB, ${ms.toFixed(0)} ms`)
console.log(`heap + external held after GC, the error still referenced: +${mb(retained - heapBefore)} MB`)
