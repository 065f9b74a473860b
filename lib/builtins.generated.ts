// Generated from catalogue/errors.yaml by fastify-error-catalogue's generator. Do not edit.
// Regenerate: npm run generate:builtins

/** The codes of the built-in catalogue, with their parameters and details. */
export interface BuiltinErrorCatalogue {
  /** 502: Bad gateway */
  bad_gateway: {}
  /** 400: The request is malformed or cannot be processed */
  bad_request: {}
  /** 409: The request conflicts with the current state of the resource */
  conflict: {}
  /** 403: You do not have permission to perform this action */
  forbidden: {}
  /** 403: The access token lacks the required scope */
  insufficient_scope: {}
  /** 500: Internal server error */
  internal_error: {}
  /** 400: Invalid JSON in request body */
  invalid_json: {}
  /** 400: Invalid value for parameter '{name}' */
  invalid_parameter: { params: { name: string } }
  /** 401: The access token is invalid */
  invalid_token: {}
  /** 403: IP address not permitted for this token */
  ip_not_allowed: {}
  /**
   * 405: Method {method} is not allowed on this resource
   * status-405: This method is not allowed on this resource
   */
  method_not_allowed: { params: { method: string } }
  /** 404: The requested resource could not be found */
  not_found: {}
  /** 403: Origin not permitted for this token */
  origin_not_allowed: {}
  /** 413: The request body is too large */
  payload_too_large: {}
  /** 403: Too many requests over the rate limit; this client is blocked for {seconds} seconds */
  rate_limit_banned: { params: { seconds: number } }
  /** 429: Rate limit exceeded */
  rate_limit_exceeded: {}
  /** 409: {resource} '{id}' already exists */
  resource_already_exists: { params: { resource: string; id: string | number } }
  /** 404: {resource} '{id}' not found */
  resource_not_found: { params: { resource: string; id: string | number } }
  /** 404: Route {method} {url} not found */
  route_not_found: { params: { method: string; url: string } }
  /** 503: The service is temporarily unavailable */
  service_unavailable: {}
  /** 401: The access token has expired */
  token_expired: {}
  /** 401: The access token has been revoked */
  token_revoked: {}
  /** 401: Authentication credentials were not provided */
  unauthenticated: {}
  /** 415: Unsupported Content-Type */
  unsupported_media_type: {}
  /** 504: An upstream service did not respond in time */
  upstream_timeout: {}
  /** 414: The request URL is too long */
  uri_too_long: {}
  /** 400: The request failed validation */
  validation_error: { details: Array<{ field: string; in: "body" | "query" | "params" | "headers"; message: string }> }
}

/** The codes the plugin answers by itself with the built-in catalogue: those its conditions are bound to. */
export type BuiltinPluginCode =
  | "bad_request"
  | "internal_error"
  | "invalid_json"
  | "not_found"
  | "payload_too_large"
  | "rate_limit_banned"
  | "rate_limit_exceeded"
  | "route_not_found"
  | "service_unavailable"
  | "unsupported_media_type"
  | "uri_too_long"
  | "validation_error"
