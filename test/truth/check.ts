// What the truth tests share: one configuration's reference and OpenAPI checked against what its
// server sends. See pages.test.ts for what is checked.
import Ajv from 'ajv'
import addFormats from 'ajv-formats'
import httpErrors from 'http-errors'
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import type { Test } from 'tap'
import { kArtifactSource, type ArtifactSource } from '../../lib/artifacts/source.js'
import { sampleItems, sampleOf, sampleParams, sampleRetryAfter, SAMPLE_WINDOW } from '../../lib/artifacts/example.js'
import { NAMED_CONDITIONS, type NamedCondition } from '../../lib/load/conditions.js'
import type { CustomFormat, FastifyErrorCatalogueOptions } from '../../lib/index.js'
import { CASES, DownStore, pageApp } from '../reference-pages/provoke.js'

/** The discovery page's own format: `{"error": message}`. */
const messageOnly: CustomFormat = {
  format: error => ({ error: error.message }),
  schema: { type: 'object', required: ['error'], properties: { error: { type: 'string' } }, additionalProperties: false }
}

/** Each page's options, as its test registers them. */
export const PAGES: readonly { name: string; options: FastifyErrorCatalogueOptions }[] = [
  { name: 'jobs', options: { builtins: false, includeFix: false, includeParams: false, includeRequestId: false, includeRetryAfter: false } },
  { name: 'generic', options: { builtins: false, includeFix: false, includeParams: false, includeRequestId: false } },
  { name: 'management', options: { format: 'oauth' } },
  { name: 'platform', options: {} },
  { name: 'discovery', options: { format: messageOnly } }
]
export type Catalogue = FastifyErrorCatalogueOptions['catalogue']
export const FORMATS = ['nested', 'flat', 'oauth', 'problem'] as const
export const INCLUDES = [
  { includeFix: true, includeParams: true, includeRequestId: true, includeRetryAfter: true },
  { includeFix: false, includeParams: false, includeRequestId: false, includeRetryAfter: false }
]

/** One code's section of the Markdown reference: what it says is sent, and when. */
interface Section {
  sentWhen: string[]
  status: number
  headers: Record<string, string>
  body: unknown
}

/** Reads every code's section back out of the Markdown reference. */
export function sectionsOf(markdown: string): Map<string, Section> {
  const sections = new Map<string, Section>()
  for (const chunk of markdown.split('<a id="').slice(1)) {
    const code = chunk.slice(0, chunk.indexOf('"'))
    const example = /```http\nHTTP\/1\.1 (\d{3})[^\n]*\n((?:[^\n]+\n)*)\n([\s\S]*?)\n```/.exec(chunk)
    if (example === null) continue
    const sent = /\| Sent when \| (.*) \|\n/.exec(chunk)?.[1]
    sections.set(code, {
      sentWhen: sent === undefined ? [] : sent.replace(/\.$/, '').split('; or when ').map(text => text[0]!.toLowerCase() + text.slice(1)),
      status: Number(example[1]),
      headers: Object.fromEntries(example[2]!.trim().split('\n').map(line => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 2)])),
      body: JSON.parse(example[3]!)
    })
  }
  return sections
}

const SENT_WHEN = new Map(Object.entries(NAMED_CONDITIONS).map(([name, info]) => [info.sentWhen as string, name as NamedCondition]))
/** The condition sentences of "Sent when", without the message a condition of its own has (`, with the message "…"`). */
const sentences = (lines: readonly string[]) => lines.map(line => line.replace(/, with the message ".*"$/, ''))
/** `a thrown error (…) carries status 429 or 503` → [429, 503]. */
const THROWN = /^a thrown error .*carries status ([0-9 or]+)$/

/** The conditions a condition falls back to, itself first (`empty-json-body` → `invalid-json` → …). */
function chain(condition: NamedCondition, part = 'body'): string[] {
  const out: string[] = []
  let next: string | undefined = condition
  while (next !== undefined && Object.hasOwn(NAMED_CONDITIONS, next)) {
    out.push(next)
    next = next === 'missing-required' ? `validation-${part}` : NAMED_CONDITIONS[next as NamedCondition].parent
  }
  return out
}

interface Provoked {
  /** The condition met, or `status-NNN` for a thrown error. */
  condition: string
  part?: string
  res: LightMyRequestResponse
}

