import Fastify from 'fastify'
import t from 'tap'
import errorsPlugin from '../lib/index.js'
import { build } from './helpers.js'

const catalogue = {
  resource_not_found: {
    status: 404,
    message: { en: "{resource} '{id}' not found", de: "{resource} '{id}' nicht gefunden", 'pt-BR': "{resource} '{id}' não encontrado" },
    fix: { en: 'Check the identifier', de: 'Prüfen Sie die Kennung' },
    title: { en: 'Not found', de: 'Nicht gefunden' }
  }
}

async function app(t: Parameters<typeof build>[0], options: Parameters<typeof build>[1] = {}) {
  const server = await build(t, { catalogue, ...options })
  server.get('/', (_req, reply) => reply.fail('resource_not_found', { resource: 'Projekt', id: 7 }))
  server.get('/plain', (_req, reply) => reply.fail('forbidden'))
  return server
}

t.test('the best Accept-Language match picks the text and sets Content-Language and Vary', async t => {
  const server = await app(t)
  const cases: [string | undefined, string, string][] = [
    [undefined, 'en', "Projekt '7' not found"],
    ['de', 'de', "Projekt '7' nicht gefunden"],
    ['de-CH, en;q=0.5', 'de', "Projekt '7' nicht gefunden"],
    ['fr, pt;q=0.8', 'pt-BR', "Projekt '7' não encontrado"],
    ['fr;q=1, de;q=0.1, en;q=0.9', 'en', "Projekt '7' not found"],
    ['de;q=0, *', 'en', "Projekt '7' not found"],
    ['xx, ;;, q=abc', 'en', "Projekt '7' not found"]
  ]
  for (const [header, locale, message] of cases) {
    const res = await server.inject({ url: '/', headers: header === undefined ? {} : { 'accept-language': header } })
    t.equal(res.headers['content-language'], locale, String(header))
    t.equal(res.headers.vary, 'Accept-Language')
    t.equal(res.json().error.message, message, String(header))
  }
})

t.test('a locale without its own fix or title falls back to the default text for that field', async t => {
  const server = await app(t, { format: 'problem', problemTypeBase: 'https://api.example.com/problems/' })
  const pt = (await server.inject({ url: '/', headers: { 'accept-language': 'pt-BR' } })).json()
  t.equal(pt.detail, "Projekt '7' não encontrado")
  t.equal(pt.fix, 'Check the identifier')
  t.equal(pt.title, 'Not found')
  const de = (await server.inject({ url: '/', headers: { 'accept-language': 'de' } })).json()
  t.equal(de.title, 'Nicht gefunden')
  t.equal(de.fix, 'Prüfen Sie die Kennung')
})

t.test('untranslated entries answer in the default locale; an existing Vary is extended', async t => {
  const server = await app(t)
  server.get('/vary', (_req, reply) => reply.header('vary', 'Origin').fail('forbidden'))
  const plain = await server.inject({ url: '/plain', headers: { 'accept-language': 'de' } })
  t.equal(plain.headers['content-language'], 'en')
  t.equal(plain.json().error.message, 'You do not have permission to perform this action')
  t.equal((await server.inject('/vary')).headers.vary, 'Origin, Accept-Language')
})

t.test('a catalogue without translations sends no Content-Language', async t => {
  const server = await build(t)
  server.get('/', (_req, reply) => reply.fail('forbidden'))
  const res = await server.inject({ url: '/', headers: { 'accept-language': 'de' } })
  t.equal(res.headers['content-language'], undefined)
  t.equal(res.headers.vary, undefined)
})

t.test('defaultLocale: plain texts belong to it and every translation must include it', async t => {
  const server = await build(t, {
    defaultLocale: 'de',
    catalogue: { gone: { status: 410, message: { de: 'Weg', en: 'Gone' } } }
  })
  server.get('/', (_req, reply) => reply.fail('gone'))
  const res = await server.inject({ url: '/', headers: { 'accept-language': 'fr' } })
  t.equal(res.headers['content-language'], 'de')
  t.equal(res.json().error.message, 'Weg')
})

t.test('translation problems are catalogue problems', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await t.rejects(
    async () =>
      app.register(errorsPlugin, {
        catalogue: {
          a: { status: 400, message: { de: 'Nur Deutsch' } },
          b: { status: 400, message: { en: 'Value {value}', de: 'Wert {wert}' } },
          c: { status: 400, message: { en: 'x', english: 'y' } },
          d: { status: 400, message: { en: '' } },
          e: { status: 400, message: {} }
        }
      }),
    {
      code: 'FST_CATALOGUE_INVALID',
      problems: [
        { code: 'a', message: 'message has no "en" text (the default locale)' },
        { code: 'b', message: 'message in "de" has placeholders {wert} but "en" has {value}' },
        { code: 'c', message: '"english" is not a language tag (en, de, pt-BR…)' },
        { code: 'd', message: 'message must be a non-empty string or a map of locale to text, got {"en":""}' },
        { code: 'e', message: 'message must be a non-empty string or a map of locale to text, got {}' }
      ]
    }
  )
})

t.test('defaultLocale must be a language tag', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await t.rejects(async () => app.register(errorsPlugin, { defaultLocale: 'english!' }), { code: 'FST_CATALOGUE_OPTION_INVALID' })
})

t.test('many distinct Accept-Language headers do not grow memory without bound', async t => {
  const server = await app(t)
  for (let i = 0; i < 300; i++) {
    const res = await server.inject({ url: '/', headers: { 'accept-language': `x${i}, de` } })
    t.equal(res.headers['content-language'], 'de')
  }
})

t.test('a locale may translate only some fields; the primary tag beats a sibling region', async t => {
  const server = await build(t, {
    catalogue: {
      slow_down: { status: 429, message: 'Slow down', fix: { en: 'Wait a little', de: 'Warten Sie kurz' } },
      colour: { status: 400, message: { en: 'Bad colour', pt: 'Cor inválida', 'pt-BR': 'Cor inválida (BR)' } }
    }
  })
  server.get('/slow', (_req, reply) => reply.fail('slow_down'))
  server.get('/colour', (_req, reply) => reply.fail('colour'))

  const slow = (await server.inject({ url: '/slow', headers: { 'accept-language': 'de' } })).json().error
  t.same([slow.message, slow.fix], ['Slow down', 'Warten Sie kurz'])
  for (let i = 0; i < 2; i++) {
    const res = await server.inject({ url: '/colour', headers: { 'accept-language': 'pt-PT' } })
    t.equal(res.json().error.message, 'Cor inválida', `pt-PT → pt, not pt-BR (call ${i + 1}, the second from the cache)`)
  }
})
