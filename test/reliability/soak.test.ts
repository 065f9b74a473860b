import { test } from 'tap'
import { runLoad, startSoakServer } from './fixtures/load.js'

// A short soak: `npm run bench:load` runs the same for 30 s and prints the figures.
test('under load over loopback: only catalogue answers, no socket errors or timeouts, a flat heap', async t => {
  const server = await startSoakServer()
  t.teardown(() => server.stop())

  const figures = await runLoad(server.url, 6, 50)
  t.comment(JSON.stringify(figures))

  t.ok(figures.requests > 1000, `${figures.requests} requests`)
  t.equal(figures.nonCatalogue, 0, `non-catalogue answers: ${figures.nonCatalogueExamples.join('; ')}`)
  t.equal(figures.errors, 0, 'no socket errors')
  t.equal(figures.timeouts, 0, 'no timeouts')
  for (const code of ['ok', 'resource_not_found', 'internal_error', 'validation_error', 'rate_limit_exceeded', 'route_not_found']) {
    t.ok(figures.byCode[code]! > 0, `${code} answered ${figures.byCode[code]} times`)
  }
  // Flat: heap after GC grows by less than 1 MB per second, and ends within 8 MB of the start.
  t.ok(figures.heapSlopeMBPerSecond < 1, `heap slope ${figures.heapSlopeMBPerSecond.toFixed(3)} MB/s`)
  t.ok(figures.heapMB.at(-1)! - figures.heapMB[0]! < 8, `heap ${figures.heapMB.join(' → ')} MB`)
})
