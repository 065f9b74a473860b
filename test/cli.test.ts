import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import { builtinTypesText } from '../lib/artifacts/types-module.js'
import { cli, fixture, uncovered } from './helpers.js'

const run = promisify(execFile)
const root = new URL('..', import.meta.url).pathname

const dir = mkdtempSync(join(tmpdir(), 'catalogue-cli-'))

t.test('generate writes the augmentation module; check passes on it', async t => {
  const out = join(dir, 'nested', 'errors.generated.ts')
  const generated = await cli('generate', fixture('valid.yaml'), '--out', out)
  t.equal(generated.code, 0)
  t.match(generated.stdout, `wrote ${out} (3 codes)`)
  const text = readFileSync(out, 'utf8')
  t.match(text, /^\/\/ Generated from .*valid\.yaml by fastify-error-catalogue generate\. Do not edit\./)
  t.match(text, "declare module 'fastify-error-catalogue' {")
  t.match(text, 'batch_too_large: { params: { count: number; max: number } }')
  t.match(text, 'service_not_permitted: { params: { service: string | number } }')
  t.match(text, 'validation_error: {}')

  const checked = await cli('check', fixture('valid.yaml'), '--out', out)
  t.equal(checked.code, 0)
  t.match(checked.stdout, 'is up to date (3 codes)')
})

t.test('check exits 1 on a stale or missing file, naming the command to run', async t => {
  const out = join(dir, 'stale.ts')
  writeFileSync(out, '// old\n')
  const stale = await cli('check', fixture('valid.yaml'), '--out', out)
  t.equal(stale.code, 1)
  t.match(stale.stderr, `${out} is stale: run fastify-error-catalogue generate`)
  const missing = await cli('check', fixture('valid.yaml'), '--out', join(dir, 'none.ts'))
  t.equal(missing.code, 1)
  t.match(missing.stderr, 'is missing')
})

