// Regenerates lib/builtins.generated.ts from catalogue/errors.yaml (`--check`: exit 1 when stale).
import { readFileSync, writeFileSync } from 'node:fs'
import { builtinSource } from '../lib/builtins.js'
import { generateTypes } from '../lib/cli/generate.js'
import { validateCatalogues } from '../lib/validate.js'

const target = new URL('../lib/builtins.generated.ts', import.meta.url)
const entries = validateCatalogues([builtinSource()])
const text = generateTypes(
  [...entries].map(([code, validated]) => [code, validated.entry] as const),
  { source: 'catalogue/errors.yaml', kind: 'builtin' }
)
if (process.argv.includes('--check')) {
  if (readFileSync(target, 'utf8') !== text) {
    process.stderr.write('lib/builtins.generated.ts is stale: run npm run generate:builtins\n')
    process.exitCode = 1
  } else {
    process.stdout.write('lib/builtins.generated.ts is up to date\n')
  }
} else {
  writeFileSync(target, text)
}
