// Regenerates catalogue/catalogue.schema.json (from the TypeBox schema in lib/catalogue-schema.ts)
// and catalogue/ERRORS.md (the Markdown reference of catalogue/errors.yaml, for an app with the rate limiter on); `--check`: exit 1 when either is stale.
import { readFileSync, writeFileSync } from 'node:fs'
import { contractOfFiles, renderReference } from '../lib/cli/docs.js'
import { resolveAnswerShape } from '../lib/options.js'
import { catalogueJsonSchema } from '../lib/cli/schema.js'

const artifacts = [
  { file: 'catalogue/catalogue.schema.json', text: catalogueJsonSchema() },
  { file: 'catalogue/ERRORS.md', text: renderReference(contractOfFiles([], resolveAnswerShape({ rateLimit: true })), { as: 'md' }) }
]
const check = process.argv.includes('--check')
for (const { file, text } of artifacts) {
  const target = new URL(`../${file}`, import.meta.url)
  if (!check) {
    writeFileSync(target, text)
    process.stdout.write(`wrote ${file}\n`)
  } else if (readFileSync(target, 'utf8') === text) {
    process.stdout.write(`${file} is up to date\n`)
  } else {
    process.stderr.write(`${file} is stale: run npm run generate:artifacts\n`)
    process.exitCode = 1
  }
}
