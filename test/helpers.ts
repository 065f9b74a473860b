import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
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

export const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).pathname
