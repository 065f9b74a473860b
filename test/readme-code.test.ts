// Every ```ts block of the README compiles, as a newcomer would paste it, under the project's
// strict settings against the package (tsconfig paths map it to lib/). A block that imports
// './errors.generated.js' gets the module `generate` writes for the README's first catalogue.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import ts from 'typescript'
import { cli } from './helpers.js'
import { readmeBlocks as blocks, type Block } from './readme-blocks.js'

const root = new URL('..', import.meta.url).pathname
const work = join(root, 'test', '.tmp', 'readme-code')

// The project's compiler options (strict, noUncheckedIndexedAccess, NodeNext, the paths to lib/),
// less noUnusedLocals: an example may name a value it does not go on to use.
const config = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.json'), { noUnusedLocals: false }, {
  ...ts.sys,
  onUnRecoverableConfigFileDiagnostic: diagnostic => {
    throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'))
  }
})!

// One host for every block: the declarations of Fastify, Node and lib/ are parsed once.
const host = ts.createCompilerHost(config.options)
const parsed = new Map<string, ts.SourceFile | undefined>()
const getSourceFile = host.getSourceFile.bind(host)
host.getSourceFile = (file, language, onError) => {
  if (file.startsWith(work)) return getSourceFile(file, language, onError)
  if (!parsed.has(file)) parsed.set(file, getSourceFile(file, language, onError))
  return parsed.get(file)
}

/** Diagnostics of one block, each as `README.md:<line>:<col> TS<code> <message>`. */
function check(block: Block, dir: string): string[] {
  const file = join(dir, 'example.ts')
  writeFileSync(file, block.code)
  const program = ts.createProgram({ rootNames: [file], options: config.options, host })
  // Diagnostics of the block's own folder (the block and its generated module): lib/ itself is
  // type-checked by `npm run typecheck`, so its errors are not reported again once per block.
  const own = program.getSourceFiles().filter(source => source.fileName.startsWith(dir))
  const diagnostics = [
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...own.flatMap(source => [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)])
  ]
  return diagnostics.map(diagnostic => {
    const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')
    if (diagnostic.file?.fileName !== file) return `README.md:${block.line} (in ${diagnostic.file?.fileName ?? 'the program'}) TS${diagnostic.code} ${text}`
    const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start!)
    return `README.md:${block.line + line}:${character + 1} TS${diagnostic.code} ${text}`
  })
}

t.setTimeout(300_000) // one type-check per block, on a shared machine

const typescript = blocks().filter(block => block.lang === 'ts' && !block.fragment)
/** The Quick start's `errors.yaml`: the README's first YAML block. */
const quickStartCatalogue = blocks().find(block => block.lang === 'yaml')!

t.test('the README has TypeScript blocks to check, and few fragments', async t => {
  t.ok(typescript.length >= 8, `${typescript.length} blocks`)
  const fragments = blocks().filter(block => block.fragment)
  t.ok(fragments.length <= 3, `fragments (continuing an earlier example): ${fragments.map(block => `README.md:${block.line - 1}`).join(', ')}`)
})

typescript.forEach((block, index) => {
  t.test(`the TypeScript block at README.md:${block.line - 1} compiles`, async t => {
    const dir = join(work, `block-${index}`)
    rmSync(dir, { recursive: true, force: true })
    mkdirSync(dir, { recursive: true })
    if (block.code.includes("'./errors.generated.js'")) {
      writeFileSync(join(dir, 'errors.yaml'), quickStartCatalogue.code)
      const generated = await cli('generate', join(dir, 'errors.yaml'), '--out', join(dir, 'errors.generated.ts'))
      t.equal(generated.code, 0, generated.stderr)
    }
    t.same(check(block, dir), [])
  })
})
