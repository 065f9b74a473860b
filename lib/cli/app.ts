/**
 * `--app <entry>`: the app itself as the source of the artefacts, loaded as fastify-cli loads
 * one (a module whose default export is a Fastify instance, a plugin, or a function returning
 * an instance), readied without listening, and asked for its own contract and routes.
 * @module
 */
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { FastifyInstance } from 'fastify'
import { kArtifactSource, type ArtifactSource } from '../artifacts/source.js'
import { UsageError } from './usage.js'

export interface LoadedApp {
  readonly source: ArtifactSource
  close(): Promise<void>
}

function isInstance(value: unknown): value is FastifyInstance {
  return typeof value === 'object' && value !== null && typeof (value as FastifyInstance).ready === 'function' && typeof (value as FastifyInstance).register === 'function'
}

export async function loadApp(entry: string): Promise<LoadedApp> {
  let module: Record<string, unknown>
  try {
    module = (await import(pathToFileURL(resolve(entry)).href)) as Record<string, unknown>
  } catch (error) {
    throw new UsageError(`--app ${entry}: ${(error as Error).message.split('\n')[0]}`)
  }
  const exported = module.default
  // Contexts the app's plugins open: the plugin may be registered inside one (a fastify-cli app).
  const contexts: FastifyInstance[] = []
  let app: FastifyInstance
  if (isInstance(exported)) app = exported
  else if (typeof exported === 'function' && exported.length === 0) {
    const made: unknown = await (exported as () => unknown)()
    if (!isInstance(made)) throw new UsageError(`--app ${entry}: the default export is a function, but it did not return a Fastify instance`)
    app = made
  } else if (typeof exported === 'function') {
    const { default: Fastify } = await import('fastify')
    app = Fastify()
    app.addHook('onRegister', instance => void contexts.push(instance))
    await app.register(exported as Parameters<FastifyInstance['register']>[0])
  } else {
    throw new UsageError(`--app ${entry}: the default export must be a Fastify instance, a plugin or a function returning an instance`)
  }
  await app.ready()
  const owner = [app, ...contexts].find(instance => (instance as unknown as Record<symbol, unknown>)[kArtifactSource] !== undefined)
  if (owner === undefined) {
    await app.close()
    throw new UsageError(`--app ${entry}: the app does not register fastify-error-catalogue (register it at the root, or in the exported plugin)`)
  }
  return { source: (owner as unknown as Record<symbol, ArtifactSource>)[kArtifactSource]!, close: () => app.close() }
}
