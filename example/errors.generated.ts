// Generated from example/errors.yaml by fastify-error-catalogue generate. Do not edit.
// Regenerate: npx fastify-error-catalogue generate example/errors.yaml --out example/errors.generated.ts
import { generatedTypes } from 'fastify-error-catalogue'

// The plugin warns once at registration when the catalogue no longer matches these types.
generatedTypes({
  catalogue: ["example/errors.yaml"],
  hash: '6854d458bb860a63',
  regenerate: "npx fastify-error-catalogue generate example/errors.yaml --out example/errors.generated.ts"
})

declare module 'fastify-error-catalogue' {
  interface ErrorCatalogue {
    /** 400: Batch of {count} services exceeds the limit of {max} for this token */
    batch_too_large: { params: { count: number; max: number } }
    /** 504: Discovery timeout */
    discovery_timeout: {}
    /** 400: Invalid region '{region}' */
    invalid_region: { params: { region: string | number } }
    /** 400: Invalid service identifier '{service}' */
    invalid_service: { params: { service: string | number } }
    /** 403: Referer header required for this token */
    referer_required: {}
    /** 403: Service {service} not permitted by this token */
    service_not_permitted: { params: { service: string | number } }
  }
}
