// The CLI behaves like one: --version, --help per command, no usage dump on a run-time failure,
// plurals, and `import` reading a module as text, never running it.
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import { cli, uncovered } from './helpers.js'

const run = promisify(execFile)
const root = new URL('..', import.meta.url).pathname
const dir = mkdtempSync(join(tmpdir(), 'catalogue-cli-usage-'))
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }

t.test('--version and -v print the package version alone', async t => {
  for (const flag of ['--version', '-v']) {
    const res = await cli(flag)
    t.same(res, { code: 0, stdout: `${version}\n`, stderr: '' }, flag)
  }
})

t.test('no command, --help and help print the list of commands, exit 0', async t => {
  for (const args of [[], ['--help'], ['-h'], ['help']]) {
    const res = await cli(...args)
    t.equal(res.code, 0, args.join(' '))
    t.match(res.stdout, /^Usage: fastify-error-catalogue <command> \[options\]\n\nCommands:\n {2}generate {2}write the TypeScript declarations/)
    t.match(res.stdout, "Run 'fastify-error-catalogue <command> --help' for a command's options")
    t.equal(res.stderr, '')
  }
})

t.test('<command> --help and help <command> print that command’s usage', async t => {
  for (const command of ['generate', 'check', 'docs', 'openapi', 'schema', 'import']) {
    const own = await cli(command, '--help')
    t.equal(own.code, 0)
    t.match(own.stdout, new RegExp(`^Usage: fastify-error-catalogue ${command} `), command)
    t.notMatch(own.stdout, 'Commands:')
    t.equal((await cli('help', command)).stdout, own.stdout)
  }
})

t.test('a wrong command line prints one message and that command’s usage, exit 2', async t => {
  const missing = await cli('generate', 'errors.yaml')
  t.equal(missing.code, 2)
  t.equal(missing.stderr.split('\n')[0], 'fastify-error-catalogue: --out <file.ts> is required')
  t.match(missing.stderr, /\nUsage: fastify-error-catalogue generate /)
  t.notMatch(missing.stderr, 'Commands:')

  const unknown = await cli('frobnicate')
  t.equal(unknown.code, 2)
  t.match(unknown.stderr, /^fastify-error-catalogue: unknown command "frobnicate"\nUsage: fastify-error-catalogue <command>/)

  const flag = await cli('--bogus')
  t.equal(flag.code, 2)
  t.match(flag.stderr, /Unknown option '--bogus'[^\n]*\nUsage: fastify-error-catalogue <command>/)
})

t.test('a run-time failure is one line and exit 1', async t => {
  const res = await cli('generate', join(dir, 'none.yaml'), '--out', join(dir, 'x.ts'))
  t.equal(res.code, 1)
  t.equal(res.stderr.split('\n').length, 2, 'one line')
  t.match(res.stderr, /^fastify-error-catalogue: .*none\.yaml/)
})

t.test('counts are written with their plural', async t => {
  const one = join(dir, 'one.yaml')
  writeFileSync(one, 'only_one:\n  status: 400\n  message: Only one\n')
  const out = join(dir, 'one.ts')
  t.equal((await cli('generate', one, '--no-builtins', '--out', out)).stdout, `wrote ${out} (1 code)\n`)
  t.equal((await cli('check', one, '--no-builtins', '--out', out)).stdout, `${out} is up to date (1 code)\n`)
  t.equal((await cli('check', one, '--no-builtins', '--against', one)).stdout, `no breaking changes against ${one} (1 code, 0 added)\n`)
})

t.test('the advice to regenerate is the command the README gives', async t => {
  const out = join(dir, 'stale.ts')
  writeFileSync(out, '// old\n')
  const res = await cli('check', 'catalogue/errors.yaml', '--out', out)
  t.equal(res.stderr, `${out} is stale: run npx fastify-error-catalogue generate catalogue/errors.yaml --out ${out}\n`)
  t.match(readFileSync(join(root, 'README.md'), 'utf8'), 'npx fastify-error-catalogue generate errors.yaml --out src/errors.generated.ts')
})

t.test('the bin prints the version of the package it is', async t => {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'lib/cli/index.ts', '--version'], { cwd: root, env: uncovered })
  t.equal(stdout, `${version}\n`)
})

// ---------------------------------------------------------------------------------------
// import
// ---------------------------------------------------------------------------------------