/** The app of one configuration, with routes that send every code with its example's inputs. */
async function truthApp(t: Test, catalogue: Catalogue, options: FastifyErrorCatalogueOptions, codes: string[]): Promise<FastifyInstance> {
  const app = await pageApp(t, { catalogue, ...options, onFail: event => void codes.push(event.code) }, [], app => {
    app.get('/v1/projects/:id', (request, reply) => {
      const { code, params, details, retryAfter } = JSON.parse(String((request.query as { input: string }).input)) as Record<string, unknown>
      return reply.fail(code as 'bad_request', params as never, { ...(details === undefined ? {} : { details: details as never }), ...(retryAfter === undefined ? {} : { retryAfter: retryAfter as number }) })
    })
    app.get('/thrown/:status', async request => {
      throw httpErrors(Number((request.params as { status: string }).status))
    })
  })
  return app
}

export async function checkConfiguration(t: Test, catalogue: Catalogue, options: FastifyErrorCatalogueOptions): Promise<void> {
  const codes: string[] = []
  const app = await truthApp(t, catalogue, options, codes)
  await app.ready()
  const source = (app as unknown as Record<symbol, ArtifactSource>)[kArtifactSource]!
  const { contract } = source
  const sections = sectionsOf(app.errorCatalogue.reference())
  const ajv = new Ajv.default({ strict: false, allErrors: true })
  addFormats.default(ajv)
  const schemaOf = (code: string) => {
    const response = app.errorCatalogue.responses([code as never])[contract.entries.get(code)!.status]!
    return (Object.values(response.content)[0] as { schema: object }).schema
  }
  const validates = (code: string, body: unknown, what: string) => {
    const valid = ajv.validate(schemaOf(code), body)
    t.ok(valid, `${what}: the body validates against the OpenAPI schema of ${code}${valid ? '' : ` ${ajv.errorsText()}`}`)
  }

  const markdown = app.errorCatalogue.reference()
  t.same([...sections.keys()].sort(), [...contract.entries.keys()].sort(), 'the reference documents every code')
  const listed = membersListed(markdown)
  const observed = new Set<string>()
  for (const entry of contract.entries.values()) {
    const section = sections.get(entry.code)!
    // The example's own inputs: its sample parameters, details or items, and Retry-After.
    const items = entry.carriesValidation ? sampleItems(entry, contract) : undefined
    const input = {
      code: entry.code,
      params: sampleParams(entry, items),
      details: items ?? sampleOf(entry.source?.entry.details, 0),
      retryAfter: sampleRetryAfter(entry, contract) === SAMPLE_WINDOW ? SAMPLE_WINDOW : undefined
    }
    const res = await app.inject(`/v1/projects/42?input=${encodeURIComponent(JSON.stringify(input))}`)
    t.equal(res.statusCode, section.status, `${entry.code}: the example's status`)
    t.same(withoutRequestId(res.json()), section.body, `${entry.code}: the example body is the body sent`)
    for (const [name, value] of Object.entries(section.headers)) t.equal(res.headers[name], value, `${entry.code}: the example's ${name}`)
    if (section.headers['retry-after'] === undefined) t.equal(res.headers['retry-after'], undefined, `${entry.code}: no Retry-After, as the example`)
    validates(entry.code, res.json(), `${entry.code} via reply.fail`)
    for (const member of membersOf(res.json(), contract.shape.format.name)) observed.add(member)
  }
  t.same([...observed].filter(member => !listed.includes(member)), [], 'every member a body carries is in the "Response format" table')
  {
    const off = Object.entries({ fix: 'includeFix', params: 'includeParams', request_id: 'includeRequestId', retry_after: 'includeRetryAfter' } as const)
      .filter(([, option]) => !contract.shape[option])
      .map(([member]) => member)
    t.same(listed.filter(member => off.includes(member.replace(/^error\./, ''))), [], 'no member switched off is in the table')
  }

  // Every condition this app can meet, and the code it answers.
  const provoked: Provoked[] = []
  for (const { condition, request } of Object.values(CASES)) {
    const part = /validation-(\w+)/.exec(condition)?.[1] ?? (condition === 'missing-required' ? 'body' : undefined)
    codes.length = 0
    provoked.push({ condition, part, res: await app.inject(request as InjectOptions) })
  }
  // Every status an entry has, and statuses none has (each falls to a catch-all or a code made from its phrase).
  const statuses = new Set([...[...contract.entries.values()].map(entry => entry.status), 400, 404, 418, 451, 499, 500, 507, 599])
  for (const status of statuses) {
    provoked.push({ condition: `status-${status}`, res: await app.inject(`/thrown/${status}`) })
  }
  if (contract.shape.rateLimit) {
    const limited = await pageApp(t, { catalogue, ...options, rateLimit: { max: 1, timeWindow: 60_000, ban: 1 } })
    await limited.inject('/things')
    provoked.push({ condition: 'rate-limited', res: await limited.inject('/things') })
    provoked.push({ condition: 'rate-limit-ban', res: await limited.inject('/things') })
    const down = await pageApp(t, { catalogue, ...options, rateLimit: { max: 1, store: DownStore as never } })
    provoked.push({ condition: 'rate-limit-store-down', res: await down.inject('/things') })
  }
  // The code of each answer, read from the body where the format has it, and checked against onFail's.
  const answered = new Map<string, Provoked[]>()
  for (const item of provoked) {
    const code = codeIn(item.res, contract.shape.format.name) ?? contract.entries.get(codeOfStatus(contract, item))?.code
    const list = answered.get(code!) ?? []
    list.push(item)
    answered.set(code!, list)
  }
  for (const [code, items] of answered) {
    const section = sections.get(code)
    if (section === undefined) {
      // A status no entry has: answered with a code made from its reason phrase, listed apart.
      t.ok(items.every(item => item.condition.startsWith('status-')), `${code}: only thrown statuses are answered by a code of no entry`)
      continue
    }
    for (const item of items) {
      validates(code, item.res.json(), `${code} for ${item.condition}`)
      if (item.condition.startsWith('status-')) {
        // A thrown status: named in the thrown-error line, or answered by the catch-all this code claims.
        const status = item.condition.slice('status-'.length)
        const named = sentences(section.sentWhen).some(line => THROWN.exec(line)?.[1]!.split(' or ').includes(status))
        const catchAll = sentences(section.sentWhen).some(line => ['client-error', 'unexpected-error'].includes(SENT_WHEN.get(line) ?? ''))
        t.ok(named || catchAll, `${code}: "Sent when" names a thrown ${status} (${section.sentWhen.join(' | ')})`)
      } else {
        const names = chain(item.condition as NamedCondition, item.part).map(name => NAMED_CONDITIONS[name as NamedCondition].sentWhen as string)
        t.ok(sentences(section.sentWhen).some(line => names.includes(line)), `${code}: "Sent when" names ${item.condition} (${section.sentWhen.join(' | ')})`)
      }
    }
    // Each line is borne out: some provoked condition of its family answered with this code.
    for (const line of sentences(section.sentWhen)) {
      const thrown = THROWN.exec(line)
      if (thrown !== null) {
        for (const status of thrown[1]!.split(' or ')) {
          t.ok(items.some(item => item.condition === `status-${status}`), `${code}: "${line}" holds for ${status}`)
        }
        continue
      }
      const condition = SENT_WHEN.get(line)
      t.ok(condition !== undefined, `${code}: "${line}" is a condition's sentence`)
      if (condition === undefined || condition === 'client-error' || condition === 'unexpected-error') continue
      const provokable = provoked.some(item => chain(item.condition as NamedCondition, item.part).includes(condition))
      if (!provokable) continue
      t.ok(
        items.some(item => !item.condition.startsWith('status-') && chain(item.condition as NamedCondition, item.part).includes(condition)),
        `${code}: "${line}" holds: a request that meets ${condition} is answered with ${code}`
      )
    }
  }
}

