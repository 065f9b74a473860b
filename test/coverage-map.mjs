// tap's coverage map: every test is measured against lib/ only. The example's generated
// module imports the package by name, which Node resolves to dist/; dist/ ships without
// source maps, so without this map it would be counted as uncovered code of its own.
import { readdirSync } from 'node:fs'

const sources = readdirSync('lib', { recursive: true })
  .filter(name => name.endsWith('.ts'))
  .map(name => `lib/${name}`)

export default () => sources
