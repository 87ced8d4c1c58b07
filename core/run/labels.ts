/** How renderers name tasks, events and durations, so every renderer says it the same way. */
import type { TaskOutcome } from './results.js';
import type { TaskEndEvent, TaskRef } from './reporter.js';

export function endEventFor(outcome: TaskOutcome): TaskEndEvent {
  switch (outcome.status) {
    case 'success':
      return 'task:success';
    case 'skipped':
      return 'task:skip';
    case 'failed':
      return 'task:fail';
    case 'cancelled':
      return 'task:cancel';
  }
}

/** `pull · h1`, or just `build` for a local task. */
export function taskLabel(task: TaskRef): string {
  return task.host ? `${task.title} · ${task.host}` : task.title;
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)}s`;
}