/** The members the reference's "Response format" table lists (`error.code`, …). */
function membersListed(markdown: string): string[] {
  const table = markdown.slice(markdown.indexOf('## Response format'), markdown.indexOf('## All codes'))
  return [...table.matchAll(/^\| `([^`]+)` \|/gm)].map(match => match[1]!)
}

/** The members of a body as the table names them: `error.x` inside nested's `error`, else top-level. */
function membersOf(body: Record<string, unknown>, format: string): string[] {
  return format === 'nested' ? Object.keys(body.error as object).map(key => `error.${key}`) : Object.keys(body)
}

/** The request id is the one value of a body that is the request's own: examples show `req-1`. */
function withoutRequestId(body: unknown): unknown {
  if (typeof body !== 'object' || body === null) return body
  return Object.fromEntries(Object.entries(body).map(([key, value]) => [key, key === 'request_id' ? 'req-1' : withoutRequestId(value)]))
}

function codeIn(res: LightMyRequestResponse, format: string): string | undefined {
  const body = res.json() as Record<string, unknown>
  if (format === 'nested') return (body.error as { code: string }).code
  if (format === 'oauth') return body.error as string
  if (format === 'custom') return undefined
  return body.code as string
}

/** For a format without the code in its body: the code onFail saw is not at hand here, so the status decides. */
function codeOfStatus(contract: ArtifactSource['contract'], item: Provoked): string {
  return item.condition.startsWith('status-') ? contract.forStatus(Number(item.condition.slice(7))).code : contract.answer(item.condition as never).code
}
