// The slice of autocannon's API that `npm run bench` uses (the package ships no types).
declare module 'autocannon' {
  interface Options { url: string, connections?: number, duration?: number, headers?: Record<string, string> }
  interface Histogram { p50: number, p99: number, average: number, total: number }
  interface Result {
    latency: Histogram
    requests: Histogram
    non2xx: number
    errors: number
    timeouts: number
    /** Answers per status code, e.g. { '200': { count: 1234 } }. */
    statusCodeStats?: Record<string, { count: number }>
  }
  export default function autocannon (options: Options): Promise<Result>
}
