// The error reference: grouping, per-code content, examples written by the real serializers.
import t from 'tap'
import { contractOfFiles, renderReference } from '../lib/cli/docs.js'
import { resolveAnswerShape, type AnswerShapeOptions } from '../lib/options.js'
import type { SourceDocument } from '../lib/load/read.js'
import { renderHtml } from '../lib/artifacts/html.js'
import { renderMarkdown } from '../lib/artifacts/markdown.js'
import { buildDocsModel, compactJson, type DocsModel } from '../lib/artifacts/model.js'
import { sampleOf } from '../lib/artifacts/example.js'
import { readSource } from '../lib/load/read.js'
import type { BuiltinFormatName } from '../lib/types.js'
import { build, minimalCatalogue } from './helpers.js'

// The limiter on, as the built-in catalogue's 429 and 403 codes are documented for an app that has it.
const compileForDocs = (sources: SourceDocument[], options: AnswerShapeOptions) =>
  contractOfFiles(sources, resolveAnswerShape({ rateLimit: options.builtins !== false, ...options })).contract
const builtinModel = (format: BuiltinFormatName = 'nested', problemTypeBase?: string): DocsModel =>
  buildDocsModel(compileForDocs([], { format, builtins: true, problemTypeBase }), {})

t.test('codes are grouped by status class, in the order of the reference pages', async t => {
  const model = builtinModel()
  t.same(
    model.groups.map(group => [group.id, group.heading]),
    [
      ['errors-400', 'Request errors (400)'],
      ['errors-401-403', 'Authentication and permissions (401, 403)'],
      ['errors-404-409', 'Resources and other client errors (404, 405, 409, 413, 414, 415)'],
      ['errors-429', 'Rate limiting (429)'],
      ['errors-5xx', 'Server errors (500, 502, 503, 504)']
    ]
  )
  t.same(model.groups[3]!.entries.map(entry => entry.code), ['rate_limit_exceeded'])
  t.equal(model.entries.length, 27)
  t.same(model.retryable.map(entry => entry.code), ['rate_limit_banned', 'rate_limit_exceeded', 'bad_gateway', 'service_unavailable', 'upstream_timeout'])
})

t.test('a 422 validation_error joins the request errors; an unusual 4xx joins the other client errors', async t => {
  const sources = [
    readSource({
      validation_error: { status: 422, message: 'Invalid' },
      teapot: { status: 418, message: 'No coffee' },
      client_closed: { status: 499, message: 'Closed' }
    })
  ]
  const model = buildDocsModel(compileForDocs(sources, { format: 'flat', builtins: true }), {})
  t.equal(model.groups[0]!.heading, 'Request errors (400, 422)')
  t.equal(model.groups[0]!.entries.at(-1)!.code, 'validation_error')
  t.ok(model.groups[2]!.entries.some(entry => entry.code === 'teapot'))
  const closed = model.groups[2]!.entries.find(entry => entry.code === 'client_closed')!
  t.equal(closed.example.statusLine, 'HTTP/1.1 499 Client Error', 'no reason phrase: the title')
})

t.test('each example is what the server sends for that code', async t => {
  for (const format of ['nested', 'flat', 'oauth', 'problem'] as const) {
    // `docs: true` makes the problem type `/errors#<code>`.
    const model = builtinModel(format, format === 'problem' ? '/errors#' : undefined)
    const documented = model.entries.find(entry => entry.code === 'resource_not_found')!
    const app = await build(t, { format, docs: format === 'problem' })
    app.get('/v1/projects/:id', (request, reply) => reply.fail('resource_not_found', { resource: 'Project', id: '42' }))
    const res = await app.inject('/v1/projects/42')
    t.same(JSON.parse(documented.example.body), res.json(), format)
    t.equal(documented.example.headers[0]![1], res.headers['content-type'], format)
    t.equal(documented.example.statusLine, 'HTTP/1.1 404 Not Found')
  }
})

t.test('examples carry Retry-After, catalogue headers and validation items in the format\'s own member', async t => {
  const nested = builtinModel('nested')
  const limited = nested.entries.find(entry => entry.code === 'rate_limit_exceeded')!
  t.same(limited.example.headers, [['Content-Type', 'application/json; charset=utf-8'], ['Retry-After', '60']])
  t.equal(JSON.parse(limited.example.body).error.retry_after, 60)
  const unauthenticated = nested.entries.find(entry => entry.code === 'unauthenticated')!
  t.same(unauthenticated.example.headers[1], ['WWW-Authenticate', 'Bearer'])
  t.same(unauthenticated.headers, [['WWW-Authenticate', 'Bearer']])

  const item = { field: 'items[2].id', in: 'body', message: 'must be string' }
  const validation = (model: DocsModel) => JSON.parse(model.entries.find(entry => entry.code === 'validation_error')!.example.body)
  t.same(validation(nested).error.details, [item])
  t.same(validation(builtinModel('oauth')).validation_errors, [item])
  t.same(validation(builtinModel('problem')).errors, [item])
  t.equal(validation(builtinModel('problem')).type, 'about:blank')
})

