/**
 * `npm run bench:edit`: "edit to effect" under the `watch` option: the time from writing the
 * catalogue file (one code added) to the first request answered with the new code, for
 * catalogues of 10, 1,000 and 10,000 codes. Each size: one warm-up edit, then the median and
 * the spread of `--rounds` edits. The debounce is part of the figure (the default, 20 ms);
 * `-- --debounce 0` shows the reload alone.
 * @module
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import Fastify from 'fastify'
import errorsPlugin from '../lib/index.js'

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '7' }, debounce: { type: 'string', default: '20' } } })
const rounds = Number(values.rounds)
const debounceMs = Number(values.debounce)

function catalogueText(size: number, extra: string | undefined): string {
  const lines: string[] = []
  for (let i = 0; i < size; i++) {
    lines.push(`code_${i}:`, '  status: 400', `  message: Problem {field} number ${i}`, '  fix: Send a valid {field}')
  }
  if (extra !== undefined) lines.push(`${extra}:`, '  status: 409', '  message: Added on save')
  return `${lines.join('\n')}\n`
}

async function measure(size: number): Promise<number[]> {
  const dir = mkdtempSync(join(tmpdir(), 'edit-to-effect-'))
  const file = join(dir, 'errors.yaml')
  writeFileSync(file, catalogueText(size, undefined))
  const app = Fastify()
  await app.register(errorsPlugin, { catalogue: file, watch: { debounceMs } })
  app.get('/:code', (request, reply) => reply.fail((request.params as { code: string }).code as never, { field: 'x' } as never))
  await app.ready()
  const times: number[] = []
  try {
    for (let round = 0; round <= rounds; round++) {
      const code = `added_${round}`
      const started = performance.now()
      writeFileSync(file, catalogueText(size, code))
      // Poll through the app itself: the first 409 is the first request the new catalogue answered.
      while ((await app.inject(`/${code}`)).statusCode !== 409) await new Promise(resolve => setImmediate(resolve))
      if (round > 0) times.push(performance.now() - started)
    }
  } finally {
    await app.close()
    rmSync(dir, { recursive: true, force: true })
  }
  return times.sort((a, b) => a - b)
}

console.log(`edit to effect (watch, debounce ${debounceMs} ms, ${rounds} edits per size, node ${process.version})`)
console.log('codes       median        min        max')
for (const size of [10, 1000, 10000]) {
  const times = await measure(size)
  const ms = (value: number) => `${value.toFixed(1)} ms`.padStart(11)
  console.log(`${String(size).padEnd(7)}${ms(times[Math.floor(times.length / 2)]!)}${ms(times[0]!)}${ms(times.at(-1)!)}`)
}
