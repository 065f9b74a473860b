// The compile errors a user reads for misuse name what went wrong. test/types/ proves that
// each misuse fails to compile; this test compiles a consumer's file and reads the messages.
import { join } from 'node:path'
import t from 'tap'
import ts from 'typescript'

const consumer = `
import Fastify from 'fastify'
import errorsPlugin, { defineCatalogue } from 'fastify-error-catalogue'

const app = Fastify()
await app.register(errorsPlugin)
app.get('/', async (_request, reply) => {
  reply.fail('forbidden', { user: 'ann' }) // line 8
  reply.fail('forbidden', {}, { details: { why: 'x' } }) // line 9
  return reply.fail('forbidden', {})
})
throw app.errors.forbidden({ user: 'ann' }) // line 12
defineCatalogue({
  typo: { status: 400, message: 'x', fixx: 'y' } // line 14
})
app.get('/', { config: { errors: ['resource_not_fund'] } }, async () => ({})) // line 16
app.declareErrors(['unauthenticatd']) // line 17
`

t.test('misuse compiles to an error that says what went wrong', async t => {
  const dir = t.testdir({ 'consumer.ts': consumer })
  const config = ts.getParsedCommandLineOfConfigFile(join(import.meta.dirname, '..', 'tsconfig.json'), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: diagnostic => t.fail(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'))
  })!
  const file = join(dir, 'consumer.ts')
  const program = ts.createProgram([file], config.options)
  const errors = ts.getPreEmitDiagnostics(program).map(diagnostic => ({
    file: diagnostic.file?.fileName,
    line: diagnostic.file === undefined ? 0 : diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start!).line + 1,
    message: ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')
  }))

  t.same(
    errors.map(({ line, message }) => ({ line, message })),
    [
      { line: 8, message: "Type 'string' is not assignable to type '{ readonly 'this code has no parameters': never; }'." },
      {
        line: 9,
        message: "Object literal may only specify known properties, and 'why' does not exist in type '{ readonly 'this code declares no details': never; }'."
      },
      { line: 12, message: "Type 'string' is not assignable to type '{ readonly 'this code has no parameters': never; }'." },
      {
        line: 14,
        message:
          'Type \'"y"\' is not assignable to type \'"y" & { readonly "fixx is not a key of a catalogue entry": never; }\'.\n' +
          '  Type \'string\' is not assignable to type \'{ readonly "fixx is not a key of a catalogue entry": never; }\'.'
      },
      {
        line: 16,
        message:
          'Type \'"resource_not_fund"\' is not assignable to type ' +
          '\'{ readonly \'is not a code of the catalogue, whose codes are\': CatalogueCode; } & "resource_not_fund"\'.\n' +
          '  Type \'string\' is not assignable to type \'{ readonly \'is not a code of the catalogue, whose codes are\': CatalogueCode; }\'.'
      },
      { line: 17, message: 'Type \'"unauthenticatd"\' is not assignable to type \'CatalogueCode | NotACatalogueCode\'. Did you mean \'"unauthenticated"\'?' }
    ]
  )
  t.ok(errors.every(error => error.file === file.replaceAll('\\', '/')), 'every error is in the consumer, none in the package')
})
