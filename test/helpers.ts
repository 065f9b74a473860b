import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { Writable } from 'node:stream'
import errorsPlugin, { type FastifyErrorCatalogueOptions } from '../lib/index.js'

interface Teardown {
  teardown(fn: () => unknown): void
}

/** A Fastify app with the plugin registered, closed when the test ends. */
export async function build(
  t: Teardown,
  options: FastifyErrorCatalogueOptions = {},
  fastifyOptions: FastifyServerOptions = {}
): Promise<FastifyInstance> {
  const app = Fastify(fastifyOptions)
  t.teardown(() => app.close())
  await app.register(errorsPlugin, options)
  return app
}

/** A pino destination that keeps every log line, parsed. */
export function logCapture(): { stream: Writable; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = []
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line !== '') lines.push(JSON.parse(line))
      done()
    }
  })
  return { stream, lines }
}

/**
 * The smallest catalogue that stands without the built-ins: one entry per status the plugin
 * answers by itself, so each condition falls to the only entry with its status.
 */
export const minimalCatalogue = {
  bad_request: { status: 400, message: 'Bad request' },
  not_found: { status: 404, message: 'Not found' },
  too_large: { status: 413, message: 'Too large' },
  uri_too_long: { status: 414, message: 'URI too long' },
  unsupported: { status: 415, message: 'Unsupported media type' },
  internal_error: { status: 500, message: 'Internal error' },
  unavailable: { status: 503, message: 'Unavailable' }
} as const

export const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).pathname

export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

/** The CLI in-process (what `fastify-error-catalogue …` runs), from the project root. */
export async function cli(...args: string[]): Promise<CliResult> {
  const { run } = await import('../lib/cli/main.js')
  let stdout = ''
  let stderr = ''
  const code = await run(args, { out: text => void (stdout += text), err: text => void (stderr += text) })
  return { code, stdout, stderr }
}

/**
 * A subprocess that tap must not take coverage from: its TypeScript is compiled by another
 * loader (tsx) whose source maps would be merged with ts-node's for the same files.
 */
export const uncovered = { ...process.env, _TAPJS_PROCESSINFO_COVERAGE_: '0' }

/**
 * A scratch folder of one test file, `test/.tmp/<name>`, emptied first: `dir`, and `file(name, text)`,
 * which writes a file there and returns its path from the working directory (as a user types it to the CLI).
 */
export function scratch(name: string): { dir: string; file: (file: string, text: string) => string } {
  const dir = join(new URL('.', import.meta.url).pathname, '.tmp', name)
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  return {
    dir,
    file: (file, text) => {
      const path = join(dir, file)
      writeFileSync(path, text)
      return relative(process.cwd(), path)
    }
  }
}
