// The documents tell the truth: for every reference-page catalogue, under its own options and
// under every body format with every include* option on and off, the reference the app writes
// (app.errorCatalogue.reference()) and its OpenAPI schemas (app.errorCatalogue.responses())
// say what the server sends. Each example body is the body sent for that code (reply.fail with
// the example's own inputs); each "Sent when" line names a condition that, provoked, answers
// with that code, and every condition provoked is named under the code that answers it; every
// body sent validates against the OpenAPI schema of its code.
import t from 'tap'
import { pageCatalogue } from '../reference-pages/provoke.js'
import { FORMATS, INCLUDES, PAGES, checkConfiguration } from './check.js'

for (const { name, options } of PAGES) {
  t.test(`the ${name} page: the reference and OpenAPI say what the server sends`, async t => {
    await t.test('under the page\'s own options, with the limiter on', async t => {
      await checkConfiguration(t, pageCatalogue(name), { ...options, rateLimit: { max: 10_000 } })
    })
    for (const format of FORMATS) {
      for (const includes of INCLUDES) {
        await t.test(`format ${format}, include* ${includes.includeFix ? 'on' : 'off'}`, async t => {
          await checkConfiguration(t, pageCatalogue(name), { ...options, format, ...includes })
        })
      }
    }
  })
}
