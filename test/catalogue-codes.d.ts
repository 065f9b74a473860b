// The codes of the run-time tests' own catalogues (inline objects and test/fixtures/*.yaml),
// registered as a generated module registers an app's: the tests' `reply.fail` and
// `app.errors` calls are type-checked like an app's, with no casts. Only misuse a test
// makes on purpose (what plain JavaScript could pass) carries a `@ts-expect-error`.
import 'fastify-error-catalogue'

declare module 'fastify-error-catalogue' {
  interface ErrorCatalogue {
    // test/fixtures/valid.yaml (the example's catalogue has the same code and parameters)
    batch_too_large: { params: { count: number; max: number } }
    invalid_region: { params: { region: string | number } }
    // deprecation.test.ts
    token_invalid: {}
    old_style: {}
    // body-bytes.test.ts
    echo: { params: { text: string } }
    counted: { params: { count?: number; flag?: boolean } }
    // catalogue-load.test.ts
    odd_client: {}
    odd_server: {}
    // format-schemas.test.ts, reply-fail.test.ts
    quota_exceeded: { params: { limit: number }; details: { window: string } }
    // formats.test.ts
    out_of_credit: {}
    // plugin.test.ts
    watched: {}
    // reply-fail.test.ts
    order_conflict: { details: Record<string, unknown> }
    tagged: { params: { tag: string | number } }
    stuck: { details: Record<string, unknown> }
    // thrown-errors.test.ts
    lookup_timeout: { params: { seconds: string | number } }
    only_there: {}
    // translations.test.ts
    gone: {}
    slow_down: {}
    colour: {}
  }
}
