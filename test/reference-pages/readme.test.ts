// The README's "Your own codes" stays true: its catalogue excerpt is the jobs page's, its answers
// are what that catalogue sends, and its table lists exactly the conditions of lib/load/conditions.ts.
import { readFileSync } from 'node:fs'
import t from 'tap'
import { parse } from 'yaml'
import { NAMED_CONDITIONS } from '../../lib/load/conditions.js'
import { pageApp, pageCatalogue, rateLimitAnswers } from './provoke.js'

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
const section = readme.slice(readme.indexOf('## Your own codes'), readme.indexOf('\n## ', readme.indexOf('## Your own codes') + 1))
/** The fenced blocks of the section in one language ('' for plain), in order. */
function fenced(lang: string): string[] {
  const blocks: { lang: string; lines: string[] }[] = []
  let open: { lang: string; lines: string[] } | undefined
  for (const line of section.split('\n')) {
    if (open === undefined && line.startsWith('```')) blocks.push((open = { lang: line.slice(3), lines: [] }))
    else if (open !== undefined && line === '```') open = undefined
    else open?.lines.push(line)
  }
  return blocks.filter(block => block.lang === lang).map(block => block.lines.join('\n'))
}

t.test('the section exists, after the Options and before Body formats', async t => {
  t.ok(section.length > 0)
  t.ok(readme.indexOf('## Options') < readme.indexOf('## Your own codes'))
  t.ok(readme.indexOf('## Your own codes') < readme.indexOf('## Body formats'))
})

t.test('the catalogue excerpt is the jobs page catalogue, entry for entry', async t => {
  const excerpt = parse(fenced('yaml')[0]!) as Record<string, unknown>
  const jobs = parse(readFileSync(pageCatalogue('jobs'), 'utf8')) as Record<string, unknown>
  t.ok(Object.keys(excerpt).length >= 5)
  for (const [code, entry] of Object.entries(excerpt)) t.same(entry, jobs[code], code)
})

t.test("the registration options are the jobs page test's, and the sample answers are what they send", async t => {
  const [code] = fenced('ts')
  for (const option of ['builtins: false', 'includeFix: false', 'includeParams: false', 'includeRequestId: false', 'includeRetryAfter: false', 'includeValidationItems: false']) t.ok(code!.includes(option), option)
  const options = { catalogue: pageCatalogue('jobs'), builtins: false, includeFix: false, includeParams: false, includeRequestId: false, includeRetryAfter: false, includeValidationItems: false }
  const app = await pageApp(t, options, [], app => {
    app.get('/jobs/:id', (_req, reply) => reply.fail('JOB_NOT_FOUND' as 'bad_request'))
    app.post('/jobs', async () => ({}))
  })
  const samples = fenced('')[0]!.trim().split('\n')
  const answers = [
    await app.inject('/jobs/7'),
    await app.inject({ method: 'POST', url: '/jobs', payload: '{"name":', headers: { 'content-type': 'application/json' } }),
    await app.inject('/nope')
  ]
  t.same(
    samples.filter((_line, index) => index % 2 === 1),
    answers.map(res => `${res.statusCode} ${res.body}`)
  )
  t.ok(samples.includes('404 {"error":{"code":"JOB_NOT_FOUND","message":"The specified job was not found"}}'))

  const { limited } = await rateLimitAnswers(t, options)
  t.ok(section.includes(`the jobs page's 429 is \`${limited.body}\``), 'the 429 body quoted is the one sent')
})

t.test('the conditions table lists every condition with its status, fallback, when it is sent and what the plugin fills', async t => {
  const rows = section
    .split('\n')
    .filter(line => /^\| `[a-z]/.test(line))
    .map(line => line.split(' | ').map(cell => cell.replace(/^\| /, '').replace(/ \|$/, '')))
  const named = rows.filter(([name]) => name !== '`status-NNN`')
  t.same(
    named,
    Object.entries(NAMED_CONDITIONS).map(([name, info]) => [
      `\`${name}\``,
      String(info.status),
      name === 'missing-required' ? '`validation-<part>`' : info.parent === undefined ? '—' : `\`${info.parent}\``,
      info.sentWhen,
      'fills' in info ? info.fills.map(name => `\`{${name}}\``).join(', ') : '—'
    ])
  )
  t.ok(rows.some(([name]) => name === '`status-NNN`'), 'and the status conditions')
})
