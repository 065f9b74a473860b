// Which catalogue edits break clients (lib/contract.ts), one rule per test.
import t from 'tap'
import type { CatalogueEntry } from '../lib/load/catalogue-schema.js'
import { compareCatalogues, schemaBreaks } from '../lib/load/compare.js'

const catalogue = (entries: Record<string, CatalogueEntry>) => new Map(Object.entries(entries))
const lines = (before: Record<string, CatalogueEntry>, after: Record<string, CatalogueEntry>) =>
  compareCatalogues(catalogue(before), catalogue(after)).map(({ code, message }) => `${code}: ${message}`)

const notFound: CatalogueEntry = { status: 404, message: "{resource} '{id}' not found", params: { resource: 'string' } }

t.test('additions and prose edits are not breaks', async t => {
  t.same(
    lines(
      { resource_not_found: notFound },
      {
        resource_not_found: { ...notFound, message: "No {resource} with id '{id}' ({hint})", fix: 'Check it', cause: 'Gone' },
        quota_exceeded: { status: 429, message: 'Quota exceeded' }
      }
    ),
    []
  )
})

t.test('a removed code and a changed status break', async t => {
  t.same(
    lines({ resource_not_found: notFound, gone: { status: 410, message: 'Gone' } }, { resource_not_found: { ...notFound, status: 410 } }),
    ['resource_not_found: status changed from 404 to 410', 'gone: code removed without being deprecated first (was 410)']
  )
})

t.test('a removed parameter breaks; one removed and one added is a rename', async t => {
  t.same(lines({ resource_not_found: notFound }, { resource_not_found: { ...notFound, message: '{resource} not found' } }), [
    'resource_not_found: parameter {id} removed'
  ])
  t.same(lines({ resource_not_found: notFound }, { resource_not_found: { ...notFound, message: "{resource} '{key}' not found" } }), [
    'resource_not_found: parameter {id} renamed to {key}'
  ])
  t.same(lines({ resource_not_found: notFound }, { resource_not_found: { status: 404, message: 'Not found' } }), [
    'resource_not_found: parameter {resource} removed',
    'resource_not_found: parameter {id} removed'
  ])
  // Placeholders in headers and fixes are parameters too.
  const withHeader: CatalogueEntry = { status: 401, message: 'No', headers: { 'WWW-Authenticate': 'Bearer realm="{realm}"' } }
  t.same(lines({ unauthenticated: withHeader }, { unauthenticated: { status: 401, message: 'No' } }), [
    'unauthenticated: parameter {realm} removed'
  ])
})

t.test('a parameter type that can carry new kinds of value breaks; a narrower one does not', async t => {
  const batch = (max?: 'string' | 'number' | 'integer' | 'boolean'): CatalogueEntry =>
    max === undefined ? { status: 400, message: 'At most {max}' } : { status: 400, message: 'At most {max}', params: { max } }
  t.same(lines({ batch: batch('integer') }, { batch: batch('number') }), ['batch: parameter {max} type changed from integer to number'])
  t.same(lines({ batch: batch('integer') }, { batch: batch() }), ['batch: parameter {max} type changed from integer to string | number'])
  t.same(lines({ batch: batch('boolean') }, { batch: batch('string') }), ['batch: parameter {max} type changed from boolean to string'])
  t.same(lines({ batch: batch('number') }, { batch: batch('integer') }), [])
  t.same(lines({ batch: batch() }, { batch: batch('string') }), [])
})

t.test('details: removed, or a schema that no longer accepts what it did', async t => {
  const balance = { type: 'object', properties: { required: { type: 'string' }, available: { type: 'string' } }, required: ['required'] }
  const entry = (details?: Record<string, unknown>): CatalogueEntry =>
    details === undefined ? { status: 402, message: 'Low' } : { status: 402, message: 'Low', details }
  t.same(lines({ low: entry(balance) }, { low: entry() }), ['low: details removed'])
  t.same(lines({ low: entry() }, { low: entry(balance) }), [], 'new details are an addition')
  t.same(lines({ low: entry(balance) }, { low: entry({ ...balance, required: ['required', 'available'] }) }), [
    'low: details.available: now required'
  ])
  t.same(lines({ low: entry(balance) }, { low: entry({ ...balance, properties: { required: { type: 'string' } } }) }), [
    'low: details.available: property removed'
  ])
  t.same(
    lines({ low: entry(balance) }, { low: entry({ ...balance, properties: { ...balance.properties, extra: { type: 'integer' } } }) }),
    [],
    'a new optional property is an addition'
  )
})

