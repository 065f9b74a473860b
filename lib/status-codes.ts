/**
 * The generic catalogue code (and reason phrase) for each status. The server answers errors
 * that carry only a status with these codes; the client falls back to them for bodies with no
 * code. It imports nothing, so the browser client can use it too.
 * @module
 */
export const GENERIC_CODES: Readonly<Record<number, readonly [code: string, reason: string]>> = {
  400: ['bad_request', 'Bad Request'],
  401: ['unauthenticated', 'Unauthorized'],
  403: ['forbidden', 'Forbidden'],
  404: ['not_found', 'Not Found'],
  405: ['method_not_allowed', 'Method Not Allowed'],
  409: ['conflict', 'Conflict'],
  413: ['payload_too_large', 'Payload Too Large'],
  414: ['uri_too_long', 'URI Too Long'],
  415: ['unsupported_media_type', 'Unsupported Media Type'],
  429: ['rate_limit_exceeded', 'Too Many Requests'],
  500: ['internal_error', 'Internal Server Error'],
  502: ['bad_gateway', 'Bad Gateway'],
  503: ['service_unavailable', 'Service Unavailable'],
  504: ['upstream_timeout', 'Gateway Timeout']
}
