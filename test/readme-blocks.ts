// The README's fenced blocks, with where they are, for the tests that keep it true.
import { readFileSync } from 'node:fs'

export const README = new URL('../README.md', import.meta.url).pathname
const readme = readFileSync(README, 'utf8')

export interface Block {
  /** The fence's language tag ('' for none). */
  lang: string
  /** Marked ```ts fragment: code that continues an earlier example, not meant to compile alone. */
  fragment: boolean
  /** README line of the block's first code line (1-based). */
  line: number
  /** The `## ` section the block is in. */
  section: string
  code: string
}

export function readmeBlocks(): Block[] {
  const found: Block[] = []
  const lines = readme.split('\n')
  let section = ''
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.startsWith('## ')) section = lines[i]!.slice(3)
    const open = /^```(\S*)( fragment)?$/.exec(lines[i]!)
    if (open === null) continue
    const end = lines.indexOf('```', i + 1)
    found.push({ lang: open[1]!, fragment: open[2] !== undefined, line: i + 2, section, code: lines.slice(i + 1, end).join('\n') + '\n' })
    i = end
  }
  return found
}
