import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

declare module 'fastify' {
  interface FastifyInstance {
    /** Whether OpenTelemetry traces are being sent (OTEL_EXPORTER_OTLP_ENDPOINT set). */
    tracing: boolean
  }
}

// OpenTelemetry traces of every request (its hooks and handler as child spans), sent
// over OTLP/HTTP to OTEL_EXPORTER_OTLP_ENDPOINT. Off by default, and then none of the
// OpenTelemetry packages is even imported: they cost start-up time and memory.
// Registered before any route, so @fastify/otel sees every one of them.
export default fp(async function tracing (app: FastifyInstance, { otlp: options }: { otlp: { endpoint: string, serviceName: string } | null }) {
  app.decorate('tracing', options !== null)
  if (options === null) return
  const [{ NodeSDK }, { OTLPTraceExporter }, { FastifyOtelInstrumentation }] = await Promise.all([
    import('@opentelemetry/sdk-node'),
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@fastify/otel')
  ])
  const instrumentation = new FastifyOtelInstrumentation()
  const sdk = new NodeSDK({
    serviceName: options.serviceName,
    // The endpoint is the collector's base URL, as in the OpenTelemetry spec; traces go to /v1/traces.
    traceExporter: new OTLPTraceExporter({ url: `${options.endpoint.replace(/\/+$/, '')}/v1/traces` }),
    instrumentations: [instrumentation]
  })
  sdk.start()
  await app.register(instrumentation.plugin())
  app.log.info({ endpoint: options.endpoint }, 'sending OpenTelemetry traces')
  // Last to close: sends the spans still buffered, the ones of the final requests included.
  app.addHook('onClose', async () => { await sdk.shutdown() })
}, { name: 'tracing' })