t.test('parameters get readable sample values, typed as declared', async t => {
  const sources = [
    readSource({
      batch_too_large: { status: 400, message: 'At most {max} per batch, got {count} ({strict})', params: { max: 'integer', strict: 'boolean' } }
    })
  ]
  const model = buildDocsModel(compileForDocs(sources, { format: 'flat', builtins: true }), {})
  const entry = model.entries.find(e => e.code === 'batch_too_large')!
  t.same(entry.params, [
    { name: 'max', type: 'integer' },
    { name: 'count', type: 'string | number' },
    { name: 'strict', type: 'boolean' }
  ])
  t.same(JSON.parse(entry.example.body).params, { max: 50, count: '<count>', strict: true })
  const route = builtinModel().entries.find(e => e.code === 'route_not_found')!
  t.equal(JSON.parse(route.example.body).error.message, 'Route DELETE /v1/projects/42/archive not found')
})

t.test('details get an example built from their schema', async t => {
  t.same(
    sampleOf(
      {
        type: 'object',
        properties: {
          required: { type: 'string', examples: ['100.00'] },
          currency: { type: 'string', default: 'EUR' },
          kind: { const: 'card' },
          level: { enum: ['low', 'high'] },
          either: { anyOf: [{ type: 'integer', minimum: 3 }, { type: 'string' }] },
          tags: { type: 'array', items: { type: ['string', 'null'], format: 'uuid' } },
          loose: { type: 'array' },
          count: { type: 'number' },
          ok: { type: 'boolean' },
          nothing: { type: 'null' },
          plain: { type: 'string' },
          bare: { type: 'object' }
        }
      },
      0
    ),
    {
      required: '100.00',
      currency: 'EUR',
      kind: 'card',
      level: 'low',
      either: 3,
      tags: ['<uuid>'],
      loose: [],
      count: 0,
      ok: true,
      nothing: null,
      plain: 'string',
      bare: {}
    }
  )
  t.equal(sampleOf('not a schema', 0), undefined)
  let deep: Record<string, unknown> = { type: 'string' }
  for (let i = 0; i < 12; i++) deep = { type: 'array', items: deep }
  t.equal(JSON.stringify(sampleOf(deep, 0)), '[[[[[[[[[null]]]]]]]]]', 'recursion is bounded')

  const details = { type: 'object', properties: { available: { type: 'string', examples: ['50.50'] } } }
  const sources = [readSource({ ...minimalCatalogue, insufficient_balance: { status: 402, message: 'Balance too low', details } })]
  const model = buildDocsModel(compileForDocs(sources, { format: 'nested', builtins: false }), {})
  const entry = model.entries.find(entry => entry.code === 'insufficient_balance')!
  t.same(JSON.parse(entry.example.body).error.details, { available: '50.50' })
  t.same(JSON.parse(entry.details!), details)
})

t.test('compactJson breaks only what does not fit on a line', async t => {
  t.equal(compactJson({ a: [1, 2] }, ''), '{"a":[1,2]}')
  const long = { field: 'x'.repeat(40), list: ['y'.repeat(40), 'z'.repeat(40)] }
  t.equal(compactJson(long, ''), `{\n  "field": "${'x'.repeat(40)}",\n  "list": [\n    "${'y'.repeat(40)}",\n    "${'z'.repeat(40)}"\n  ]\n}`)
})

