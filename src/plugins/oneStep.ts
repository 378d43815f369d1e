import type { OnExecuteDoneEventPayload, OnExecuteDoneHook, OnExecuteEventPayload, OnExecuteHook, OnExecuteHookResult, Plugin } from '@envelop/core';
import type { RequestContext } from '../context.js';

/**
 * The plugins as one step of envelop's: their `onExecute` hooks run in their order within one, and the
 * `onExecuteDone` hooks they return within one, each given the answer the one before set, as envelop
 * runs them; a plugin that stops the execution stops the `onExecute` hooks after it. Their other hooks
 * stay as they are. Envelop wraps every hook of every plugin in promise look-alikes, a request's largest
 * share of garbage: the gateway's stages cost it one hook each way instead of one a plugin.
 */
export function inOneStep(plugins: ReadonlyArray<Plugin<RequestContext>>): Plugin<RequestContext> {
  const onExecutes = plugins.flatMap((plugin) => (plugin.onExecute ? [plugin.onExecute] : []));
  return {
    onPluginInit({ addPlugin }) {
      for (const { onExecute: _onExecute, ...otherHooks } of plugins) {
        if (Object.keys(otherHooks).length > 0) addPlugin(otherHooks);
      }
    },
    onExecute(payload) {
      let stopped = false;
      const stagePayload: OnExecuteEventPayload<RequestContext> = {
        ...payload,
        setResultAndStopExecution(result) {
          stopped = true;
          payload.setResultAndStopExecution(result);
        },
      };
      const dones: Array<OnExecuteDoneHook<RequestContext>> = [];
      const hooksOf = (returned: void | OnExecuteHookResult<RequestContext>) => {
        if (returned?.onExecuteDone) dones.push(returned.onExecuteDone);
      };
      const result = (): OnExecuteHookResult<RequestContext> | undefined =>
        dones.length === 0 ? undefined : { onExecuteDone: (donePayload) => runDones(dones, donePayload) };
      // Waits only for a hook that returns a promise.
      const from = (first: number): ReturnType<OnExecuteHook<RequestContext>> => {
        for (let index = first; index < onExecutes.length && !stopped; index++) {
          const returned = onExecutes[index]!(stagePayload);
          if (returned instanceof Promise) return returned.then((hooks) => (hooksOf(hooks), from(index + 1)));
          hooksOf(returned);
        }
        return result();
      };
      return from(0);
    },
  };
}

// The hooks one after the other, each on the answer the one before set; waits only for a hook that
// returns a promise. An answer set is handed on at once: what it replaces is not held while a hook
// waits (the audit trail's, for its record's commit).
function runDones(dones: ReadonlyArray<OnExecuteDoneHook<RequestContext>>, { setResult, ...payload }: OnExecuteDoneEventPayload<RequestContext>): void | Promise<void> {
  const stagePayload: OnExecuteDoneEventPayload<RequestContext> = {
    ...payload,
    setResult: (next) => {
      stagePayload.result = next;
      setResult(next);
    },
  };
  const from = (first: number): void | Promise<void> => {
    for (let index = first; index < dones.length; index++) {
      const done = dones[index]!(stagePayload);
      if (done instanceof Promise) return done.then(() => from(index + 1));
    }
  };
  return from(0);
}
