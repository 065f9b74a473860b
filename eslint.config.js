// neostandard, the Fastify team's ESLint config, with TypeScript. Three rules are set to
// the code's own style rather than standard's, each to avoid churn, not to relax a check:
import neostandard from 'neostandard'

export default [
  ...neostandard({
    ts: true,
    // Generated modules are written by the generator (JSON-quoted literals); their freshness is tested instead.
    ignores: ['dist/**', 'coverage/**', '.tap/**', 'test/.tmp/**', 'bench/results/**', '**/*.generated.ts']
  }),
  {
    rules: {
      // `function name()` without a space, as in every file (standard's space would touch ~290 lines).
      '@stylistic/space-before-function-paren': ['error', { named: 'never', anonymous: 'never', asyncArrow: 'always' }],
      // `void [a, b]` marks values as used in the type tests; an arrow may `void` an assignment to return nothing.
      'no-void': 'off',
      // `new Ajv.default()`: the CommonJS default export of a class.
      'new-cap': ['error', { newIsCap: true, capIsNew: false, properties: true, newIsCapExceptions: ['default'] }]
    }
  }
]
