import { envelop, useEngine, useSchema, type Plugin } from '@envelop/core';
import { buildSchema, execute, parse, specifiedRules, subscribe, validate, type ExecutionResult } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { RequestContext } from '../../src/context.js';
import { inOneStep } from '../../src/plugins/oneStep.js';

const schema = buildSchema('type Query { greeting: String }');
const root = { greeting: () => 'hello' };

// Runs `{ greeting }` through envelop with the stages in one step, noting what each stage saw.
async function run(stages: Array<Plugin<RequestContext>>): Promise<ExecutionResult> {
  const { execute: run } = envelop({ plugins: [useEngine({ parse, validate, specifiedRules, execute, subscribe }), useSchema(schema), inOneStep(stages)] })();
  return (await run({ schema, document: parse('{ greeting }'), rootValue: root, contextValue: {} })) as ExecutionResult;
}

describe('stages run in one step', () => {
  it('runs the answers through every stage in order, waiting for one that is asynchronous', async () => {
    const seen: string[] = [];
    const stage = (name: string, asynchronous = false): Plugin<RequestContext> => ({
      onExecute: () => ({
        onExecuteDone: ({ result, setResult }) => {
          const answer = result as ExecutionResult;
          seen.push(`${name} saw ${String(answer.data?.greeting)}`);
          const next = () => setResult({ data: { greeting: `${String(answer.data?.greeting)} ${name}` } });
          return asynchronous ? new Promise<void>((resolve) => setImmediate(() => resolve(next()))) : next();
        },
      }),
    });
    expect(await run([stage('a'), stage('b', true), stage('c')])).toEqual({ data: { greeting: 'hello a b c' } });
    expect(seen).toEqual(['a saw hello', 'b saw hello a', 'c saw hello a b']);
  });

  it('stops at a stage that answers in place of the execution: the stages after it do not run, those before it see the answer', async () => {
    const seen: string[] = [];
    const refusal = { errors: [{ message: 'refused' }] } as unknown as ExecutionResult;
    const result = await run([
      { onExecute: () => ({ onExecuteDone: ({ result: answer }) => void seen.push(`first saw ${JSON.stringify(answer)}`) }) },
      { onExecute: ({ setResultAndStopExecution }) => setResultAndStopExecution(refusal) },
      { onExecute: () => void seen.push('after the refusal') },
    ]);
    expect(result).toBe(refusal);
    expect(seen).toEqual([`first saw ${JSON.stringify(refusal)}`]);
  });

  it('keeps the stages\' other hooks', async () => {
    let validated = 0;
    const { validate: check } = envelop({
      plugins: [useEngine({ parse, validate, specifiedRules, execute, subscribe }), useSchema(schema), inOneStep([{ onValidate: () => void (validated += 1) }])],
    })();
    check(schema, parse('{ greeting }'));
    expect(validated).toBe(1);
  });
});
