/**
 * Issue 18, item 6: what the plugin echoes is bounded and inert. The Markdown reference
 * escapes every text it writes (route paths, cause, fix, titles, messages) for Markdown and
 * for the raw HTML a renderer lets through; `request_id` is cut like a parameter.
 */
import Fastify from 'fastify'
import MarkdownIt from 'markdown-it'
import { test } from 'tap'
import errorsPlugin from '../../lib/index.js'
import { build } from '../helpers.js'

const HOSTILE = [
  '<img src=x onerror=alert(1)>',
  '`<script>alert(1)</script>`',
  '``a``<b>',
  '| forged | cell |',
  '[click](javascript:alert(1))',
  '**bold** _it_ ~~gone~~ &lt;',
  'line\n# heading\n<iframe src=//evil>',
  '\\<svg onload=alert(1)>'
]

/** A renderer that lets raw HTML through, as many do: nothing hostile may become markup. */
const markdown = new MarkdownIt({ html: true, linkify: true })

/** Every tag the rendered reference may hold: none came from the catalogue or the routes. */
const ALLOWED_TAGS = new Set(['h1', 'h2', 'h3', 'p', 'ul', 'li', 'a', 'code', 'pre', 'strong', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'br'])

test('the Markdown reference shows hostile route paths, causes, fixes, titles and messages as text', async t => {
  const catalogue: Record<string, unknown> = {}
  HOSTILE.forEach((text, i) => {
    catalogue[`hostile_${i}`] = { status: 400 + i, message: `Message ${text}`, title: `Title ${text}`, cause: `Cause ${text}`, fix: `Fix ${text}` }
  })
  const app = await build(t, { catalogue })
  HOSTILE.forEach((text, i) => {
    app.get(`/p${i}/${text.replace(/[\n?#*:]/g, '')}`, { config: { errors: [`hostile_${i}` as never] } }, async () => 'ok')
  })
  await app.ready()
  const source = app.errorCatalogue.reference({ title: `API ${HOSTILE[0]}` })
  const html = markdown.render(source)

  const tags = new Set([...html.matchAll(/<\/?([a-z][a-z0-9]*)/gi)].map(match => match[1]!.toLowerCase()))
  t.same([...tags].filter(tag => !ALLOWED_TAGS.has(tag)), [], 'no tag from the texts')
  t.notMatch(html, /<a [^>]*href="javascript/i)
  t.notMatch(html, /<(strong|em|s|del)>(bold|it|gone)</, 'no emphasis from the texts')
  t.notMatch(html, /<h1>heading/, 'no heading from a line break')

  // Every text reads back whole, as the catalogue wrote it (line breaks aside).
  const text = decode(html.replace(/<[^>]+>/g, ''))
  for (const hostile of HOSTILE) {
    const flat = hostile.replace(/\n/g, '')
    for (const field of ['Cause', 'Fix', 'Title']) t.ok(text.replace(/\n/g, '').includes(`${field} ${flat}`), `${field}: ${JSON.stringify(hostile)}`)
  }
  t.ok(text.includes(`API ${HOSTILE[0]}`), 'the page title')
  for (const route of app.errorCatalogue.routes().map(r => `${r.method} ${r.url}`).filter(r => r.includes('/p'))) {
    t.ok(text.includes(route), `route ${JSON.stringify(route)}`)
  }

  // Each entry's table has its rows and no more: a forged pipe adds no cell.
  for (const table of html.split('<table>').slice(1)) {
    const rows = table.split('</table>')[0]!.split('<tr>').slice(1)
    const widths = new Set(rows.map(row => row.split('<td').length - 1 || row.split('<th').length - 1))
    t.equal(widths.size, 1, 'every row of a table has as many cells as its header')
  }
})

test('a details schema or an example body holding a code fence stays inside its block', async t => {
  const app = await build(t, {
    catalogue: { fenced: { status: 400, message: 'Bad ```\n<img src=x onerror=alert(1)>', details: { type: 'object', description: '```\n<script>x</script>' } } }
  })
  await app.ready()
  const html = markdown.render(app.errorCatalogue.reference())
  t.notMatch(html, /<img|<script/i)
})

function decode(html: string): string {
  return html.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&')
}

test('request_id is cut like a parameter, however long the id the request brought', async t => {
  const app = Fastify({ requestIdHeader: 'x-request-id' })
  t.teardown(() => app.close())
  await app.register(errorsPlugin, { format: 'problem' })
  const long = 'r'.repeat(15_000)
  const res = await app.inject({ url: '/nope', headers: { 'x-request-id': long } })
  t.equal(res.statusCode, 404)
  const id = res.json().request_id as string
  t.equal(id.length, 256, 'at most 256 characters')
  t.ok(id.endsWith('…'), 'ends with an ellipsis, as a cut parameter does')
  t.ok(long.startsWith(id.slice(0, -1)))
  const short = await app.inject({ url: '/nope', headers: { 'x-request-id': 'abc-1' } })
  t.equal(short.json().request_id, 'abc-1', 'a usual id is sent whole')
})
