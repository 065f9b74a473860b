/**
 * The client's readers of the built-in formats, one per format folder (`<name>/read.ts`), in the
 * order the client tries them: the first that claims a body reads it. The plugin's four shapes
 * never claim one another's bodies; a format added here gets read by `parseError`.
 * Import-light: the client entry loads this module, never the writers in `<name>/index.ts`.
 * @module
 */
import type { BuiltinFormatName } from '../types.js'
import { flatReader } from './flat/read.js'
import { nestedReader } from './nested/read.js'
import { oauthReader } from './oauth/read.js'
import { problemReader } from './problem/read.js'
import type { BodyReader } from './reader.js'

export type { BodyReader, ReadFields } from './reader.js'

export const BODY_READERS: Readonly<Record<BuiltinFormatName, BodyReader>> = {
  nested: nestedReader,
  flat: flatReader,
  oauth: oauthReader,
  problem: problemReader
}
