/**
 * Pinning bench processes to cores with `taskset` (Linux, util-linux): the server on core 0,
 * the client on core 1, so that a server's CPU per request does not depend on whether the
 * scheduler put the client on its core. On a 2-core machine that choice alone moved a
 * server's CPU per request by 30% between two processes of the same app.
 * @module
 */
import { spawnSync } from 'node:child_process'
import os from 'node:os'

export const SERVER_CORE = 0
export const CLIENT_CORE = 1

/** Whether `taskset` can pin processes here (and there are 2 cores or more). */
export function canPin(): boolean {
  return os.availableParallelism() >= 2 && spawnSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' }).status === 0
}

/** Pins a process and every thread it has to one core (threads it starts later inherit it). */
export function pin(pid: number, core: number): void {
  const done = spawnSync('taskset', ['-a', '-p', '-c', String(core), String(pid)], { stdio: 'ignore' })
  if (done.status !== 0) throw new Error(`taskset could not pin process ${pid} to core ${core}: run with --pin=0`)
}
