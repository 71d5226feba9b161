// Errors the services and routes throw; the error handler turns each into problem+json.

export interface FieldError { in: 'body' | 'query' | 'path' | 'header', pointer: string, message: string }

export class ProblemError extends Error {
  constructor (
    readonly statusCode: number,
    message: string,
    readonly extras: { type?: string, errors?: FieldError[], headers?: Record<string, string> } = {}
  ) {
    super(message)
    this.name = 'ProblemError'
  }
}

export const validationType = 'urn:dateline:problem:validation'

export function notFound (what: string): ProblemError {
  return new ProblemError(404, `${what} was not found.`)
}

/** A 400 naming one bad field, in the same shape as schema validation failures. */
export function invalid (location: FieldError['in'], pointer: string, message: string): ProblemError {
  return new ProblemError(400, `${location === 'query' ? 'query parameter' : location} ${pointer.slice(1) || pointer} ${message}`, {
    type: validationType,
    errors: [{ in: location, pointer, message }]
  })
}