t.test('--no-builtins adds the settings flag', async t => {
  const out = join(dir, 'no-builtins.ts')
  t.equal((await cli('generate', fixture('valid.json'), '--out', out, '--no-builtins')).code, 0)
  t.match(readFileSync(out, 'utf8'), /interface ErrorCatalogueSettings \{\n\s+builtins: false/)
})

t.test('a bad catalogue exits 1 listing every problem with line and column', async t => {
  const result = await cli('generate', fixture('bad-entries.yaml'), '--out', join(dir, 'x.ts'))
  t.equal(result.code, 1)
  t.match(result.stderr, 'bad-entries.yaml:4:3 typo_key: unknown key "stauts" (did you mean "status"?)')
  t.match(result.stderr, 'bad-entries.yaml:34:3 proto_placeholder')
})

t.test('usage errors exit 2', async t => {
  for (const args of [[], ['frobnicate', 'x.yaml'], ['generate'], ['generate', 'x.yaml'], ['generate', 'x.yaml', '--bogus']]) {
    const result = await cli(...args)
    t.equal(result.code, 2, args.join(' '))
    t.match(result.stderr, 'Usage:')
  }
  const help = await cli('--help')
  t.equal(help.code, 0)
  t.match(help.stdout, 'Usage:')
})

t.test('the committed generated declarations (type tests, demo) are fresh', async t => {
  const types = await cli('check', 'test/types/catalogue.yaml', '--out', 'test/types/errors.generated.ts')
  t.equal(types.code, 0, types.stderr)
  const demo = await cli('check', 'example/errors.yaml', '--out', 'example/errors.generated.ts')
  t.equal(demo.code, 0, demo.stderr)
})

t.test('lib/builtins.generated.ts is fresh with catalogue/errors.yaml', async t => {
  const committed = readFileSync(new URL('../lib/builtins.generated.ts', import.meta.url), 'utf8')
  t.equal(builtinTypesText(), committed, 'run npm run generate:builtins')
  t.match(committed, 'export interface BuiltinErrorCatalogue {')
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/generate-builtins.ts', '--check'], { cwd: root, env: uncovered })
  t.match(stdout, 'up to date', 'the npm script agrees')
})

t.test('details schemas become TypeScript types', async t => {
  const out = join(dir, 'details.ts')
  writeFileSync(
    join(dir, 'details.yaml'),
    `shapes:
  status: 400
  message: Shapes
  details:
    type: object
    required: [id]
    additionalProperties: { type: number }
    properties:
      id: { type: integer }
      label: { type: [string, 'null'] }
      ok: { type: boolean }
      tags: { type: array }
      flags: { type: array, items: true }
      kind: { anyOf: [{ const: a }, { enum: [b, c] }] }
      "x-y": { type: object, additionalProperties: true, properties: { z: { oneOf: [] } } }
      any: {}
      free: { type: object }
      nothing: { enum: [] }
      closed: { type: object, additionalProperties: false }
`
  )
  t.equal((await cli('generate', join(dir, 'details.yaml'), '--out', out)).code, 0)
  t.match(
    readFileSync(out, 'utf8'),
    'shapes: { details: { id: number; label?: string | null; ok?: boolean; tags?: Array<unknown>; flags?: Array<unknown>; kind?: "a" | "b" | "c"; ' +
      '"x-y"?: { z?: never; [key: string]: unknown }; any?: unknown; free?: Record<string, unknown>; nothing?: never; closed?: Record<string, never>; ' +
      '[key: string]: number } }'
  )
})

/** Runs `fn` with one of the process's streams captured (within microtasks only, so tap's own output is untouched). */
async function captured(stream: NodeJS.WriteStream, fn: () => Promise<number>): Promise<{ code: number; text: string }> {
  const chunks: string[] = []
  const write = stream.write
  stream.write = ((chunk: string) => chunks.push(chunk) > 0) as typeof write
  try {
    return { code: await fn(), text: chunks.join('') }
  } finally {
    stream.write = write
  }
}

t.test('run() writes to the process streams by default', async t => {
  const { run: runCli } = await import('../lib/cli/main.js')
  const help = await captured(process.stdout, () => runCli(['--help']))
  t.equal(help.code, 0)
  t.match(help.text, 'Usage:')
  const unknown = await captured(process.stderr, () => runCli(['frobnicate']))
  t.equal(unknown.code, 2)
  t.match(unknown.text, 'unknown command "frobnicate"')
})

t.test('docs --locale writes the texts of that locale', async t => {
  const md = await cli('docs', fixture('translated.yaml'), '--locale', 'de')
  t.equal(md.code, 0, md.stderr)
  t.match(md.stdout, "{resource} '{id}' nicht gefunden")
  t.match(md.stdout, 'Prüfen Sie die Kennung')
  t.match(md.stdout, /"message": "<resource> '<id>' nicht gefunden"|nicht gefunden/)
  t.notMatch(md.stdout, "{resource} '{id}' not found")

  // A problem title is sent (and documented) only with a type base: about:blank carries the status phrase.
  const html = await cli(
    'docs', fixture('translated.yaml'), '--locale', 'de', '--format', 'html', '--response-format', 'problem',
    '--problem-type-base', 'https://api.example.com/problems/'
  )
  t.match(html.stdout, '<html lang="de">')
  t.match(html.stdout, 'Nicht gefunden')

  const english = await cli('docs', fixture('translated.yaml'))
  t.match(english.stdout, "{resource} '{id}' not found")

  const missing = await cli('docs', fixture('translated.yaml'), '--locale', 'fr')
  t.equal(missing.code, 1)
  t.match(missing.stderr, 'the catalogue has no "fr" texts (translated: de)')
  const none = await cli('docs', '--locale', 'fr')
  t.match(none.stderr, '(translated: none)')
})

t.test('the bin runs the same CLI as a real process, with its exit code', async t => {
  const bin = (...args: string[]) => run(process.execPath, ['--import', 'tsx', 'lib/cli/index.ts', ...args], { cwd: root, env: uncovered })
  const { stdout } = await bin('generate', fixture('valid.yaml'), '--out', join(dir, 'bin.ts'))
  t.match(stdout, 'wrote')
  await t.rejects(bin('check', fixture('valid.yaml'), '--out', join(dir, 'missing-bin.ts')), { code: 1 })
  await t.rejects(bin('frobnicate'), { code: 2, stderr: /Usage:/ })
})
