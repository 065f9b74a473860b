// The page tests provoke every condition a catalogue can claim: the list is the editor schema's
// (catalogue/catalogue.schema.json, what `when` accepts), so a new condition needs a new case.
import { readFileSync } from 'node:fs'
import t from 'tap'
import { CASES } from './provoke.js'

const schema = JSON.parse(readFileSync(new URL('../../catalogue/catalogue.schema.json', import.meta.url), 'utf8'))
const entry = Object.values(schema.patternProperties as Record<string, { properties: { when: { anyOf: [{ items: { anyOf: { const?: string }[] } }] } } }>)[0]!
const claimable = entry.properties.when.anyOf[0].items.anyOf.flatMap(item => (item.const === undefined ? [] : [item.const]))

t.test('every named condition is provoked by a page test', async t => {
  const provoked = new Set<string>([
    ...Object.values(CASES).map(({ condition }) => condition),
    // rateLimitAnswers: over the limit, banned, the store down.
    'rate-limited',
    'rate-limit-ban',
    'rate-limit-store-down',
    // The parent of the four validation cases, claimed by the jobs and management catalogues.
    'validation',
    // A thrown 409 where the page has no 409 (jobs, generic).
    'client-error'
  ])
  t.ok(claimable.length > 15, 'the schema lists the conditions')
  t.same([...claimable].filter(name => !name.startsWith('status-')).sort(), [...provoked].filter(name => !name.startsWith('status-')).sort())
})
