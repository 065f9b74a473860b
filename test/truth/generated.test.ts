// The truth test (pages.test.ts) over generated catalogues, with fast-check: any statuses,
// placeholders, typed parameters, fix, Retry-After and details, under any format, include* and limiter.
import fc from 'fast-check'
import t from 'tap'
import { FORMATS, checkConfiguration, type Catalogue } from './check.js'

/** A catalogue a team could write: codes of any 4xx/5xx status, placeholders in message and fix, typed or not, Retry-After, details. */
const arbitraryEntry = fc.record({
  status: fc.constantFrom(400, 401, 402, 403, 404, 409, 410, 418, 422, 429, 500, 502, 503),
  words: fc.constantFrom('Widget', 'Quota', 'The order', 'Your plan'),
  placeholders: fc.subarray(['name', 'id', 'limit', 'field'], { maxLength: 2 }),
  typed: fc.boolean(),
  fix: fc.option(fc.constantFrom('Try again later', 'Check {id}'), { nil: undefined }),
  retryAfter: fc.option(fc.integer({ min: 1, max: 3600 }), { nil: undefined }),
  details: fc.boolean()
}).map(({ status, words, placeholders, typed, fix, retryAfter, details }) => ({
  status,
  message: `${words} ${placeholders.map(name => `{${name}}`).join(' ')} failed`.replace('  ', ' '),
  ...(typed && placeholders.includes('limit') ? { params: { limit: 'integer' } } : {}),
  ...(fix === undefined || (fix.includes('{id}') && !placeholders.includes('id')) ? {} : { fix }),
  ...(retryAfter === undefined ? {} : { retryAfter }),
  ...(details ? { details: { type: 'object', properties: { reason: { type: 'string' } } } } : {})
}))
const arbitraryCatalogue = fc.dictionary(fc.stringMatching(/^[a-z]{3,8}_[a-z]{3,8}$/), arbitraryEntry, { minKeys: 1, maxKeys: 6 })
const arbitraryOptions = fc.record({
  format: fc.constantFrom(...FORMATS),
  includeFix: fc.boolean(),
  includeParams: fc.boolean(),
  includeRequestId: fc.boolean(),
  includeRetryAfter: fc.boolean(),
  rateLimit: fc.constantFrom(undefined, { max: 10_000 })
})

t.test('generated catalogues: the reference and OpenAPI say what the server sends (fast-check)', async t => {
  await fc.assert(
    fc.asyncProperty(arbitraryCatalogue, arbitraryOptions, async (catalogue, { rateLimit, ...options }) => {
      const sub = new Map<string, boolean>()
      await t.test(`${Object.keys(catalogue).join(', ')} ${JSON.stringify(options)}`, async t => {
        await checkConfiguration(t, catalogue as Catalogue, { ...options, ...(rateLimit === undefined ? {} : { rateLimit }) })
        sub.set('passed', t.passing())
      })
      return sub.get('passed') === true
    }),
    { numRuns: 12, seed: 20261204 }
  )
})
