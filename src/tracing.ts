import { context, SpanStatusCode, trace, type Span, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { Sources } from './sources/index.js';
import type { Source, StatementOutcome } from './sources/registry.js';


// Spans follow a request through its awaits; one manager serves every gateway of the process.
let contextManager: AsyncLocalStorageContextManager | null = null;

/**
 * OpenTelemetry traces sent over OTLP/HTTP to a collector: a span per GraphQL request and, inside
 * it, one per registry statement. Attributes name the consumer, the operation, the registry and the
 * statement, never a value asked for or answered.
 */
export class Tracing {
  private constructor(
    private readonly provider: NodeTracerProvider,
    private readonly tracer: Tracer,
  ) {}

  /** Tracing to the collector at `endpoint` (its base URL; spans go to `/v1/traces`). */
  static create(endpoint: string): Tracing {
    if (contextManager === null) {
      contextManager = new AsyncLocalStorageContextManager().enable();
      context.setGlobalContextManager(contextManager);
    }
    const provider = new NodeTracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'national-data-gateway' }),
      spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: new URL('v1/traces', endpoint.endsWith('/') ? endpoint : `${endpoint}/`).href }))],
    });
    return new Tracing(provider, provider.getTracer('national-data-gateway'));
  }

  /** Runs `work` inside a new span of a GraphQL request; `end` closes it once the answer is sent. */
  request<T>(work: (span: Span) => T): T {
    const span = this.tracer.startSpan('graphql');
    return context.with(trace.setSpan(context.active(), span), () => work(span));
  }

  /** Closes a request's span with what the answer was. */
  endRequest(span: Span, facts: { operationName: string | null; consumer: string | null; requestId: string; status: number }): void {
    span.updateName(`graphql ${facts.operationName ?? '(anonymous)'}`);
    span.setAttributes({
      'graphql.operation.name': facts.operationName ?? '',
      'http.response.status_code': facts.status,
      'ndg.consumer': facts.consumer ?? '',
      'ndg.request_id': facts.requestId,
    });
    if (facts.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  }

  /** Records every statement of the registries from now on, inside the span of the request that sent it. */
  traceStatementsOf(sources: Sources): void {
    const registries: Source[] = Object.values(sources);
    for (const registry of registries) {
      registry.onStatement((outcome, ms, queryName) => this.statement(registry.label, registry.system, queryName, outcome, ms));
    }
  }

  /** Records a registry statement that just ended, inside the span of the request that sent it. */
  statement(registry: string, system: string, queryName: string, outcome: StatementOutcome, ms: number): void {
    const span = this.tracer.startSpan(`${registry} ${queryName}`, {
      startTime: Date.now() - ms,
      attributes: { 'db.system': system, 'db.operation.name': queryName, 'ndg.registry': registry, 'ndg.outcome': outcome },
    });
    if (outcome !== 'ok') span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  }

  /** Sends what is left and stops. */
  async shutdown(): Promise<void> {
    await this.provider.shutdown();
  }
}
