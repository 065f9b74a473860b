// Problem details as RFC 9457 defines them, read back by third-party code: the media type
// without parameters, `type` never taken from the request, `about:blank` with the status
// phrase, `instance` a valid URI reference, and an anchor for every code a `type` names.
import { ClientHttpError } from '@inrupt/solid-client-errors'
import Ajv from 'ajv'
import addFormats from 'ajv-formats'
import { STATUS_CODES } from 'node:http'
import { test } from 'tap'
import { frameworkErrors } from '../../lib/index.js'
import { build, logCapture } from '../helpers.js'

const ajv = new Ajv.default()
addFormats.default(ajv, ['uri-reference'])
const isUriReference = ajv.compile({ type: 'string', format: 'uri-reference' })

test('a third-party problem parser reads every answer over a socket', async t => {
  const app = await build(t, { format: 'problem', docs: true })
  app.get('/p/:id', (_request, reply) => reply.fail('resource_not_found', { resource: 'Project', id: '7' }))
  app.get('/teapot', async () => {
    throw Object.assign(new Error('Short and stout'), { statusCode: 418 })
  })
  app.post('/items', { schema: { body: { type: 'object', required: ['name'] } } }, async () => 'ok')
  const base = await app.listen({ host: '127.0.0.1', port: 0 })

  const requests: [string, RequestInit, string][] = [
    ['/p/7', {}, 'resource_not_found'],
    ['/teapot', {}, 'i_m_a_teapot'],
    ['/items', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }, 'validation_error'],
    ['/nope', {}, 'route_not_found']
  ]
  for (const [path, init, code] of requests) {
    const res = await fetch(base + path, init)
    const body = await res.text()
    t.equal(res.headers.get('content-type'), 'application/problem+json', `${path}: the registered media type, no parameter`)
    const { problemDetails } = new ClientHttpError(res, body, 'failed')
    const sent = JSON.parse(body)
    t.equal(sent.type, `/errors#${code}`, `${path}: a relative reference to the docs page`)
    t.equal(problemDetails.type.href, `${base}/errors#${code}`, `${path}: the parser resolves type against the response URL`)
    t.same([problemDetails.title, problemDetails.status, problemDetails.detail], [sent.title, res.status, sent.detail])
    t.equal(problemDetails.instance?.href, base + path)
  }
})

test('type and the docs page never carry the request Host or X-Forwarded-Proto', async t => {
  const app = await build(t, { format: 'problem', docs: true }, { trustProxy: true })
  const hostile = { host: 'evil.example', 'x-forwarded-proto': 'javascript', 'x-forwarded-host': 'evil.example' }
  const res = await app.inject({ url: '/nope', headers: hostile })
  t.equal(res.json().type, '/errors#route_not_found')
  t.notMatch(res.body, /evil|javascript/)
  const page = await app.inject({ url: '/errors?codes=all', headers: hostile })
  t.equal(page.statusCode, 200)
  t.notMatch(page.body, /evil\.example|javascript:/)
  t.match(page.body, '&quot;type&quot;: &quot;/errors#rate_limit_exceeded&quot;')
})

test('about:blank goes with the status phrase: a catalogue title needs a type base', async t => {
  const catalogue = {
    quota_exceeded: { status: 429, title: { en: 'Quota exceeded', fr: 'Quota épuisé' }, message: 'Monthly quota used up' }
  }
  const { stream, lines } = logCapture()
  const blank = await build(t, { format: 'problem', catalogue }, { logger: { level: 'warn', stream } })
  blank.get('/q', (_request, reply) => reply.fail('quota_exceeded', {} as { limit: number }))
  await blank.ready()
  for (const language of ['en', 'fr']) {
    const res = await blank.inject({ url: '/q', headers: { 'accept-language': language } })
    t.same([res.json().type, res.json().title], ['about:blank', 'Too Many Requests'], `${language}: the status phrase`)
  }
  const warning = lines.find(line => line.level === 40 && /title/.test(String(line.msg)))
  t.ok(warning, 'registration warns that the title is not used')
  t.match(String(warning?.msg), 'quota_exceeded')

  const typed = await build(t, { format: 'problem', catalogue, problemTypeBase: 'https://api.example.com/problems/' })
  typed.get('/q', (_request, reply) => reply.fail('quota_exceeded', {} as { limit: number }))
  const res = await typed.inject('/q')
  t.same([res.json().type, res.json().title], ['https://api.example.com/problems/quota_exceeded', 'Quota exceeded'], 'with a base the title is kept')
})

test('instance is a valid URI reference whatever the request path', async t => {
  const app = await build(t, { format: 'problem' }, { frameworkErrors })
  const cases: [string, string][] = [
    ['/x"y<z>{a}|b', '/x%22y%3Cz%3E%7Ba%7D%7Cb'],
    ['/a%ZZ', '/a%25ZZ'],
    ['/caf%C3%A9/%7e', '/caf%C3%A9/%7e'],
    ['/a^b`c', '/a%5Eb%60c'],
    ["/ok/-._~!$&'()*+,;=:@", "/ok/-._~!$&'()*+,;=:@"]
  ]
  for (const [path, instance] of cases) {
    const res = await app.inject({ url: path })
    t.ok(res.statusCode === 404 || res.statusCode === 400, `${path}: ${res.statusCode}`)
    t.equal(res.json().instance, instance, path)
    t.ok(isUriReference(res.json().instance), `${path}: uri-reference`)
  }
})

test('every code a problem type can name has an anchor on the docs page', async t => {
  const app = await build(t, { format: 'problem', docs: true })
  let status = 400
  app.get('/status', async () => {
    throw Object.assign(new Error('x'), { statusCode: status })
  })
  const page = (await app.inject('/errors')).body
  const types = new Set<string>()
  for (status = 400; status <= 599; status++) types.add((await app.inject('/status')).json().type)
  for (const code of app.errorCatalogue.codes()) types.add(`/errors#${code}`)
  t.ok(types.has('/errors#i_m_a_teapot'))
  for (const type of types) {
    const anchor = type.slice('/errors#'.length)
    t.ok(page.includes(` id="${anchor}"`), `${anchor} has an anchor`)
  }
  t.equal((await app.inject('/errors/i_m_a_teapot')).headers.location, '/errors#i_m_a_teapot', 'and /errors/<code> finds it')
  t.ok(STATUS_CODES[418])
})
