// The README stays true: its tables list exactly the plugin's error codes and options.
import { readFileSync } from 'node:fs'
import Fastify from 'fastify'
import t from 'tap'
import errorsPlugin, { errorCodes } from '../lib/index.js'
import { OPTION_NAMES } from '../lib/options.js'

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')

function tableColumn(heading: string): string[] {
  const section = readme.slice(readme.indexOf(`## ${heading}`))
  const table = section.slice(0, section.indexOf('\n## ')).split('\n').filter(line => /^\| `/.test(line))
  return table.map(line => /^\| `([^`]+)`/.exec(line)![1]!)
}

t.test('the Error codes table lists exactly errorCodes', async t => {
  t.same(tableColumn('Error codes').sort(), Object.keys(errorCodes).sort())
})

t.test('every option in the Options table is accepted, and no other', async t => {
  const documented = tableColumn('Options')
  t.ok(documented.length > 5)
  for (const option of documented) {
    const app = Fastify()
    // A documented option is never rejected as unknown (its value may still be wrong).
    await app.register(errorsPlugin, { [option]: undefined }).ready()
    await app.close()
  }
  const app = Fastify()
  await t.rejects(async () => app.register(errorsPlugin, { notDocumented: true } as object), { message: /unknown option "notDocumented"/ })
  t.same(documented.slice().sort(), OPTION_NAMES.slice().sort(), 'the table and the accepted options agree')
})
