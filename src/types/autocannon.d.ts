// The slice of autocannon's API that `npm run bench` uses (the package ships no types).
declare module 'autocannon' {
  interface Options { url: string, connections?: number, duration?: number }
  interface Histogram { p50: number, p99: number, average: number }
  interface Result { latency: Histogram, requests: Histogram, non2xx: number, errors: number }
  export default function autocannon (options: Options): Promise<Result>
}
