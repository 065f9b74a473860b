import { test } from 'tap'
import { runLoad, startSoakServer } from './fixtures/load.js'

// A short soak: only what cannot depend on the machine's speed is asserted. `npm run bench:load`
// runs the same for 30 s and prints the figures the README cites (throughput, latency, heap after GC).
test('under load over loopback: only catalogue answers, no socket errors or timeouts', async t => {
  const server = await startSoakServer()
  t.teardown(() => server.stop())

  const figures = await runLoad(server.url, 6, 50)
  t.comment(JSON.stringify(figures))

  t.equal(figures.nonCatalogue, 0, `non-catalogue answers: ${figures.nonCatalogueExamples.join('; ')}`)
  t.equal(figures.errors, 0, 'no socket errors')
  t.equal(figures.timeouts, 0, 'no timeouts')
  for (const code of ['ok', 'resource_not_found', 'internal_error', 'validation_error', 'rate_limit_exceeded', 'route_not_found']) {
    t.ok(figures.byCode[code]! > 0, `${code} answered ${figures.byCode[code]} times`)
  }
})
