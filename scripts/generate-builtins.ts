// Regenerates lib/builtins.generated.ts from catalogue/errors.yaml (`--check`: exit 1 when stale).
import { readFileSync, writeFileSync } from 'node:fs'
import { builtinTypesText } from '../lib/artifacts/types-module.js'

const target = new URL('../lib/builtins.generated.ts', import.meta.url)
const text = builtinTypesText()
if (!process.argv.includes('--check')) {
  writeFileSync(target, text)
} else if (readFileSync(target, 'utf8') !== text) {
  process.stderr.write('lib/builtins.generated.ts is stale: run npm run generate:builtins\n')
  process.exitCode = 1
} else {
  process.stdout.write('lib/builtins.generated.ts is up to date\n')
}