const MODULE = `import createError from '@fastify/error'
import fastifyError from '@fastify/error'
import { createError as make, default as byDefault } from '@fastify/error'
const required = require('@fastify/error')
// createError('FST_IN_LINE_COMMENT', 'no', 400)
/* createError('FST_IN_BLOCK_COMMENT', 'no', 400)
*/
const text = "createError('FST_IN_STRING', 'no', 400) \\" escaped"
const regex = /createError\\('FST_IN_REGEX'[/]/g
const ratio = 4 / 2 / 1
const template = \`createError('FST_IN_TEMPLATE', \${ "x" + \`y\${1}\` + '}' + ({ a: 1 }).a }, 400)\`
export const FST_ONE = createError('FST_ONE', 'msg %s', 400, wrap(TypeError, [1, 2]))
export const FST_TWO = createError<[string, number]>('FST_TWO', 'Project %s has %i items (%d%% full)%c', 409,)
export const FST_DEFAULT = fastifyError('FST_DEFAULT', 'Something ' +
  "broke\\tbadly \\
here")
export const fst_required = required('fst_required', \`no substitution\`, 404)
export const FST_MADE = make('FST_MADE', 'Made', 422)
export const FST_BY_DEFAULT = byDefault('FST_BY_DEFAULT', 'By default', 400)
export const A = createError(code, 'x', 400)
export const B = createError('B_CODE', message, 400)
export const C = createError('C_CODE', 'x', 302)
export const D = createError('D_CODE', 'x', status)
export const E = createError('FST_ONE', 'again', 400)
export const F = createError('F_CODE', 'has {brace}', 400)
export const G = createError('camelCase', 'x', 400)
export const H = createError('H_CODE', ' ', 400)
export const I = createError('I_CODE', 'x' + y, 400)
export const J = createError('J_CODE', 'x' 'y', 400)
export const K = createError('K_CODE', \`\${y}\`, 400)
export const L = createError()
other.createError('NOT_THIS', 'x', 400)
function createError () {}
const notACall = createError
`

t.test('import reads every createError() call, skips the ones it cannot read and says why', async t => {
  const module = join(dir, 'errors.ts')
  writeFileSync(module, MODULE)
  const res = await cli('import', module)
  t.equal(res.code, 0)
  t.equal(
    res.stdout,
    `# yaml-language-server: $schema=./node_modules/fastify-error-catalogue/catalogue/catalogue.schema.json
# Imported from errors.ts by fastify-error-catalogue import: add a fix (and a cause) to each entry.
FST_ONE:
  status: 400
  message: "msg {value}"
FST_TWO:
  status: 409
  message: "Project {value1} has {value2} items ({value3}% full)"
  params: { value2: integer, value3: number }
FST_DEFAULT:
  status: 500
  message: "Something broke\\tbadly here"
fst_required:
  status: 404
  message: "no substitution"
FST_MADE:
  status: 422
  message: "Made"
FST_BY_DEFAULT:
  status: 400
  message: "By default"
`
  )
  t.equal(
    res.stderr,
    [
      '20: skipped: its code is not a string literal',
      '21: skipped: B_CODE: its message is not a string literal',
      '22: skipped: C_CODE: status 302 is not an error status (400-599)',
      '23: skipped: D_CODE: its status is not a number literal',
      '24: skipped: FST_ONE is defined twice: the first one is kept',
      '25: skipped: F_CODE: its message has {braces} a catalogue would read as placeholders',
      '26: skipped: camelCase: a catalogue code is snake_case or UPPER_SNAKE_CASE',
      '27: skipped: H_CODE: its message is empty',
      '28: skipped: I_CODE: its message is not a string literal',
      '29: skipped: J_CODE: its message is not a string literal',
      '30: skipped: K_CODE: its message is not a string literal',
      '31: skipped: its code is not a string literal'
    ].map(line => `${module}:${line}\n`).join('')
  )

  // What it wrote is a catalogue: generate accepts it.
  const yaml = join(dir, 'imported.yaml')
  writeFileSync(yaml, res.stdout)
  t.equal((await cli('generate', yaml, '--out', join(dir, 'imported.ts'))).code, 0)
})

t.test('import refuses a wrong command line, and fails in one line on a module with nothing to import', async t => {
  const none = await cli('import')
  t.equal(none.code, 2)
  t.match(none.stderr, /^fastify-error-catalogue: name one module to import\nUsage: fastify-error-catalogue import /)

  const empty = join(dir, 'empty.js')
  writeFileSync(empty, '/* an unclosed comment createError("X_CODE", "x", 400)')
  const res = await cli('import', empty)
  t.same(res, { code: 1, stdout: '', stderr: `fastify-error-catalogue: no createError(code, message, statusCode) call to import in ${empty}\n` })

  const unclosed = join(dir, 'unclosed.js')
  writeFileSync(unclosed, "export const X = createError('X_CODE'")
  const cut = await cli('import', unclosed)
  t.equal(cut.code, 1)
  t.equal(cut.stderr.split('\n')[0], `${unclosed}:1: skipped: X_CODE: its message is not a string literal`)

  const backslash = join(dir, 'backslash.js')
  writeFileSync(backslash, "const unterminated = 'ends in a backslash\\")
  t.equal((await cli('import', backslash)).code, 1)

  const missing = await cli('import', join(dir, 'missing.js'))
  t.equal(missing.code, 1)
  t.match(missing.stderr, /^fastify-error-catalogue: ENOENT[^\n]*\n$/)
})
