import { BENCH_HEADERS } from './consumer.js';
import type { Scenario } from './scenarios.js';

interface GraphQLAnswer {
  data?: unknown;
  errors?: Array<{ message?: string; extensions?: { code?: unknown } }>;
}

/**
 * Sends one request of `scenario` and throws unless the answer is a 200 without errors whose data
 * looks right; `request` names it in the message. Returns the answer's bytes.
 */
export async function probe(url: string, body: string, scenario: Scenario, label: string, request = 'the first request'): Promise<Buffer> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...BENCH_HEADERS }, body });
  const bytes = Buffer.from(await response.arrayBuffer());
  const failure = (what: string) => new Error(`${label}, scenario (${scenario.id}): ${request} ${what}`);
  let answer: GraphQLAnswer;
  try {
    answer = JSON.parse(bytes.toString('utf8')) as GraphQLAnswer;
  } catch {
    throw failure(`got HTTP ${response.status} with a body that is not JSON`);
  }
  if (answer.errors?.length) {
    const errors = answer.errors.map((error) => `${String(error.extensions?.code ?? 'no code')}: ${error.message ?? ''}`);
    throw failure(`got HTTP ${response.status} with errors: ${errors.join('; ')}`);
  }
  if (response.status !== 200) throw failure(`got HTTP ${response.status}`);
  const problem = scenario.problemWith(answer.data);
  if (problem) throw failure(`got a wrong answer: ${problem}`);
  return bytes;
}
