// Generated from test/types/catalogue.yaml by fastify-error-catalogue generate. Do not edit.
// Regenerate: npx fastify-error-catalogue generate test/types/catalogue.yaml --out test/types/errors.generated.ts
import { generatedTypes } from 'fastify-error-catalogue'

// The plugin warns once at registration when the catalogue no longer matches these types.
generatedTypes({
  catalogue: ["test/types/catalogue.yaml"],
  hash: '77e3dbbc7a9a1597',
  regenerate: "npx fastify-error-catalogue generate test/types/catalogue.yaml --out test/types/errors.generated.ts"
})

declare module 'fastify-error-catalogue' {
  interface ErrorCatalogue {
    /** 504: A service we depend on did not answer in time */
    UPSTREAM_TIMEOUT: {}
    /** 400: Batch size {count} exceeds the limit of {max} */
    batch_too_large: { params: { count: number; max: number } }
    /** 429: Quota exceeded */
    quota_exceeded: { details: { limit: number; window?: "hour" | "day" } }
    /** 403: Service {service} not permitted by this token */
    service_not_permitted: { params: { service: string | number } }
  }
}