t.test('schemaBreaks: types, enums, bounds, keywords, items, unions', async t => {
  t.same(schemaBreaks({ type: 'number' }, { type: 'integer' }, 'd'), ['d: type narrowed from number | integer to integer'])
  t.same(schemaBreaks({ type: 'integer' }, { type: 'number' }, 'd'), [])
  t.same(schemaBreaks({ type: ['string', 'null'] }, { type: 'string' }, 'd'), ['d: type narrowed from string | null to string'])
  t.same(schemaBreaks({}, { type: 'string' }, 'd'), ['d: type narrowed from any to string'])
  t.same(schemaBreaks({ type: 'string' }, {}, 'd'), [])

  t.same(schemaBreaks({ enum: ['a', 'b'] }, { enum: ['a'] }, 'd'), ['d: no longer accepts "b"'])
  t.same(schemaBreaks({ enum: ['a'] }, { enum: ['a', 'b'] }, 'd'), [])
  t.same(schemaBreaks({ type: 'string' }, { type: 'string', const: 'a' }, 'd'), ['d: now restricted to "a"'])
  t.same(schemaBreaks({ const: 'a' }, { enum: ['a', 'b'] }, 'd'), [])

  t.same(schemaBreaks({ minimum: 1, maxLength: 10 }, { minimum: 2, maxLength: 5 }, 'd'), [
    'd: minimum raised from 1 to 2',
    'd: maxLength lowered from 10 to 5'
  ])
  t.same(schemaBreaks({}, { minItems: 1, maximum: 9 }, 'd'), ['d: minItems raised from none to 1', 'd: maximum lowered from none to 9'])
  t.same(schemaBreaks({ minimum: 2, maxLength: 5 }, { minimum: 1, maxLength: 10 }, 'd'), [])
  t.same(schemaBreaks({ pattern: '^a' }, { pattern: '^ab' }, 'd'), ['d: pattern is now "^ab"'])
  t.same(schemaBreaks({ format: 'uri' }, { format: 'uri' }, 'd'), [])

  t.same(schemaBreaks({ type: 'object' }, { type: 'object', additionalProperties: false }, 'd'), [
    'd: no longer accepts additional properties'
  ])
  t.same(schemaBreaks({ type: 'array', items: { type: 'string' } }, { type: 'array', items: { type: 'string', maxLength: 3 } }, 'd'), [
    'd[]: maxLength lowered from none to 3'
  ])
  t.same(schemaBreaks({ type: 'array' }, { type: 'array', items: { type: 'integer' } }, 'd'), ['d[]: type narrowed from any to integer'])
  t.same(schemaBreaks({ type: 'array', items: { type: 'integer' } }, { type: 'array' }, 'd'), [], 'dropping items widens')

  t.same(schemaBreaks({ anyOf: [{ type: 'string' }, { type: 'integer' }] }, { oneOf: [{ type: 'integer' }, { type: 'string' }] }, 'd'), [])
  t.same(schemaBreaks({ anyOf: [{ type: 'string' }, { type: 'integer' }] }, { type: 'string' }, 'd'), [
    'd: type narrowed from integer to string'
  ])
  t.same(schemaBreaks({ type: 'string' }, { anyOf: [{ type: 'string', maxLength: 2 }, { type: 'integer' }] }, 'd'), [
    'd: maxLength lowered from none to 2'
  ])
  t.same(schemaBreaks(true, { type: 'string' }, 'd'), [], 'boolean schemas are not compared')
})