t.test('the field table follows the format, without fix when fixes are not sent', async t => {
  t.equal(builtinModel('nested').fields[0]![0], 'error.code')
  t.equal(builtinModel('oauth').fields[1]![0], 'error_description')
  t.equal(builtinModel('problem').codeExpression, 'body.code')
  const withoutFix = buildDocsModel(compileForDocs([], { format: 'flat', builtins: true, includeFix: false }), { title: 'API errors' })
  t.notOk(withoutFix.fields.some(([field]) => field === 'fix'))
  t.equal(withoutFix.title, 'API errors')
  t.match(renderMarkdown(withoutFix), /^# API errors\n/)
})

t.test('Markdown: anchors, group sections, a row per code, examples and the retry section', async t => {
  const md = renderReference({ contract: compileForDocs([], { format: 'nested' }) }, { as: 'md' })
  t.match(md, /^# Error reference\n/)
  t.match(md, '- [Rate limiting (429)](#errors-429)')
  t.match(md, '| [`resource_not_found`](#resource_not_found) | 404 | {resource} \'{id}\' not found | no |')
  t.match(md, '<a id="rate_limit_exceeded"></a>\n\n### `rate_limit_exceeded`\n\n**429 Too Many Requests**')
  t.match(md, "| Retry | Yes: wait for `Retry-After`, the seconds left in the rate limiter's window (`retry_after` in the body is the same number). |")
  t.match(md, '| Retry | Yes: wait for `Retry-After` (30 s by default; `retry_after` in the body is the same number). |')
  t.match(md, '| Sent when | The request body is not valid JSON. |')
  t.match(md, '| Sent when | A thrown error (http-errors, @fastify/sensible, @fastify/error, Boom) carries status 404. |')
  t.match(md, '### `invalid_json`\n\n**400 Bad Request** · built-in')
  t.match(md, '| Retry | Yes, with exponential backoff (no Retry-After by default). |')
  t.match(md, '| Headers | `WWW-Authenticate: Bearer` |')
  t.match(md, '```http\nHTTP/1.1 429 Too Many Requests\nContent-Type: application/json; charset=utf-8\nRetry-After: 60\n\n{\n  "error": {')
  t.match(md, '## Retrying\n\nRetry only `rate_limit_banned`, `rate_limit_exceeded`, `bad_gateway`, `service_unavailable`, `upstream_timeout`.')
  t.match(md, '| [`service_unavailable`](#service_unavailable) | 503 |')
  t.match(md, 'if (!RETRYABLE.has(body.error?.code)) return response')
  for (const code of ['bad_request', 'token_revoked', 'uri_too_long', 'upstream_timeout']) t.match(md, `<a id="${code}"></a>`)
})

t.test('Markdown and HTML escape what the catalogue says', async t => {
  const sources = [
    readSource({
      ...minimalCatalogue,
      odd_one: {
        status: 422,
        message: 'Use `a|b` or <b>{x}</b>',
        cause: 'Pipes | and\nnew lines',
        retryAfter: 5,
        headers: { 'X-Why': 'a & b' }
      }
    })
  ]
  const model = buildDocsModel(compileForDocs(sources, { format: 'nested', builtins: false }), {})
  const md = renderMarkdown(model)
  t.match(md, '| Message | `` Use `a|b` or <b>{x}</b> `` |'.replace('a|b', 'a\\|b'))
  t.match(md, '| Cause | Pipes \\| and<br>new lines |')
  t.match(md, '| Retry | No; sends `Retry-After: 5` by default. |')
  t.match(md, 'No code of this API is marked retryable')
  t.notMatch(md, '| Code | Status | Retry-After |')

  const html = renderHtml(model)
  t.match(html, '<code>Use `a|b` or &lt;b&gt;{x}&lt;/b&gt;</code>')
  t.notMatch(html, '<b>')
  t.match(html, '<code>X-Why: a &amp; b</code>')
  t.notMatch(html, '<th>Retry-After</th>')
})

t.test('HTML: one self-contained page, every code a section with its own id', async t => {
  t.match(renderReference({ contract: compileForDocs([], { format: 'flat' }) }, { as: 'html', title: 'Errors & more' }), '<title>Errors &amp; more</title>')
  const model = builtinModel('problem')
  const html = renderHtml(model)
  t.match(html, /^<!doctype html>\n<html lang="en">/)
  t.notMatch(html, /<script|<link|src=|url\(/, 'no script, no external asset')
  for (const entry of model.entries) t.match(html, `<section class="code" id="${entry.code}">`)
  t.match(html, '<a href="#errors-401-403">Authentication and permissions (401, 403)</a>')
  t.match(html, '<span class="pill s429">429</span>')
  t.match(html, '<span class="pill s5xx">503</span>')
  t.match(html, '<details><summary>details schema</summary>')
  t.match(html, '<td><code>type</code></td><td>URI identifying the problem type.</td>')
  t.match(html, '<dt>Parameters</dt><dd><code>resource</code> (string), <code>id</code> (string | number)</dd>')
  t.match(html, '<td><span class="retry-yes">yes</span></td>')
  t.match(html, '&quot;type&quot;: &quot;about:blank&quot;', 'no problemTypeBase: about:blank')
})

t.test('a custom format documents its examples without a field table', async t => {
  const app = await build(t, {
    format: { format: view => ({ failure: view.code, text: view.message }), schema: { type: 'object' } },
    docs: true
  })
  const page = await app.inject('/errors')
  t.equal(page.statusCode, 200)
  t.match(page.body, 'Error bodies use this API&#39;s own format')
  t.notMatch(page.body, '<th>Field</th>')
  t.match(page.body, '&quot;failure&quot;: &quot;rate_limit_exceeded&quot;')
})
