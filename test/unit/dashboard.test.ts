import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parser } from '@prometheus-io/lezer-promql';
import { describe, expect, it } from 'vitest';
import { GatewayMetrics } from '../../src/metrics.js';
import type { Sources } from '../../src/sources/index.js';

const DIR = fileURLToPath(new URL('../../deploy/grafana/', import.meta.url));
const PROMETHEUS = { type: 'prometheus', uid: '${datasource}' };
// Labels Prometheus itself gives every series it scrapes.
const TARGET_LABELS = ['job', 'instance'];
// Grafana's own interval variables, which it fills in before Prometheus sees a query.
const INTERVALS = /\$__(rate_interval|interval|range)\b/g;
// One of the dashboard's variables: $name or ${name}.
const VARIABLE = /\$\{?(\w+)\}?/g;

interface Panel {
  type: string;
  title: string;
  datasource?: unknown;
  targets?: Array<{ expr: string; datasource?: unknown }>;
  panels?: Panel[];
}

interface Dashboard {
  templating: { list: Array<{ type: string; name: string; query: string; datasource?: unknown }> };
  panels: Panel[];
}

interface Series {
  /** The metric it belongs to, as the gateway names it. */
  metric: string;
  labels: string[];
}

// The series a histogram or a summary exports, each with the labels it adds; any other metric exports one, its name.
const SERIES_OF_TYPE: Readonly<Record<string, ReadonlyArray<[suffix: string, labels: string[]]>>> = {
  histogram: [['_bucket', ['le']], ['_sum', []], ['_count', []]],
  summary: [['', ['quantile']], ['_sum', []], ['_count', []]],
};

/**
 * Every series the gateway exports, by name: its registry as server.ts fills it, the metrics made at
 * construction and those observe() and observeAuditBacklog() add.
 */
function exportedSeries(): Map<string, Series> {
  const metrics = new GatewayMetrics();
  const registry = { circuit: 'closed', onStatement: () => undefined };
  // Nothing is scraped here, so the counters are never read.
  metrics.observe(new Proxy({} as Sources, { get: () => registry }), () => {
    throw new Error('not scraped in this test');
  });
  metrics.observeAuditBacklog(() => 0);
  const series = new Map<string, Series>();
  for (const metric of metrics.registry.getMetricsAsArray()) {
    // prom-client keeps each metric's configuration on it, its label names included; its typings leave them out.
    const { name, type } = metric;
    const labels = [...((metric as typeof metric & { labelNames?: readonly string[] }).labelNames ?? [])];
    for (const [suffix, extra] of SERIES_OF_TYPE[String(type)] ?? [['', []]]) series.set(`${name}${suffix}`, { metric: name, labels: [...labels, ...extra] });
  }
  return series;
}

interface Selector {
  metric: string | null;
  /** The labels its matchers name. */
  labels: string[];
}

/** What a PromQL expression reads: its selectors, and the labels it groups or matches on. Throws on a syntax error. */
function parsePromQL(expr: string): { selectors: Selector[]; grouping: string[] } {
  const selectors: Selector[] = [];
  const grouping: string[] = [];
  parser.parse(expr).iterate({
    enter: (node) => {
      const text = expr.slice(node.from, node.to);
      if (node.type.isError) throw new Error(`PromQL syntax error at ${node.from} of ${expr}`);
      if (node.name === 'VectorSelector') selectors.push({ metric: null, labels: [] });
      const parent = node.node.parent?.name;
      if (node.name === 'Identifier' && parent === 'VectorSelector') selectors.at(-1)!.metric = text;
      if (node.name !== 'LabelName') return;
      if (parent === 'GroupingLabels') grouping.push(text);
      // A matcher's label belongs to the selector entered last: the one it stands in.
      else selectors.at(-1)!.labels.push(text);
    },
  });
  return { selectors, grouping };
}

/** Every panel, those inside rows included. */
function allPanels(panels: Panel[]): Panel[] {
  return panels.flatMap((panel) => [panel, ...allPanels(panel.panels ?? [])]);
}

