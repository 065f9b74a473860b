/**
 * `--against`: the older catalogue (or contract document), from a file or from git (`ref:path`, as `git show` takes it).
 * @module
 */
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { parseText, readSource, type SourceDocument } from '../load/read.js'
import { catalogueOfContract, isContractDocument } from '../artifacts/contract-document.js'

/** `errors.old.yaml`, or `main:errors.yaml` / `v1.2.0:./errors.yaml` (a path from the repository root, or `./` for the current directory). */
export function readAgainst(spec: string): SourceDocument {
  if (existsSync(spec)) return asCatalogue(readSource(spec))
  if (!/^[^:]+:.+$/.test(spec)) {
    // A run-time failure (exit 1, one line), not a wrong command line: the file may just be missing.
    throw new Error(`--against ${spec}: no such file, and not a git ref:path`)
  }
  let text: string
  try {
    text = execFileSync('git', ['show', spec], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 16 * 1024 * 1024 })
  } catch (error) {
    // The last line of "Command failed: git show …\nfatal: …" is git's own reason.
    throw new Error(`--against ${spec}: ${(error as Error).message.trim().split('\n').at(-1)}`)
  }
  return asCatalogue(parseText(text, spec))
}

/** A contract document (`fastify-error-catalogue contract`) stands for the catalogue it was written from. */
function asCatalogue(doc: SourceDocument): SourceDocument {
  return isContractDocument(doc.value) ? { ...readSource(catalogueOfContract(doc.value)), file: doc.file } : doc
}