const dashboards = readdirSync(DIR).filter((file) => file.endsWith('.json'));

describe.each(dashboards)('the Grafana dashboard %s', (file) => {
  const dashboard = JSON.parse(readFileSync(path.join(DIR, file), 'utf8')) as Dashboard;
  const variables = dashboard.templating.list;
  const series = exportedSeries();
  const queried = allPanels(dashboard.panels).flatMap((panel) => (panel.targets ?? []).map(({ expr }) => ({ panel: panel.title, expr })));
  // The variables' own queries, label_values(<selector>, <label>), read series too.
  const variableQueries = variables.filter(({ type }) => type === 'query').map(({ name, query }) => {
    const [, selector, label] = /^label_values\((.+),\s*(\w+)\)$/.exec(query)!;
    return { variable: name, selector: selector!, label: label! };
  });

  /** `expr` as Grafana sends it to Prometheus: intervals and the dashboard's variables filled in. */
  function interpolated(expr: string): string {
    return expr.replaceAll(INTERVALS, '5m').replaceAll(VARIABLE, (_, name: string) => {
      expect(variables.map((variable) => variable.name), `$${name} in ${expr}`).toContain(name);
      return '.*';
    });
  }

  it('reads from a Prometheus data source chosen on import, through a variable', () => {
    expect(variables).toContainEqual(expect.objectContaining({ type: 'datasource', name: 'datasource', query: 'prometheus' }));
    for (const panel of allPanels(dashboard.panels).filter(({ type }) => type !== 'row')) {
      expect(panel.datasource, panel.title).toEqual(PROMETHEUS);
      expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
      for (const target of panel.targets!) expect(target.datasource, panel.title).toEqual(PROMETHEUS);
    }
    for (const variable of variables.filter(({ type }) => type === 'query')) expect(variable.datasource, variable.name).toEqual(PROMETHEUS);
  });

  it('queries only series the gateway exports, by labels they carry', () => {
    const expressions = [
      ...queried.map(({ panel, expr }) => ({ where: panel, expr })),
      ...variableQueries.map(({ variable, selector }) => ({ where: `$${variable}`, expr: selector })),
    ];
    for (const { where, expr } of expressions) {
      const { selectors, grouping } = parsePromQL(interpolated(expr));
      expect(selectors.length, `${where}: ${expr}`).toBeGreaterThan(0);
      const labels = new Set(TARGET_LABELS);
      for (const { metric, labels: matched } of selectors) {
        expect(metric, `${where}: ${expr}`).not.toBeNull();
        expect(series.has(metric!), `${where}: ${metric} is not exported`).toBe(true);
        const carried = [...TARGET_LABELS, ...series.get(metric!)!.labels];
        for (const label of matched) expect(carried, `${where}: ${metric}{${label}}`).toContain(label);
        for (const label of carried) labels.add(label);
      }
      for (const label of grouping) expect([...labels], `${where}: by/on (${label}) in ${expr}`).toContain(label);
    }
    for (const { variable, selector, label } of variableQueries) {
      const [{ metric }] = parsePromQL(interpolated(selector)).selectors as [Selector];
      expect([...TARGET_LABELS, ...series.get(metric!)!.labels], `$${variable}`).toContain(label);
    }
  });

  it("shows every metric the gateway makes itself, and the processes' memory", () => {
    // A metric is shown when any of its series is read: a histogram's _bucket, _sum or _count.
    const shown = new Set(queried.flatMap(({ expr }) => parsePromQL(interpolated(expr)).selectors.map(({ metric }) => series.get(metric!)!.metric)));
    // Node's process metrics come with prom-client's defaults, under the same prefix.
    const own = new Set([...series.values()].map(({ metric }) => metric).filter((metric) => !/^ndg_(process|nodejs)_/.test(metric)));
    expect([...own].filter((metric) => !shown.has(metric))).toEqual([]);
    expect(shown).toContain('ndg_process_resident_memory_bytes');
  });
});
